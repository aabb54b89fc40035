package syslab.kernel.eval;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import syslab.kernel.log.Log;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Drops a snippet and forgets its class file. JShell keeps the class file of every snippet it ever
 * compiled, dropped ones too, and javac reads the whole REPL package in each of a cell's three
 * tasks: a trivial cell took 4.3 ms after 100 cells and 8.7 ms after 1,500 (JShell alone, JDK 17),
 * 2.8 ms throughout once dropped snippets' class files went. A dropped snippet can no longer be
 * named by any later one; the classes already loaded to run it stay loaded. JShell offers no way
 * to do this, so it takes the package opened (the kernel jar's manifest says Add-Opens; the tests'
 * JVMs get --add-opens); without it a drop is only a drop.
 */
final class ReplClasses {
    private static final Field TASK_FACTORY, FILE_MANAGER, CLASS_OBJECTS;
    private static final Method CLASS_FULL_NAME;

    static {
        Field taskFactory = null, fileManager = null, classObjects = null;
        Method classFullName = null;
        try {
            taskFactory = open(JShell.class.getDeclaredField("taskFactory"));
            fileManager = open(taskFactory.getType().getDeclaredField("fileManager"));
            classObjects = open(fileManager.getType().getDeclaredField("classObjects"));
            classFullName = Snippet.class.getDeclaredMethod("classFullName");
            classFullName.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warn("dropped snippets' class files are kept (a cell slows as the session grows): " + e);
            taskFactory = null;
        }
        TASK_FACTORY = taskFactory;
        FILE_MANAGER = fileManager;
        CLASS_OBJECTS = classObjects;
        CLASS_FULL_NAME = classFullName;
    }

    private ReplClasses() {
    }

    private static Field open(Field field) {
        field.setAccessible(true);
        return field;
    }

    /** Whether a drop forgets the class file too (false without the --add-opens). */
    static boolean forgets() {
        return TASK_FACTORY != null;
    }

    /** {@link JShell#drop}, then the snippet's class file goes. */
    static void drop(JShell shell, Snippet snippet) {
        shell.drop(snippet);
        forget(shell, snippet);
    }

    /**
     * The class file of a snippet no later snippet can name goes, with its nested classes': a
     * dropped one, or one that declares nothing (an expression such as {@code x} or {@code x = 2},
     * a statement), which JShell never drops.
     */
    static void forget(JShell shell, Snippet snippet) {
        if (!forgets()) return;
        try {
            String name = (String) CLASS_FULL_NAME.invoke(snippet);
            Map<?, ?> classes = (Map<?, ?>) CLASS_OBJECTS.get(FILE_MANAGER.get(TASK_FACTORY.get(shell)));
            classes.keySet().removeIf(k -> k.equals(name) || k.toString().startsWith(name + "$"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many class files JShell holds for compiling later snippets; -1 without the --add-opens. */
    static int held(JShell shell) {
        if (!forgets()) return -1;
        try {
            return ((Map<?, ?>) CLASS_OBJECTS.get(FILE_MANAGER.get(TASK_FACTORY.get(shell)))).size();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
