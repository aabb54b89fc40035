package syslab.posix;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Turns HotSpot's JIT compiler off in a forked child. A child runs Java in the one thread fork
 * kept; when a method there gets hot, the interpreter (or C1 code) asks for a compilation:
 * it queues a task and wakes the compiler threads with pthread_cond_broadcast on a condition
 * variable whose waiters (the compiler threads, idle at the moment of fork) do not exist in the
 * child. glibc's broadcast waits for those waiters forever. Seen in a child stuck in
 * CompileBroker::compile_method_base -> __condvar_quiesce_and_switch_g1.
 *
 * <p>HotSpot checks its {@code UseCompiler} flag before queueing anything, so the child clears
 * that flag in its own copy of the JVM's memory and goes on interpreting. The flag's address comes
 * from the tables HotSpot exports for the serviceability agent ({@code gHotSpotVMStructs}, the
 * stable way debuggers find the JVM's data), read once in the parent.
 */
public final class JitSwitch {
    private JitSwitch() { }

    /** The address of HotSpot's {@code bool UseCompiler}, or null on a JVM without the tables. */
    public static final Pointer USE_COMPILER = find("UseCompiler");
    private static final Memory FALSE = new Memory(1);

    static {
        FALSE.setByte(0, (byte) 0);
    }

    /** Whether the flag was found; call it in the parent, where the class may still load. */
    public static boolean available() {
        return USE_COMPILER != null;
    }

    /** In a forked child: no more compilations in this process. Native calls only. */
    public static void offInChild() {
        if (USE_COMPILER != null) LibC.memcpy(USE_COMPILER, FALSE, 1);
    }

    /** HotSpot's JVMFlag table: {@code JVMFlag::flags} and the offsets of {@code _addr} and {@code _name}. */
    private static Pointer find(String flag) {
        try {
            NativeLibrary jvm = NativeLibrary.getInstance(System.getProperty("java.home") + "/lib/server/libjvm.so");
            long stride = exported(jvm, "gHotSpotVMStructEntryArrayStride");
            long typeName = exported(jvm, "gHotSpotVMStructEntryTypeNameOffset");
            long fieldName = exported(jvm, "gHotSpotVMStructEntryFieldNameOffset");
            long offset = exported(jvm, "gHotSpotVMStructEntryOffsetOffset");
            long address = exported(jvm, "gHotSpotVMStructEntryAddressOffset");
            Pointer flags = null, count = null;
            long addrField = -1, nameField = -1;
            for (Pointer e = jvm.getGlobalVariableAddress("gHotSpotVMStructs").getPointer(0); e.getPointer(typeName) != null;
                 e = e.share(stride)) {
                if (!e.getPointer(typeName).getString(0).equals("JVMFlag")) continue;
                switch (e.getPointer(fieldName).getString(0)) {
                    case "flags" -> flags = e.getPointer(address).getPointer(0);
                    case "numFlags" -> count = e.getPointer(address);
                    case "_addr" -> addrField = e.getLong(offset);
                    case "_name" -> nameField = e.getLong(offset);
                    default -> { }
                }
            }
            long size = typeSize(jvm, "JVMFlag");
            if (flags == null || count == null || addrField < 0 || nameField < 0 || size <= 0) return null;
            for (long i = 0, n = count.getLong(0); i < n; i++) {
                Pointer name = flags.getPointer(i * size + nameField);
                if (name != null && name.getString(0).equals(flag)) return flags.getPointer(i * size + addrField);
            }
            return null;
        } catch (UnsatisfiedLinkError | RuntimeException notHotSpot) {
            return null;
        }
    }

    private static long typeSize(NativeLibrary jvm, String type) {
        long stride = exported(jvm, "gHotSpotVMTypeEntryArrayStride");
        long typeName = exported(jvm, "gHotSpotVMTypeEntryTypeNameOffset");
        long size = exported(jvm, "gHotSpotVMTypeEntrySizeOffset");
        for (Pointer t = jvm.getGlobalVariableAddress("gHotSpotVMTypes").getPointer(0); t.getPointer(typeName) != null;
             t = t.share(stride)) {
            if (t.getPointer(typeName).getString(0).equals(type)) return t.getLong(size);
        }
        return -1;
    }

    private static long exported(NativeLibrary jvm, String name) {
        return jvm.getGlobalVariableAddress(name).getLong(0);
    }
}
