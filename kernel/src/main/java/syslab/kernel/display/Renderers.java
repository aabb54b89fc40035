package syslab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import syslab.display.As;
import syslab.display.Html;
import syslab.display.Markdown;
import syslab.display.Png;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * How each value a cell or magic produces becomes Jupyter MIME data:
 * <ul>
 * <li>Tablesaw {@link Table}: text/html and text/plain, at most {@value TableView#DEFAULT_MAX_ROWS} rows
 *     (render parameter {@link #MAX_ROWS}) as head and tail;</li>
 * <li>XChart chart: image/png, or image/svg+xml when asked for with {@code renderAs}; text/plain is the title;</li>
 * <li>{@link BufferedImage} and {@link Png}: image/png;</li>
 * <li>{@link Html}: text/html and its text; {@link Markdown}: text/markdown and its source;</li>
 * <li>text asked for as other MIME types ({@code display("<b>b</b>", "text/html")}): those types, as it is;</li>
 * <li>anything else: text/plain, arrays element by element, null as "null".</li>
 * </ul>
 * Binary data (PNG) is base64 text, as Jupyter's JSON messages carry it.
 */
public final class Renderers {
    static {
        // Charts and images are drawn in a kernel that has no display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Render parameter: the most table rows to show (an Integer). */
    public static final String MAX_ROWS = "maxRows";

    private Renderers() { }

    public static Renderer create() {
        Renderer r = new Fallbacks();
        r.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register(TableView::render);
        r.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register(ChartView::render);
        r.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.IMAGE_JPEG, MIMEType.IMAGE_GIF)
                .register(Image::renderImage);
        r.createRegistration(Html.class)
                .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((h, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, h::html);
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, h::text);
                });
        r.createRegistration(Markdown.class)
                .preferring(MIMEType.TEXT_MARKDOWN).supporting(MIMEType.TEXT_PLAIN)
                .register((m, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_MARKDOWN, m::markdown);
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, m::markdown);
                });
        r.createRegistration(Png.class)
                .preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.TEXT_PLAIN)
                .register((p, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(p.bytes()));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "PNG image, " + p.bytes().length + " bytes");
                });
        return r;
    }

    /**
     * jjava's Renderer, plus what it lacks: null renders as "null", arrays show their elements, and
     * {@link As} asks for particular MIME types.
     */
    private static final class Fallbacks extends Renderer {
        @Override
        public DisplayData render(Object value, Map<String, Object> params) {
            if (value instanceof As as) return renderAs(as.value(), params, as.mimeTypes().toArray(String[]::new));
            return value == null ? new DisplayData("null") : super.render(value, params);
        }

        /**
         * As IJava documents: text asked for as other types is those types' data as it is
         * ({@code display("<b>bold</b>", "text/html")}); text/plain keeps the text too.
         */
        @Override
        public DisplayData renderAs(Object value, Map<String, Object> params, String... types) {
            if (value == null) return new DisplayData("null");
            if (value instanceof CharSequence text) {
                DisplayData data = new DisplayData(text.toString());
                for (String type : types) data.putData(type, text.toString());
                return data;
            }
            return super.renderAs(value, params, types);
        }

        @Override
        protected DisplayData finalizeDisplayData(DisplayData data, Object value) {
            if (!data.hasDataForType(MIMEType.TEXT_PLAIN) && value.getClass().isArray()) {
                // deepToString handles nested and primitive arrays once the array is wrapped in an Object[].
                String wrapped = Arrays.deepToString(new Object[] {value});
                data.putText(wrapped.substring(1, wrapped.length() - 1));
            }
            return super.finalizeDisplayData(data, value);
        }
    }
}
