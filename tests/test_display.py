"""What the notebook receives for each kind of value: tables as HTML and text, charts and images as
PNG, live displays updated in place by id."""
import base64
import re

import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def only_data(run, msg_type="execute_result"):
    msgs = run.mine(msg_type)
    assert run.status == "ok", run.content
    assert len(msgs) == 1, run
    return msgs[0]["content"]["data"]


def assert_png(data):
    assert "image/png" in data, list(data)
    assert base64.b64decode(data["image/png"]).startswith(PNG_SIGNATURE)


def test_table_renders_as_html_and_text(kernel):
    data = only_data(kernel.run(
        'tech.tablesaw.api.Table.create("sizes", tech.tablesaw.api.IntColumn.create("n", 1, 22, 333))'))
    assert "<table" in data["text/html"] and ">333<" in data["text/html"]
    assert "333" in data["text/plain"]


def test_text_displayed_as_a_mime_type_is_sent_as_that_type(kernel):
    # IJava's display(CharSequence, mimeTypes...): notebooks written for IJava run unchanged
    data = only_data(kernel.run('display("<b>bold</b>", "text/html");'), "display_data")
    assert data["text/html"] == "<b>bold</b>"
    data = only_data(kernel.run('display("# Title", "text/markdown");'), "display_data")
    assert data["text/markdown"] == "# Title"


def test_long_table_is_capped_with_a_count_of_the_rest(kernel):
    data = only_data(kernel.run(
        'tech.tablesaw.api.Table.create("many", tech.tablesaw.api.IntColumn.create("n",'
        ' java.util.stream.IntStream.range(0, 100_000).toArray()))'))
    for mime in ("text/html", "text/plain"):
        match = re.search(r"(\d+) more rows", data[mime])
        assert match, f"{mime} has no 'N more rows' line"
        shown = 100_000 - int(match.group(1))
        assert 0 < shown < 1000
    assert data["text/html"].count("<tr") < 1000


CHARTS = {
    "xy": 'org.knowm.xchart.QuickChart.getChart("xy", "x", "y", "y",'
          ' new double[] {1, 2, 3}, new double[] {1, 4, 9})',
    "category": 'var bars = new org.knowm.xchart.CategoryChartBuilder().title("bars").build();\n'
                'bars.addSeries("s", java.util.List.of("a", "b"), java.util.List.of(3, 5));\n'
                'bars',
    "pie": 'var pie = new org.knowm.xchart.PieChartBuilder().title("pie").build();\n'
           'pie.addSeries("a", 3);\n'
           'pie',
}


@pytest.mark.parametrize("kind", CHARTS)
def test_charts_of_each_kind_render_as_png(kernel, kind):
    assert_png(only_data(kernel.run(CHARTS[kind])))


def test_a_value_that_fails_to_render_says_why(kernel):
    # XChart refuses bars from 0 on a log axis: the student must see that, not ClassName@hash.
    run = kernel.run("""
var logBars = new org.knowm.xchart.CategoryChartBuilder().build();
logBars.getStyler().setYAxisLogarithmic(true);
logBars.addSeries("s", java.util.List.of("a", "b"), java.util.List.of(1.0, 1000.0));
logBars""")
    shown = " ".join(str(m["content"]) for m in run.mine("execute_result", "error", "stream"))
    assert "logarithmic" in shown, shown


def test_buffered_image_and_png_bytes_render_as_png(kernel):
    assert_png(only_data(kernel.run(
        "new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB)")))
    assert_png(only_data(kernel.run("""
var bytes = new java.io.ByteArrayOutputStream();
javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", bytes);
display(image(bytes.toByteArray()));"""), "display_data"))


def test_image_refuses_bytes_that_are_not_png(kernel):
    run = kernel.run('display(image("GIF89a".getBytes()));')
    assert run.status == "error"
    assert "IllegalArgumentException" in run.content["ename"]


def test_update_display_replaces_the_display_it_names(kernel):
    run = kernel.run('String shown = display(markdown("first"));\n'
                     'updateDisplay(shown, markdown("second"));\n'
                     'System.out.println(shown);')
    assert run.status == "ok", run.content
    [first] = run.mine("display_data")
    [second] = run.mine("update_display_data")
    display_id = first["content"]["transient"]["display_id"]
    assert display_id == run.stream("stdout").strip()
    assert second["content"]["transient"]["display_id"] == display_id
    assert second["content"]["data"]["text/markdown"] == "second"


def test_clear_output_can_wait_for_the_next_output(kernel):
    run = kernel.run("clearOutput(true);")
    [clear] = run.mine("clear_output")
    assert clear["content"]["wait"] is True


def test_progress_updates_one_display_in_place(kernel):
    run = kernel.run('var bar = progress("steps", 20);\n'
                     'for (int i = 0; i < 20; i++) { Thread.sleep(25); bar.step(); }\n'
                     'bar.done();')
    assert run.status == "ok", run.content
    [shown] = run.mine("display_data")
    updates = run.mine("update_display_data")
    assert updates, "the bar never moved"
    display_id = shown["content"]["transient"]["display_id"]
    assert all(u["content"]["transient"]["display_id"] == display_id for u in updates)
    assert "20" in updates[-1]["content"]["data"]["text/plain"]
