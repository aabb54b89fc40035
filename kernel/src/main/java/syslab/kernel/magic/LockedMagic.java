package syslab.kernel.magic;

import picocli.CommandLine.Command;

/**
 * Instructor code that a student's cells cannot change: a grader sends each setup and test cell
 * of a homework under this magic. A student's declaration that would shadow a name the locked
 * cells use (their check(), a class named like a type they use, an import) is set aside first.
 */
@Command(name = "locked", mixinStandardHelpOptions = true,
        description = {"Run the cell as locked (instructor) code, as a grader does for setup and test cells.",
                "Earlier declarations of unlocked cells that would shadow a name locked cells use "
                        + "(a method, variable, class or import of that name that already means something) "
                        + "are set aside first, each with a line on stderr; names only unlocked cells "
                        + "declare (a task's method, its helpers) keep their meaning."})
public final class LockedMagic extends KernelMagic {
    @Override
    public boolean line() { return false; }

    @Override
    public boolean cell() { return true; }

    @Override
    public Object call() {
        return kernel.runLocked(body, what ->
                System.err.println("%%locked: set aside the " + what + " of an unlocked cell: it shadows a name the locked cells use"));
    }
}
