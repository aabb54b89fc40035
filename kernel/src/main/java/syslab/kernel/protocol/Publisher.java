package syslab.kernel.protocol;

import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import syslab.kernel.transport.Channel;

/** Everything the kernel says on iopub goes through here. */
public final class Publisher {
    private final Channel iopub;

    public Publisher(Channel iopub) { this.iopub = iopub; }

    public void publish(Message<?> parent, MessageType<?> type, Object content) {
        iopub.send(Messages.broadcast(parent, type, content));
    }

    public void status(Message<?> parent, PublishStatus status) {
        publish(parent, MessageType.PUBLISH_STATUS, status);
    }
}
