package syslab.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/**
 * Formats exceptions thrown by cells like Java's own stack traces, without the frames of the
 * kernel and JShell below the user's code, and with snippet lines shown as cell lines.
 */
final class Tracebacks {

    /** Where a snippet came from: the cell's label (such as "In[3]") and the cell line it starts on. */
    record Origin(String cellLabel, int firstLine) {}

    private Tracebacks() {
    }

    /**
     * From JShell's translation of the exception: frames are already cut below the last snippet
     * frame, snippet classes are named as the user wrote them, and lines are snippet lines
     * (file name "#id"), which {@code origins} maps back to cells.
     */
    static List<String> fromJShell(JShellException exception, Function<String, Origin> origins) {
        List<String> lines = new ArrayList<>();
        String prefix = "";
        for (Throwable t = exception; t != null; t = t.getCause()) {
            lines.add(prefix + header(t));
            for (StackTraceElement frame : t.getStackTrace()) {
                lines.add("\tat " + frame(frame, origins));
            }
            prefix = "Caused by: ";
        }
        return lines;
    }

    /** For kernel code run on the execution thread: the frames below {@code boundary}'s are cut. */
    static List<String> fromThrowable(Throwable exception, Class<?> boundary) {
        List<String> lines = new ArrayList<>();
        String prefix = "";
        for (Throwable t = exception; t != null; t = t.getCause()) {
            lines.add(prefix + t);
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().equals(boundary.getName())) {
                    break;
                }
                lines.add("\tat " + frame);
            }
            prefix = "Caused by: ";
        }
        return lines;
    }

    private static String header(Throwable t) {
        // JShell keeps the user's class name and message as data: no user toString() runs here
        String name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    private static String frame(StackTraceElement frame, Function<String, Origin> origins) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        String name = frame.getClassName().isEmpty()
                ? frame.getMethodName()
                : frame.getClassName() + "." + frame.getMethodName();
        Origin origin = origins.apply(file.substring(1));
        String where = origin == null
                ? file + ":" + frame.getLineNumber()
                : origin.cellLabel() + ":" + (origin.firstLine() + frame.getLineNumber() - 1);
        return name + "(" + where + ")";
    }
}
