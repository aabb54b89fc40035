package syslab.kernel.eval;

import org.objectweb.asm.ClassReader;

/**
 * Resolves, with a cell's class loader, every class a cell's class file names, before the cell
 * runs. HotSpot records a class it resolves for a loader that did not define it (java.lang.System
 * for a cell) under the JIT's Compile_lock; a child forked while a compiler thread installed code
 * held that lock for good, and hung at its first {@code System.out} (a fork in the first cell of a
 * kernel, 4 runs in 10). Resolved here, the child finds the class in its loader's dictionary
 * without the lock.
 */
final class ClassRefs {
    private static final int CONSTANT_CLASS = 7;

    private ClassRefs() { }

    static void resolve(byte[] classFile, ClassLoader loader) {
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException unreadable) {
            return;
        }
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0 || reader.readByte(offset - 1) != CONSTANT_CLASS) continue;
            String name = reader.readUTF8(offset, buffer);
            if (name.startsWith("[")) continue; // arrays: their element classes have entries of their own
            try {
                Class.forName(name.replace('/', '.'), false, loader);
            } catch (ClassNotFoundException | LinkageError missing) {
                // the cell fails on it where it uses it, as it would have
            }
        }
    }
}
