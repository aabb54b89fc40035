package syslab.kernel.session;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import syslab.display.Display;
import syslab.kernel.eval.Completion;
import syslab.kernel.eval.EvalException;
import syslab.kernel.eval.EvalResult;
import syslab.kernel.eval.ForkCalls;
import syslab.kernel.eval.Inspection;
import syslab.kernel.eval.IsComplete;
import syslab.kernel.eval.JavaEvaluator;
import syslab.kernel.eval.StuckChildWatch;
import syslab.kernel.magic.CellParser;
import syslab.kernel.magic.KernelContext;
import syslab.kernel.magic.MagicDispatcher;
import syslab.magic.MagicException;
import syslab.magic.SetNextInput;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs cells: splits them into Java and magics, evaluates Java with JShell, runs magics, and
 * turns every ending into an {@link Outcome}. Knows nothing of the wire protocol: it is all the
 * protocol adapter sees of the kernel (cells, help, completion, inspection, rendering).
 */
public final class Session implements KernelContext {
    private final JavaEvaluator java;
    private final MagicDispatcher magics;
    private final Display display;
    private final Renderer renderer;
    private final Interrupter interrupter;
    private volatile boolean interrupted;
    private int startupFailuresShown; // shell thread only

    public Session(JavaEvaluator java, MagicDispatcher magics, Display display, Renderer renderer,
                   Interrupter interrupter) {
        this.java = java;
        this.magics = magics;
        this.display = display;
        this.renderer = renderer;
        this.interrupter = interrupter;
    }


    /**
     * Marks the start of an execute request, before the notebook hears of it (execute_input): an
     * interrupt from then on belongs to this cell, even one that arrives before its code starts.
     */
    public void begin() {
        interrupted = false;
        interrupter.enter(Thread.currentThread());
    }

    /** The request is over: no interrupt may reach its thread any more. */
    public void end() {
        interrupter.leave();
    }

    /** Runs a cell, between {@link #begin()} and {@link #end()}; {@code name?} opens help instead. */
    public Outcome execute(String cell) {
        showStartupFailures(); // those of the start before this cell
        try {
            return runCell(cell);
        } finally {
            showStartupFailures(); // those of a start this cell waited for
        }
    }

    /**
     * A startup snippet that failed (an import of a library not found) shows in the next cell's
     * stderr, once: the kernel's log is rarely where a notebook's user looks.
     */
    private void showStartupFailures() {
        List<String> failures = java.startupFailures();
        for (; startupFailuresShown < failures.size(); startupFailuresShown++) {
            System.err.println("syslab: " + failures.get(startupFailuresShown));
        }
    }

    private Outcome runCell(String cell) {
        if (Help.isHelpRequest(cell)) return Help.page(java, cell);
        if (interrupted) return Errors.interrupted();
        List<CellParser.Part> parts = CellParser.parse(cell, code -> java.isComplete(code).status() == IsComplete.Status.COMPLETE);
        Outcome last = new Outcome.Ok(null, false, null);
        for (CellParser.Part part : parts) {
            last = run(part, cell);
            if (last instanceof Outcome.Failed) return last;
            if (interrupted) return Errors.interrupted();
            Object value = ((Outcome.Ok) last).value();
            if (value != null && part != parts.get(parts.size() - 1) && !(part instanceof CellParser.Java)) {
                display.show(value); // a magic's result in the middle of a cell
            }
        }
        return last;
    }

    private Outcome run(CellParser.Part part, String cell) {
        try {
            if (part instanceof CellParser.Java j) {
                Outcome outcome = javaOutcome(evalJava(j.code()), cell, j.offset());
                // As in IPython, a trailing semicolon keeps a final expression's value from showing.
                return j.code().stripTrailing().endsWith(";") && outcome instanceof Outcome.Ok
                        ? new Outcome.Ok(null, false, null) : outcome;
            }
            // On the evaluator's thread, so that an interrupt stops the user code a magic runs.
            EvalResult result = java.run(() -> part instanceof CellParser.LineMagic m
                    ? magics.run(m.name(), m.args(), null, this)
                    : magics.run(((CellParser.CellMagic) part).name(), ((CellParser.CellMagic) part).args(),
                            ((CellParser.CellMagic) part).body(), this));
            if (result instanceof EvalResult.Thrown t && t.exception() instanceof Exception e) throw e;
            if (interrupted || result instanceof EvalResult.Interrupted) return Errors.interrupted();
            if (result instanceof EvalResult.Thrown t) return Errors.thrown(t.exception(), t.traceback());
            Object value = result instanceof EvalResult.Value v ? v.value() : null;
            if (value instanceof SetNextInput next) return new Outcome.Ok(null, false, next.text());
            if (value instanceof List<?> values) { // a magic's table and chart, shown one after another
                values.forEach(display::show);
                return new Outcome.Ok(null, false, null);
            }
            return new Outcome.Ok(value, value != null, null);
        } catch (CellFailure e) {
            return e.failed;
        } catch (MagicException e) {
            // an experiment that saw the interrupt before the evaluator's stop did ends as one too
            return interrupted ? Errors.interrupted() : Errors.magic(e);
        } catch (EvalException e) { // the Java given to a magic such as %%fork did not compile
            if (part instanceof CellParser.LineMagic m) return javaOutcome(e.result(), m.args(), 0);
            return javaOutcome(e.result(), cell, cell.length() - ((CellParser.CellMagic) part).body().length());
        } catch (Exception e) {
            return interrupted ? Errors.interrupted() : Errors.thrown(e, List.of());
        }
    }

