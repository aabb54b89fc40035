package syslab.fork;

import com.google.common.html.HtmlEscapers;
import syslab.display.Html;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * How forked runs are shown: the outputs side by side, one column per stdout mode, so that the
 * difference between a terminal, a pipe and a file is seen at a glance (HTML, with a text form),
 * then a table of how each process ended.
 */
public final class ForkDisplay {
    private ForkDisplay() { }

    /** An Html of the outputs and notes, then the process table. */
    public static List<Object> show(List<ForkResult> runs) {
        return List.of(outputs(runs), processes(runs));
    }

    static Html outputs(List<ForkResult> runs) {
        StringBuilder html = new StringBuilder("<table class=\"syslab-fork\"><tr>");
        StringBuilder text = new StringBuilder();
        for (ForkResult r : runs) {
            html.append("<th style=\"text-align:left\">").append(escape(title(r))).append("</th>");
        }
        html.append("</tr><tr>");
        for (ForkResult r : runs) {
            html.append("<td style=\"vertical-align:top;text-align:left\"><pre>").append(escape(r.output())).append("</pre></td>");
            if (runs.size() > 1) text.append("== ").append(title(r)).append(" ==\n");
            text.append(r.output());
            if (!r.output().isEmpty() && !r.output().endsWith("\n")) text.append('\n');
            for (String n : r.notes()) text.append("[").append(n).append("]\n");
        }
        html.append("</tr>");
        if (runs.stream().anyMatch(r -> !r.notes().isEmpty())) {
            html.append("<tr>");
            for (ForkResult r : runs) {
                html.append("<td style=\"vertical-align:top;text-align:left\">");
                for (String n : r.notes()) html.append("<p><em>").append(escape(n)).append("</em></p>");
                html.append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
        return new Html(html.toString(), text.toString());
    }

    private static String title(ForkResult r) {
        return r.mode().label() + ": " + r.mode().shell() + " (" + r.wall().toMillis() + " ms)";
    }

    /** One row per process the runner reaped: how and when it ended, and its CPU time and faults. */
    static Table processes(List<ForkResult> runs) {
        StringColumn stdout = StringColumn.create("stdout"), end = StringColumn.create("end");
        IntColumn pid = IntColumn.create("pid");
        DoubleColumn at = DoubleColumn.create("ended at ms"), user = DoubleColumn.create("user ms"),
            sys = DoubleColumn.create("sys ms");
        LongColumn minflt = LongColumn.create("minflt"), majflt = LongColumn.create("majflt");
        for (ForkResult r : runs) {
            for (ProcessEnd p : r.processes()) {
                stdout.append(r.mode().label());
                pid.append(p.pid());
                end.append(p.describe());
                at.append(millis(p.at().toNanos()));
                user.append(millis(p.usage().utime().toNanos()));
                sys.append(millis(p.usage().stime().toNanos()));
                minflt.append(p.usage().minflt());
                majflt.append(p.usage().majflt());
            }
        }
        return Table.create("processes", stdout, pid, end, at, user, sys, minflt, majflt);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    public static String escape(String s) {
        return HtmlEscapers.htmlEscaper().escape(s);
    }
}
