package syslab.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import syslab.display.Display;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Shows values in the cell that is running: renders them and publishes display data on iopub.
 * Captured text is flushed first, so output keeps the order in which the cell produced it.
 */
public final class KernelDisplay implements Display {
    private final Renderer renderer;
    private final Publisher publisher;
    private final Supplier<Message<?>> parent;
    private final Runnable flushOutput;

    public KernelDisplay(Renderer renderer, Publisher publisher, Supplier<Message<?>> parent, Runnable flushOutput) {
        this.renderer = renderer;
        this.publisher = publisher;
        this.parent = parent;
        this.flushOutput = flushOutput;
    }

    @Override
    public String show(Object value) {
        String id = UUID.randomUUID().toString();
        DisplayData data = renderer.render(value);
        data.setDisplayId(id);
        flushOutput.run();
        publisher.publish(parent.get(), MessageType.PUBLISH_DISPLAY_DATA, new PublishDisplayData(data));
        return id;
    }

    @Override
    public void update(String displayId, Object value) {
        DisplayData data = renderer.render(value);
        data.setDisplayId(displayId);
        publisher.publish(parent.get(), MessageType.PUBLISH_UPDATE_DISPLAY_DATA, new PublishUpdateDisplayData(data));
    }

    @Override
    public void clear(boolean wait) {
        flushOutput.run();
        publisher.publish(parent.get(), MessageType.PUBLISH_CLEAR_OUTPUT,
                wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }
}