    /**
     * JShell runs a cell snippet by snippet, compiling each as it goes; a child forked in one
     * snippet has no compiler thread to run the next. So a cell that calls fork() runs as one
     * block, compiled before it starts, and both processes run it to its end, as a C main() does.
     * Its variables are then local to the cell. Code that cannot be a block (declarations of
     * methods or classes), or that forks only inside a lambda, runs as usual ({@link ForkCalls}
     * reads the code: comments and strings do not count). A child stuck inside its copy of the JVM
     * is killed and reported ({@link StuckChildWatch}).
     */
    private EvalResult evalJava(String code) {
        return evalJava(code, java::eval);
    }

    private static EvalResult evalJava(String code, Function<String, EvalResult> eval) {
        if (ForkCalls.outsideLambdas(code)) {
            EvalResult block;
            try (StuckChildWatch watch = StuckChildWatch.start()) {
                block = eval.apply("{" + code + "\n}");
            }
            if (!(block instanceof EvalResult.CompileError)) return block;
        }
        return eval.apply(code);
    }

    private Outcome javaOutcome(EvalResult result, String cell, int offset) {
        if (result instanceof EvalResult.Value v) return new Outcome.Ok(v.value(), true, null);
        if (result instanceof EvalResult.NoValue) return new Outcome.Ok(null, false, null);
        if (result instanceof EvalResult.CompileError c) return Errors.compile(c, cell, offset);
        if (result instanceof EvalResult.Thrown t) return Errors.thrown(t.exception(), t.traceback());
        return Errors.interrupted();
    }

    /** Whether a cell can run as it is: a magic cell always can; Java asks JShell. */
    public IsComplete isComplete(String cell) {
        List<CellParser.Part> parts = CellParser.parse(cell, code -> true);
        if (parts.isEmpty() || !(parts.get(parts.size() - 1) instanceof CellParser.Java last)) {
            return new IsComplete(IsComplete.Status.COMPLETE, "");
        }
        return java.isComplete(last.code());
    }

    /** Completions at {@code cursor}; none while a cell has been running for a while. */
    public Completion complete(String code, int cursor) {
        return java.complete(code, cursor);
    }

    /** Signatures and javadoc of what is at {@code cursor}, or null if nothing is known there. */
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return java.inspect(code, cursor, detailLevel);
    }

    /** An execute request's user expression, evaluated after its cell: its value, or why there is none. */
    public Outcome userExpression(String expression) {
        EvalResult result = java.eval(expression);
        if (result instanceof EvalResult.Value v) return new Outcome.Ok(v.value(), true, null);
        return new Outcome.Failed("EvaluationError", "not an expression with a value: " + expression, List.of());
    }

    /** A cell's value as MIME data, as the display shows values. */
    public DisplayData render(Object value) {
        return renderer.render(value);
    }

    /** Called from the control channel: stops the running cell, Java or magic. */
    public void interrupt() {
        interrupted = true;
        interrupter.interrupt(java::interrupt);
    }

    // KernelContext

    @Override
    public MagicDispatcher magics() { return magics; }

    @Override
    public void addToClasspath(String path) {
        java.addToClasspath(path);
    }

    @Override
    public Display display() { return display; }

    @Override
    public Runnable compile(String javaCode) throws Exception {
        return java.compile(javaCode);
    }

    @Override
    public void stoppable(Runnable code) {
        java.runStoppable(code);
    }

    @Override
    public Object run(String javaCode) {
        return runWith(javaCode, java::eval);
    }

    /** See {@link JavaEvaluator#evalLocked} for what is set aside. */
    @Override
    public Object runLocked(String javaCode, Consumer<String> setAside) {
        return runWith(javaCode, code -> java.evalLocked(code, setAside));
    }

    // A cell's code run for a magic: its value, or its failure thrown to become the cell's error.
    private Object runWith(String javaCode, Function<String, EvalResult> eval) {
        Outcome outcome = javaOutcome(evalJava(javaCode, eval), javaCode, 0);
        if (outcome instanceof Outcome.Failed failed) throw new CellFailure(failed);
        return ((Outcome.Ok) outcome).value();
    }

    /** Carries a failed cell run by a magic out through the magic, to be shown as the cell's error. */
    private static final class CellFailure extends RuntimeException {
        final Outcome.Failed failed;

        CellFailure(Outcome.Failed failed) {
            super(failed.evalue(), null, false, false);
            this.failed = failed;
        }
    }

    @Override
    public boolean interrupted() { return interrupted; }
}
