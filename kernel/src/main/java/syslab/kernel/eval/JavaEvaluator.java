package syslab.kernel.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import syslab.kernel.log.Log;
import syslab.kernel.log.Timing;

/**
 * Evaluates Java cells with JShell, running them in this JVM on one long-lived execution thread,
 * so values are real objects and native calls run in the kernel process.
 *
 * <p>Construction is cheap; JShell (slow to start) is built by {@link #warmUp()}, which the kernel
 * calls on a background thread at start, or by the first call that needs it. Calls that use JShell
 * wait for each other; {@link #interrupt()} never waits for them.
 */
public final class JavaEvaluator implements AutoCloseable {

    private static final String DEFAULT_LABEL = "cell";
    private static final long ANALYSIS_WAIT_MILLIS = 2000;
    // The kinds of final snippet whose value a cell shows (not declarations, not assignments).
    private static final Set<Snippet.SubKind> VALUE_KINDS = Set.of(
            Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND,
            Snippet.SubKind.VAR_VALUE_SUBKIND,
            Snippet.SubKind.OTHER_EXPRESSION_SUBKIND);

    private final List<String> startupSnippets;
    private final List<String> startupFailures = new CopyOnWriteArrayList<>();
    private final List<String> compilerOptions;
    private final UserCodeRunner runner = new UserCodeRunner("syslab-exec");
    private final SessionExecutionControl control = new SessionExecutionControl(runner, this::cancelled);
    private final ReentrantLock lock = new ReentrantLock(); // JShell is not thread-safe
    private final Map<String, Tracebacks.Origin> origins = new HashMap<>(); // snippet id -> cell; guarded by lock
    private JShell shell; // guarded by lock
    private boolean startingUp; // guarded by lock
    // Snippets of the kernel's startup and of locked cells, and the names locked cells use: guarded by lock
    // By identity: JShell gives a redefinition (a student's check()) the id of the snippet it replaces.
    private final Set<Snippet> trusted = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<String> lockedUses = new HashSet<>();
    private boolean trusting; // guarded by lock: the snippets being evaluated are trusted
    // While run(Callable) holds the lock and waits for its task on the execution thread, that
    // thread uses JShell in the holder's stead (a magic evaluating code) without taking the lock.
    private String firstExpression = "0"; // what shell() evaluates after the startup snippets
    private volatile boolean lent;
    private boolean lentBusy; // execution thread only: JShell is in use on the lent path

    /**
     * @param startupSnippets code evaluated once when JShell starts (imports, helpers)
     * @param compilerOptions javac options for every cell; the class path is already the kernel's
     */
    public JavaEvaluator(List<String> startupSnippets, List<String> compilerOptions) {
        this.startupSnippets = List.copyOf(startupSnippets);
        this.compilerOptions = List.copyOf(compilerOptions);
    }

    /** Builds JShell, runs the startup snippets and a trivial expression so the first cell is fast. */
    public void warmUp() {
        warmUp("0");
    }

