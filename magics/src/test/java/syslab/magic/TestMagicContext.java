package syslab.magic;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import syslab.display.Display;

/**
 * A MagicContext for JUnit: there is no JShell here, so compile() looks the code's text up among
 * Runnables the test defined beforehand ({@link #define}) and fails for anything else, as a
 * compile error would. {@link #interrupt()} makes interrupted() true, as the kernel's interrupt does.
 */
public final class TestMagicContext implements MagicContext {
    private final Map<String, Runnable> programs = new HashMap<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();

    /** Makes compile(code) return {@code program}. */
    public TestMagicContext define(String code, Runnable program) {
        programs.put(code.strip(), program);
        return this;
    }

    public void interrupt() {
        interrupted.set(true);
    }

    @Override
    public Display display() {
        return Display.NONE;
    }

    @Override
    public Runnable compile(String javaCode) {
        Runnable program = programs.get(javaCode.strip());
        if (program == null) {
            throw new IllegalArgumentException("test context cannot compile: " + javaCode);
        }
        return program;
    }

    /** Runs what compile(code) returns; the defined programs stand in for cells too. */
    @Override
    public Object run(String javaCode) {
        compile(javaCode).run();
        return null;
    }

    @Override
    public boolean interrupted() {
        return interrupted.get();
    }
}
