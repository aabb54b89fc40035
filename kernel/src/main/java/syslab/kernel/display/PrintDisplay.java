package syslab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import syslab.display.Display;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A display for a JVM with no notebook (a plain {@code main}, a test): each value shown or updated
 * is written as its text/plain rendering, the same text a notebook would show as fallback.
 * Clearing does nothing, as printed lines cannot be taken back.
 */
public final class PrintDisplay implements Display {
    private final Consumer<String> sink;
    private final Renderer renderer = Renderers.create();
    private final AtomicLong ids = new AtomicLong();

    /** @param sink takes each rendering, one call per show or update */
    public PrintDisplay(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public String show(Object value) {
        sink.accept(text(value));
        return "text-" + ids.incrementAndGet();
    }

    @Override
    public void update(String displayId, Object value) {
        sink.accept(text(value));
    }

    @Override
    public void clear(boolean wait) { }

    private String text(Object value) {
        return (String) renderer.render(value).getData(MIMEType.TEXT_PLAIN);
    }
}
