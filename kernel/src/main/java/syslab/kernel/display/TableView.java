package syslab.kernel.display;

import com.google.common.html.HtmlEscapers;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table (name as caption, numbers right-aligned) and as Tablesaw's own
 * text print. Long tables show their head and tail around a "… N more rows" line, so a million-row
 * result does not become a million-row message.
 */
final class TableView {
    static final int DEFAULT_MAX_ROWS = 50;

    private TableView() { }

    static void render(Table t, RenderContext ctx) {
        int maxRows = Math.max(2, ctx.getParameterAsInt(Renderers.MAX_ROWS, DEFAULT_MAX_ROWS));
        ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> html(t, maxRows));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text(t, maxRows));
    }

    static String html(Table t, int maxRows) {
        int rows = t.rowCount();
        int head = rows <= maxRows ? rows : (maxRows + 1) / 2;
        int tail = rows <= maxRows ? 0 : maxRows / 2;

        StringBuilder b = new StringBuilder("<table class=\"syslab-table\">\n");
        if (t.name() != null && !t.name().isEmpty()) {
            b.append("<caption>").append(escape(t.name())).append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (Column<?> c : t.columns()) {
            b.append("<th style=\"text-align:").append(align(c)).append("\" title=\"").append(c.type().name())
                    .append("\">").append(escape(c.name())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < head; r++) row(b, t, r);
        if (tail > 0) {
            b.append("<tr><td colspan=\"").append(t.columnCount())
                    .append("\" style=\"text-align:center;font-style:italic\">… ")
                    .append(rows - head - tail).append(" more rows</td></tr>\n");
            for (int r = rows - tail; r < rows; r++) row(b, t, r);
        }
        return b.append("</tbody>\n</table>\n").toString();
    }

    /** Tablesaw's print, which elides the middle rows itself; the size says how much is hidden. */
    static String text(Table t, int maxRows) {
        String print = t.print(maxRows);
        return t.rowCount() <= maxRows ? print : print + "\n… " + (t.rowCount() - maxRows) + " more rows ("
                + t.rowCount() + " rows × " + t.columnCount() + " columns)";
    }

    private static void row(StringBuilder b, Table t, int r) {
        b.append("<tr>");
        for (Column<?> c : t.columns()) {
            b.append("<td style=\"text-align:").append(align(c)).append("\">")
                    .append(escape(c.getString(r))).append("</td>");
        }
        b.append("</tr>\n");
    }

    // Inline styles because Jupyter's own table CSS right-aligns every cell, text included.
    private static String align(Column<?> c) {
        return c instanceof NumericColumn ? "right" : "left";
    }

    private static String escape(String s) {
        return HtmlEscapers.htmlEscaper().escape(s);
    }
}
