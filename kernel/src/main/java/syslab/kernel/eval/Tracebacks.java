package syslab.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/**
 * Formats exceptions thrown by cells like Java's own stack traces, without the frames of the
 * kernel and JShell below the user's code, and with snippet lines shown as cell lines.
 */
final class Tracebacks {

    /** Where a snippet came from: the cell's label (such as "In[3]") and the cell line it starts on. */
    record Origin(String cellLabel, int firstLine) {}

    // The synthetic class JShell wraps each snippet in, as it shows in messages ("REPL.$JShell$19.o").
    private static final Pattern WRAPPER_NAME = Pattern.compile("REPL\\.\\$JShell\\$\\d+[.$]");
    // A frame repeated more than this (deep recursion) is shown this often, then counted.
    private static final int REPEATS_SHOWN = 3;

    private Tracebacks() {
    }

    /** {@code text} with JShell's wrapper class names removed, leaving the names the user wrote. */
    static String withoutWrapperNames(String text) {
        return WRAPPER_NAME.matcher(text).replaceAll("");
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
            lines.add(prefix + withoutWrapperNames(header(t)));
            List<String> frames = new ArrayList<>();
            for (StackTraceElement frame : t.getStackTrace()) {
                frames.add("\tat " + frame(frame, origins));
            }
            lines.addAll(collapseRepeats(frames));
            prefix = "Caused by: ";
        }
        return lines;
    }

    // A StackOverflowError has a thousand identical frames; a reader needs three and a count.
    private static List<String> collapseRepeats(List<String> frames) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            int run = 1;
            while (i + run < frames.size() && frames.get(i + run).equals(frames.get(i))) {
                run++;
            }
            for (int k = 0; k < Math.min(run, REPEATS_SHOWN); k++) {
                out.add(frames.get(i));
            }
            if (run > REPEATS_SHOWN) {
                out.add("\t... (the line above repeated " + (run - REPEATS_SHOWN) + " more times)");
            }
            i += run;
        }
        return out;
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
