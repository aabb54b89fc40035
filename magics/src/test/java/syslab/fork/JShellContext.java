package syslab.fork;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import syslab.display.Display;
import syslab.magic.MagicContext;

import java.io.File;

/**
 * A MagicContext for tests that compiles cell code as the kernel does, in a JShell session running
 * in this JVM, with the facade imported. The code becomes the body of a Runnable lambda.
 */
public final class JShellContext implements MagicContext, AutoCloseable {
    /** Where the compiled Runnable lands: JShell's local engine shares this JVM's classes. */
    public static volatile Runnable compiled;

    private final JShell shell = JShell.builder().executionEngine("local").build();

    JShellContext() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) shell.addToClasspath(entry);
        eval("import syslab.posix.*;");
        eval("import static syslab.posix.C.*;");
    }

    private void eval(String code) {
        for (SnippetEvent e : shell.eval(code)) {
            if (e.exception() != null) throw new IllegalStateException(code, e.exception());
            if (e.status() != Snippet.Status.VALID) {
                throw new IllegalArgumentException(code + ": " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
    }

    @Override
    public Display display() { return Display.NONE; }

    @Override
    public Runnable compile(String javaCode) {
        eval("syslab.fork.JShellContext.compiled = () -> {\n" + javaCode + "\n};");
        return compiled;
    }

    @Override
    public Object run(String javaCode) {
        compile(javaCode).run();
        return null;
    }

    @Override
    public boolean interrupted() { return false; }

    @Override
    public void close() { shell.close(); }
}
