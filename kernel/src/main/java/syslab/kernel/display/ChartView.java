package syslab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An XChart chart as PNG (the default) or SVG (on request), with its title as the text form. */
final class ChartView {
    private ChartView() { }

    static void render(Chart<?, ?> chart, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(chart));
        ctx.renderIfRequested(MIMEType.IMAGE_SVG, () -> svg(chart));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text(chart));
    }

    /** Base64 text, as Jupyter carries binary MIME data in JSON. */
    static String png(Chart<?, ?> chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("PNG of chart '" + chart.getTitle() + "'", e);
        }
    }

    static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("SVG of chart '" + chart.getTitle() + "'", e);
        }
        String svg = out.toString(StandardCharsets.UTF_8);
        // Drop the XML prolog and DOCTYPE: frontends that inline SVG into the page want the element only.
        return svg.substring(Math.max(0, svg.indexOf("<svg")));
    }

    static String text(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "(untitled)" : chart.getTitle();
        return chart.getClass().getSimpleName() + " " + title + " (" + chart.getWidth() + "x" + chart.getHeight()
                + ", " + chart.getSeriesMap().size() + " series)";
    }
}
