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

    /** Published without waiting for the socket: see {@link Channel#post}. */
    public void status(Message<?> parent, PublishStatus status) {
        post(parent, MessageType.PUBLISH_STATUS, status);
    }

    /** One message of a request (see {@link Channel#post}), queued: it goes out in order with the others. */
    public void post(Message<?> parent, MessageType<?> type, Object content) {
        iopub.post(Messages.broadcast(parent, type, content));
    }
}
