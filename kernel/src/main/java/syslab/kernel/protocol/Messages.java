package syslab.kernel.protocol;

import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the kernel's outgoing messages: headers carry the kernel's own session id. */
public final class Messages {
    static final String PROTOCOL_VERSION = "5.3";
    private static final String SESSION = UUID.randomUUID().toString();

    private Messages() { }

    private static <T> Header<T> header(MessageType<T> type) {
        return new Header<>(UUID.randomUUID().toString(), "syslab", SESSION, KernelTimestamp.now(), type,
                PROTOCOL_VERSION);
    }

    /** A reply to a request on a ROUTER socket: routed back by the request's identities. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static Message<?> reply(Message<?> request, MessageType<?> type, Object content) {
        return new Message(request.getIdentities(), header(type), request.getHeader(), Map.of(), content, null);
    }

    /** A message on iopub; parent may be null (kernel start). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static Message<?> broadcast(Message<?> parent, MessageType<?> type, Object content) {
        byte[] topic = ("kernel." + SESSION + "." + type.getName()).getBytes(StandardCharsets.UTF_8);
        return new Message(List.of(topic), header(type), parent == null ? null : parent.getHeader(), Map.of(),
                content, null);
    }
}