    /**
     * Builds JShell, runs the startup snippets, then {@code firstExpression}, an expression with a
     * value: its compile, load, run and drop are what a first cell then finds warm. Neither can be
     * interrupted. No-op once JShell is built.
     */
    public void warmUp(String firstExpression) {
        lock.lock();
        try {
            this.firstExpression = firstExpression;
            shell();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes once, which loads what completion needs (170 ms here). Not part of {@link #warmUp()}:
     * a first cell should not wait for it; the class archive made at install time runs it.
     */
    public void warmUpCompletion() {
        withShell(() -> SourceHelp.complete(shell(), "Str", 3));
    }

    /** Evaluates a cell; frames in tracebacks name it "cell". */
    public EvalResult eval(String code) {
        return eval(code, DEFAULT_LABEL);
    }

    /**
     * Evaluates the snippets of a cell in order, stopping at the first that fails, and returns
     * the value of the last one if it is an expression. Declarations stay for later cells.
     *
     * @param cellLabel how tracebacks name this cell, e.g. "In[3]" gives frames like "f(In[3]:2)"
     */
    public EvalResult eval(String code, String cellLabel) {
        return withShell(() -> evalCell(code, cellLabel));
    }

    /**
     * Evaluates instructor code that student cells must not be able to change (a grader's setup and
     * test cells): first sets aside (drops) every untrusted snippet that would shadow a name this
     * code, or earlier locked code, uses with a trusted meaning (see {@link Shadows}), telling
     * {@code setAside} what each was; then evaluates the cell, whose snippets are trusted from then on.
     */
    public EvalResult evalLocked(String code, Consumer<String> setAside) {
        return withShell(() -> {
            JShell sh = shell();
            lockedUses.addAll(UsedNames.of(code));
            for (Snippet shadow : new Shadows(sh, trusted, JavaEvaluator.class.getClassLoader()).of(lockedUses)) {
                setAside.accept(Shadows.describe(shadow));
                ReplClasses.drop(sh, shadow);
            }
            trusting = true;
            try {
                return evalCell(code, DEFAULT_LABEL);
            } finally {
                trusting = false;
            }
        });
    }

    /**
     * Compiles statements into a body that runs them when called, without running them now. Running
     * it needs neither the compiler nor another thread (a forked child can run it); it throws what
     * the statements throw. Session variables it assigns are the session's own.
     *
     * @throws EvalException with a {@link EvalResult.CompileError} in the coordinates of {@code code}
     */
    public Runnable compile(String code) throws EvalException {
        CellBody body = withShell(() -> LambdaCell.compile(shell(), control, code));
        return () -> runner.runStoppable(body); // made here: a forked child must not spin a class
    }

    /**
     * Runs kernel code (a magic) on the execution thread, where the user code it runs (what it
     * compiles or evaluates here, {@link #runStoppable}) is stopped by {@link #interrupt()} as a
     * cell is; the task itself is only woken (Thread.interrupt, the native wakeup) and must poll.
     * A null return is {@link EvalResult.NoValue}.
     */
    public EvalResult run(Callable<?> task) {
        UserCodeRunner.Ending outcome;
        if (Thread.currentThread() == runner.thread()) {
            outcome = runner.runKernel(task);
        } else {
            runner.clearCancel();
            lock.lock();
            try {
                shell(); // built here, not by the task: JShell's startup must not be in a magic's way
                lent = true;
                outcome = runner.runKernel(task);
            } finally {
                lent = false;
                lock.unlock();
            }
        }
        if (outcome instanceof UserCodeRunner.Ending.Returned returned) {
            return returned.value() == null ? new EvalResult.NoValue() : new EvalResult.Value(returned.value());
        }
        if (outcome instanceof UserCodeRunner.Ending.Threw threw && !runner.isCancelled()) {
            return new EvalResult.Thrown(threw.exception(),
                    Tracebacks.fromThrowable(threw.exception(), UserCodeRunner.class));
        }
        return new EvalResult.Interrupted();
    }

    /**
     * Runs user code that kernel code on the execution thread was given (a magic's loop around
     * compiled code) so that {@link #interrupt()} stops it; elsewhere it simply runs it.
     */
    public void runStoppable(Runnable code) {
        runner.runStoppable(code);
    }

    /**
     * Stops the running cell, if any, and any snippets of it not yet started. Returns true once the
     * execution thread has left the cell's code (within about a second), false if it is stuck.
     */
    public boolean interrupt() {
        return runner.interrupt();
    }

    /** The thread that runs every cell, so the kernel can send it a signal. */
    public Thread executionThread() {
        return runner.thread();
    }

    /**
     * Called with the execution thread when an interrupt must break a blocking native call (e.g. a
     * tgkill with a no-op handler so the syscall fails with EINTR); called repeatedly until the cell
     * stops or about a second has passed.
     */
    public void setNativeWakeup(Consumer<Thread> wakeup) {
        runner.setNativeWakeup(wakeup);
    }

    /** How many class files JShell holds for compiling later cells (-1 if it cannot be told). */
    int classFilesHeld() {
        return withShell(() -> ReplClasses.held(shell()));
    }

    public void addToClasspath(String path) {
        boolean locked = !lentHere();
        if (locked) lock.lock();
        try {
            shell().addToClasspath(path);
            PackageIndex.addPath(shell(), Path.of(path));
        } finally {
            if (locked) lock.unlock();
        }
    }

    /** Completions at {@code cursor}; none if a cell has been running for a while. */
    public Completion complete(String code, int cursor) {
        boolean locked = !lentHere();
        if (locked && !tryLock()) {
            return Completion.none(cursor);
        }
        try {
            return SourceHelp.complete(shell(), code, cursor);
        } finally {
            if (locked) lock.unlock();
        }
    }

    /** Signatures and javadoc of what is at {@code cursor}, or null if nothing is known there. */
    public Inspection inspect(String code, int cursor, int detailLevel) {
        boolean locked = !lentHere();
        if (locked && !tryLock()) {
            return null;
        }
        try {
            return SourceHelp.inspect(shell(), code, cursor, detailLevel);
        } finally {
            if (locked) lock.unlock();
        }
    }

    public IsComplete isComplete(String code) {
        boolean locked = !lentHere();
        if (locked && !tryLock()) {
            return IsComplete.UNKNOWN;
        }
        try {
            return SourceHelp.isComplete(shell().sourceCodeAnalysis(), code);
        } finally {
            if (locked) lock.unlock();
        }
    }

    @Override
    public void close() {
        runner.close();
        if (tryLock()) {
            try {
                if (shell != null) {
                    shell.close();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private JShell shell() {
        if (shell == null) {
            shell = JShell.builder()
                    .executionEngine(control.provider(), Map.of())
                    .compilerOptions(compilerOptions.toArray(String[]::new))
                    .build();
            PackageIndex.install(shell);
            Timing.mark("warmup.built");
            startingUp = true; // startup snippets run even if a cell waiting for them is interrupted
            try {
                for (String snippet : startupSnippets) {
                    EvalResult result = evalCell(snippet, "startup");
                    if (!(result instanceof EvalResult.NoValue || result instanceof EvalResult.Value)) {
                        // the kernel still works without it; its log and the next cell say why
                        String failure = "startup snippet failed: " + snippet + ": " + why(result);
                        startupFailures.add(failure);
                        Log.warn(failure);
                    }
                }
                Timing.mark("warmup.imports");
                // compile, load and run an expression once: javac and JShell load lazily
                EvalResult first = evalCell(firstExpression, "startup");
                if (!(first instanceof EvalResult.Value)) Log.warn("warm-up: " + firstExpression + ": " + why(first));
                Timing.mark("warmup.eval");
                shell.snippets().forEach(trusted::add); // JShell's own imports and ours
            } finally {
                startingUp = false;
            }
        }
        return shell;
    }

    /**
     * What went wrong with the startup snippets so far, in order (each says which snippet and why):
     * cells run without them, and those that need them fail.
     */
    public List<String> startupFailures() {
        return List.copyOf(startupFailures);
    }

    private static String why(EvalResult result) {
        if (result instanceof EvalResult.CompileError error) return error.message();
        if (result instanceof EvalResult.Thrown thrown) return thrown.exception().toString();
        return "interrupted";
    }

    private EvalResult evalCell(String cell, String label) {
        JShell sh = shell();
        List<Declared> declared = new ArrayList<>();
        EvalResult result = new EvalResult.NoValue();
        Timing.mark("jshell.split");
        for (CellSnippets.Piece piece : CellSnippets.split(sh.sourceCodeAnalysis(), cell)) {
            Timing.mark("jshell.eval");
            if (cancelled()) {
                return new EvalResult.Interrupted();
            }
            result = evalPiece(sh, piece, cell, label, declared);
            if (!(result instanceof EvalResult.NoValue || result instanceof EvalResult.Value)) {
                return result;
            }
        }
        // Methods and classes may use names declared later in the same cell, not later than that.
        for (Declared d : declared) {
            if (sh.status(d.snippet) == Snippet.Status.RECOVERABLE_DEFINED
                    || sh.status(d.snippet) == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                return CompileErrors.unresolved(describe(d.snippet),
                        sh.unresolvedDependencies(d.snippet).toList(), d.piece, cell);
            }
        }
        return result;
    }

    private EvalResult evalPiece(JShell sh, CellSnippets.Piece piece, String cell, String label,
                                 List<Declared> declared) {
        List<SnippetEvent> events = sh.eval(piece.source());
        Timing.mark("jshell.events");
        UserCodeRunner.Ending outcome = control.takeEnding();
        EvalResult result = new EvalResult.NoValue();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // an older snippet this one updated
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new Tracebacks.Origin(label, CellSnippets.lineOf(cell, piece.start())));
            if (trusting) trusted.add(snippet);
            if (event.status() == Snippet.Status.REJECTED) {
                EvalResult.CompileError error =
                        CompileErrors.fromDiagnostics(sh.diagnostics(snippet).toList(), piece, cell);
                return error != null ? error : CompileErrors.rejected(piece, cell, "cannot compile this snippet");
            }
            if (snippet instanceof DeclarationSnippet d && (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
                if (snippet.kind() == Snippet.Kind.VAR) { // later statements of the cell need it now
                    return CompileErrors.unresolved(describe(d), sh.unresolvedDependencies(d).toList(), piece, cell);
                }
                declared.add(new Declared(d, piece));
            }
            // whether it ran, threw or was interrupted
            if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                // Nobody here types "$12", and every live variable is imported into every later
                // snippet: keeping them made a trivial cell twice as slow after a few hundred cells.
                ReplClasses.drop(sh, snippet);
            } else if (!(snippet instanceof PersistentSnippet)) {
                ReplClasses.forget(sh, snippet); // "x", "x = 2": nothing a later cell can name
            }
            if (outcome instanceof UserCodeRunner.Ending.Stopped
                    || cancelled() && outcome instanceof UserCodeRunner.Ending.Threw) {
                return new EvalResult.Interrupted();
            }
            JShellException thrown = event.exception();
            if (thrown instanceof UnresolvedReferenceException unresolved) {
                DeclarationSnippet d = unresolved.getSnippet();
                return CompileErrors.unresolvedUse(describe(d), sh.unresolvedDependencies(d).toList(), piece, cell);
            }
            if (thrown != null) {
                Throwable real = outcome instanceof UserCodeRunner.Ending.Threw threw ? threw.exception() : thrown;
                return new EvalResult.Thrown(real, Tracebacks.fromJShell(thrown, origins::get));
            }
            result = VALUE_KINDS.contains(snippet.subKind()) && outcome instanceof UserCodeRunner.Ending.Returned r
                    ? new EvalResult.Value(r.value())
                    : new EvalResult.NoValue();
        }
        return result;
    }

    // "method f(int)", "class Foo", "variable x": how javac names what is missing or waiting.
    static String describe(DeclarationSnippet snippet) {
        if (snippet instanceof MethodSnippet method) {
            return "method " + method.name() + "(" + method.parameterTypes() + ")";
        }
        return switch (snippet.subKind()) {
            case INTERFACE_SUBKIND -> "interface " + snippet.name();
            case ENUM_SUBKIND -> "enum " + snippet.name();
            case RECORD_SUBKIND -> "record " + snippet.name();
            case ANNOTATION_TYPE_SUBKIND -> "@interface " + snippet.name();
            case CLASS_SUBKIND -> "class " + snippet.name();
            default -> "variable " + snippet.name();
        };
    }

    // Called with the lock held: the cell being evaluated was interrupted.
    private boolean cancelled() {
        return !startingUp && runner.isCancelled();
    }

    /** What may throw while it uses JShell. */
    private interface ShellWork<T, E extends Exception> {
        T get() throws E;
    }

    /**
     * Runs work that uses JShell: on the execution thread while a magic runs there, JShell is lent
     * by the caller of run(Callable), which holds the lock; anywhere else, under the lock.
     */
    private <T, E extends Exception> T withShell(ShellWork<T, E> work) throws E {
        if (lentHere()) {
            enterLent();
            try {
                return work.get();
            } finally {
                lentBusy = false;
            }
        }
        checkNotInsideEval();
        runner.clearCancel();
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    // On the execution thread, working for the lock's holder (see run(Callable)).
    private boolean lentHere() {
        return lent && Thread.currentThread() == runner.thread();
    }

    // User code run by a magic's evaluation must not reenter JShell.
    private void enterLent() {
        if (lentBusy) throw new IllegalStateException("cannot evaluate code from inside a running cell");
        lentBusy = true;
    }

    // A cell calling back into the evaluator from the execution thread would wait for itself.
    private void checkNotInsideEval() {
        if (Thread.currentThread() == runner.thread() && lock.isLocked() && !lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("cannot evaluate code from inside a running cell");
        }
    }

    private boolean tryLock() {
        try {
            return lock.tryLock(ANALYSIS_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Declared(DeclarationSnippet snippet, CellSnippets.Piece piece) {}
}
