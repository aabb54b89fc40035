package syslab.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import jdk.jshell.spi.SPIResolutionException;
import syslab.kernel.log.Timing;

/**
 * Runs JShell's snippets in this JVM, on the {@link UserCodeRunner} thread, and keeps what the last
 * one produced as real objects (its value or its exception); JShell itself only gets strings.
 *
 * <p>Classes load through JShell's default loader delegate, whose parent is the application class
 * loader, so cells share classes (Tablesaw, JNA, {@code syslab.*}) with the kernel.
 */
final class SessionExecutionControl extends DirectExecutionControl {

    private final UserCodeRunner runner;
    private final BooleanSupplier cancelled;
    // Written and read by the thread calling JShell.eval (it waits for the runner in between).
    private UserCodeRunner.Ending last;

    /** {@code cancelled}: the cell was interrupted (maybe while compiling), so run nothing more. */
    SessionExecutionControl(UserCodeRunner runner, BooleanSupplier cancelled) {
        this.runner = runner;
        this.cancelled = cancelled;
    }

    /** The outcome of the snippet code run since the last call, or null if none ran. */
    UserCodeRunner.Ending takeEnding() {
        UserCodeRunner.Ending outcome = last;
        last = null;
        return outcome;
    }

    /** Cells' classes load with their exit calls pointed at {@link ExitTrap}. */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        Timing.mark("jshell.load");
        ClassBytecodes[] rewritten = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            rewritten[i] = new ClassBytecodes(classes[i].name(), ExitCallRewriter.rewrite(classes[i].bytecodes()));
        }
        super.load(rewritten);
        for (ClassBytecodes loaded : rewritten) {
            try {
                ClassRefs.resolve(loaded.bytecodes(), findClass(loaded.name()).getClassLoader());
            } catch (ClassNotFoundException notLoaded) {
                // JShell reports it where the snippet runs
            }
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Timing.mark("jshell.invoke");
        ExitTrap.preload(doit.getDeclaringClass().getClassLoader());
        UserCodeRunner.Ending outcome = cancelled.getAsBoolean()
                ? new UserCodeRunner.Ending.Stopped()
                : runner.run(() -> doit.invoke(null), doit.getDeclaringClass().getClassLoader());
        last = outcome;
        Timing.mark("jshell.invoked");
        if (outcome instanceof UserCodeRunner.Ending.Threw threw) {
            if (threw.exception() instanceof SPIResolutionException unresolved) {
                throw unresolved; // JShell turns it into an UnresolvedReferenceException
            }
            throw new InvocationTargetException(threw.exception());
        }
        if (outcome instanceof UserCodeRunner.Ending.Stopped) {
            throw new StoppedException();
        }
        // JShell's display string is never shown: skip running the value's toString() here.
        return "";
    }

    ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "syslab";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return SessionExecutionControl.this;
            }
        };
    }
}
