package syslab.kernel.eval;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Whether a cell calls {@code fork()} as it runs, read from javac's syntax tree of the cell as a
 * block (the parser JShell compiles with): a call inside a lambda forks later, elsewhere, and a
 * "fork(" or "->" in a comment or a string is no code at all.
 */
public final class ForkCalls {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private ForkCalls() { }

    /** False too for code that is no block (a method or class declaration): it cannot run as one. */
    public static boolean outsideLambdas(String code) {
        if (!code.contains("fork")) return false; // spares the parse for every other cell
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null,
                List.of(new Block(code)));
        Iterable<? extends CompilationUnitTree> units;
        try {
            units = task.parse();
        } catch (IOException e) { // the source is in memory
            return false;
        }
        if (diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) return false;
        return Boolean.TRUE.equals(new Calls().scan(units, null));
    }

    /** The cell as the body of a method, which is how JShell compiles a block. */
    private static final class Block extends SimpleJavaFileObject {
        private final String code;

        Block(String code) {
            super(URI.create("string:///Cell.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return "class Cell { void cell() {\n" + code + "\n} }";
        }
    }

    /** True where a fork() call is found outside every lambda. */
    private static final class Calls extends TreeScanner<Boolean, Void> {
        @Override
        public Boolean visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
            return false;
        }

        @Override
        public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
            return named(call.getMethodSelect(), "fork") || Boolean.TRUE.equals(super.visitMethodInvocation(call, unused));
        }

        @Override
        public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
        }

        private static boolean named(ExpressionTree method, String name) {
            return method instanceof IdentifierTree id ? id.getName().contentEquals(name)
                    : method instanceof MemberSelectTree select && select.getIdentifier().contentEquals(name);
        }
    }
}
