package syslab.kernel.display;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.PieChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import syslab.display.Html;
import syslab.display.Markdown;
import syslab.display.Png;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {
    final Renderer renderer = Renderers.create();

    static Table numbered(int rows) {
        return Table.create("numbered",
                IntColumn.indexColumn("i", rows, 0),
                DoubleColumn.create("half", IntStream.range(0, rows).mapToDouble(i -> i / 2.0).toArray()),
                StringColumn.create("name", IntStream.range(0, rows).mapToObj(i -> "row" + i).toArray(String[]::new)));
    }

    static XYChart xyChart() {
        XYChart chart = new XYChartBuilder().width(640).height(360).title("pipe throughput").build();
        chart.addSeries("read", new double[] {1, 2, 3}, new double[] {10, 40, 90});
        return chart;
    }

    static String text(DisplayData d, MIMEType type) {
        return (String) d.getData(type);
    }

    static BufferedImage decodePng(DisplayData d) throws IOException {
        byte[] png = Base64.getDecoder().decode(text(d, MIMEType.IMAGE_PNG));
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void tableIsAnHtmlTableWithCaptionAndValues() {
        DisplayData d = renderer.render(numbered(3));
        String html = text(d, MIMEType.TEXT_HTML);
        assertTrue(html.contains("<caption>numbered</caption>"), html);
        assertTrue(html.contains("<th style=\"text-align:right\" title=\"DOUBLE\">half</th>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">0.5</td>"), "numbers right-aligned: " + html);
        assertTrue(html.contains("<td style=\"text-align:left\">row2</td>"), "text left-aligned: " + html);
        assertFalse(html.contains("more rows"), html);
        assertTrue(text(d, MIMEType.TEXT_PLAIN).contains("row2"), text(d, MIMEType.TEXT_PLAIN));
    }

    @Test
    void longTableShowsHeadTailAndTheCapLine() {
        int rows = 1000;
        DisplayData d = renderer.render(numbered(rows));
        String html = text(d, MIMEType.TEXT_HTML);
        int cap = TableView.DEFAULT_MAX_ROWS;
        assertTrue(html.contains("… " + (rows - cap) + " more rows"), html);
        assertEquals(cap + 1, html.split("<tr><td", -1).length - 1, "cap rows plus the cap line");
        assertTrue(html.contains(">row0<") && html.contains(">row999<"), "head and tail shown");
        assertFalse(html.contains(">row500<"), "middle hidden");
        String plain = text(d, MIMEType.TEXT_PLAIN);
        assertTrue(plain.contains("1000 rows × 3 columns"), plain);
        assertTrue(plain.lines().count() < cap + 10, "text capped too: " + plain.lines().count() + " lines");
    }

    @Test
    void rowCapIsARenderParameter() {
        String html = text(renderer.render(numbered(100), Map.of(Renderers.MAX_ROWS, 10)), MIMEType.TEXT_HTML);
        assertTrue(html.contains("… 90 more rows"), html);
    }

    @Test
    void cellValuesAndNamesAreEscaped() {
        Table t = Table.create("<i>evil</i>", StringColumn.create("a&b", "<script>alert(1)</script>"));
        String html = text(renderer.render(t), MIMEType.TEXT_HTML);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("<caption>&lt;i&gt;evil&lt;/i&gt;</caption>"), html);
        assertTrue(html.contains(">a&amp;b</th>"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void xyChartIsAPngOfTheChartsSize() throws IOException {
        XYChart chart = xyChart();
        DisplayData d = renderer.render(chart);
        BufferedImage image = decodePng(d);
        assertNotNull(image, "decodes as PNG");
        assertEquals(chart.getWidth(), image.getWidth());
        assertEquals(chart.getHeight(), image.getHeight());
        assertTrue(text(d, MIMEType.TEXT_PLAIN).contains("pipe throughput"), text(d, MIMEType.TEXT_PLAIN));
        assertNull(d.getData(MIMEType.IMAGE_SVG), "SVG only on request");
    }

    @Test
    void chartIsSvgOnRequest() {
        DisplayData d = renderer.renderAs(xyChart(), "image/svg+xml");
        String svg = text(d, MIMEType.IMAGE_SVG);
        assertNotNull(svg);
        assertTrue(svg.startsWith("<svg"), svg.substring(0, Math.min(80, svg.length())));
        assertTrue(svg.contains("viewBox=\"0 0 640 360\""), "drawn at the chart's size");
        assertNull(d.getData(MIMEType.IMAGE_PNG), "no PNG when SVG was asked for");
    }

    @Test
    void asRequestsMimeTypesThroughPlainRender() {
        DisplayData d = renderer.render(new syslab.display.As(xyChart(), List.of("image/svg+xml")));
        assertTrue(text(d, MIMEType.IMAGE_SVG).startsWith("<svg"));
        assertNull(d.getData(MIMEType.IMAGE_PNG), "only what As asked for");
    }

    @Test
    void everyKindOfChartRenders() throws IOException {
        CategoryChart bars = new CategoryChartBuilder().width(300).height(200).title("bars").build();
        bars.addSeries("s", List.of("a", "b"), List.of(1, 2));
        PieChart pie = new PieChartBuilder().width(200).height(200).title("pie").build();
        pie.addSeries("x", 3);
        assertEquals(300, decodePng(renderer.render(bars)).getWidth());
        assertEquals(200, decodePng(renderer.render(pie)).getHeight());
    }

    @Test
    void bufferedImageIsAPng() throws IOException {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, Color.RED.getRGB());
        BufferedImage back = decodePng(renderer.render(image));
        assertEquals(7, back.getWidth());
        assertEquals(Color.RED.getRGB(), back.getRGB(3, 2));
    }

    @Test
    void pngBytesTravelAsBase64InTheMessageJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(BitmapEncoder.getBufferedImage(xyChart()), "png", out);
        byte[] bytes = out.toByteArray();

        DisplayData d = renderer.render(new Png(bytes));
        JsonObject json = new Gson().toJsonTree(d).getAsJsonObject();
        String carried = json.getAsJsonObject("data").get("image/png").getAsString();
        assertArrayEquals(bytes, Base64.getDecoder().decode(carried));
        assertTrue(text(d, MIMEType.TEXT_PLAIN).contains(bytes.length + " bytes"));
    }

    @Test
    void htmlAndMarkdownKeepATextForm() {
        DisplayData h = renderer.render(new Html("<b>bold</b> move"));
        assertEquals("<b>bold</b> move", h.getData(MIMEType.TEXT_HTML));
        assertEquals("bold move", h.getData(MIMEType.TEXT_PLAIN));

        DisplayData m = renderer.render(new Markdown("# Pipes\n*fast*"));
        assertEquals("# Pipes\n*fast*", m.getData(MIMEType.TEXT_MARKDOWN));
        assertEquals("# Pipes\n*fast*", m.getData(MIMEType.TEXT_PLAIN));
    }

    record Point(int x, int y) { }

    @Test
    void anythingElseIsText() {
        assertEquals("null", renderer.render(null).getData(MIMEType.TEXT_PLAIN));
        assertEquals("null", renderer.renderAs(null, "text/html").getData(MIMEType.TEXT_PLAIN));
        assertEquals("Point[x=1, y=2]", renderer.render(new Point(1, 2)).getData(MIMEType.TEXT_PLAIN));
        assertEquals("[1, 2, 3]", renderer.render(new int[] {1, 2, 3}).getData(MIMEType.TEXT_PLAIN));
        assertEquals("[[a], [b, c]]",
                renderer.render(new String[][] {{"a"}, {"b", "c"}}).getData(MIMEType.TEXT_PLAIN));
        assertEquals("[[1.5], []]", renderer.render(new double[][] {{1.5}, {}}).getData(MIMEType.TEXT_PLAIN));
        assertEquals("42", renderer.render(42).getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void textAskedForAsOtherTypesIsThoseTypesAsItIs() {
        DisplayData d = renderer.render(new syslab.display.As("<b>bold</b>", List.of("text/html")));
        assertEquals("<b>bold</b>", d.getData(MIMEType.TEXT_HTML));
        assertEquals("<b>bold</b>", d.getData(MIMEType.TEXT_PLAIN));
        DisplayData js = renderer.renderAs(new StringBuilder("alert('hi')"), "application/javascript");
        assertEquals("alert('hi')", js.getData(MIMEType.APPLICATION_JAVASCRIPT));
    }
}
