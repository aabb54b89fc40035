package syslab.kernel.transport;

import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireTest {
    private final Wire wire = new Wire("hmac-sha256", "secret");

    private List<byte[]> executeFrames(Wire signer) {
        Header<ExecuteRequest> header = new Header<>("id-1", "user", "session-1", KernelTimestamp.now(),
                MessageType.EXECUTE_REQUEST, "5.3");
        ExecuteRequest content = new ExecuteRequest("1 + 1", false, true, Map.of(), true, true);
        return signer.encode(new Message<>(List.of("client".getBytes()), header, null, Map.of(), content, null));
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        Message<?> message = wire.decode(executeFrames(wire));
        assertEquals(MessageType.EXECUTE_REQUEST, message.getHeader().getType());
        assertEquals("1 + 1", ((ExecuteRequest) message.getContent()).getCode());
        assertEquals("client", new String(message.getIdentities().get(0)));
    }

    @Test
    void rejectsAMessageSignedWithAnotherKey() {
        List<byte[]> forged = executeFrames(new Wire("hmac-sha256", "not the key"));
        Wire.BadMessage e = assertThrows(Wire.BadMessage.class, () -> wire.decode(forged));
        assertTrue(e.getMessage().contains("signature"));
    }

    @Test
    void rejectsATamperedContent() {
        List<byte[]> frames = new ArrayList<>(executeFrames(wire));
        frames.set(frames.size() - 1, "{\"code\": \"System.exit(0)\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(Wire.BadMessage.class, () -> wire.decode(frames));
    }

    @Test
    void rejectsMalformedJsonWithoutThrowingAnythingElse() {
        Wire unsigned = new Wire("hmac-sha256", "");
        List<byte[]> frames = new ArrayList<>(executeFrames(unsigned));
        frames.set(frames.size() - 4, "{not json".getBytes(StandardCharsets.UTF_8));
        Wire.BadMessage e = assertThrows(Wire.BadMessage.class, () -> unsigned.decode(frames));
        assertTrue(e.getMessage().startsWith("malformed"), e.getMessage());
    }

    @Test
    void rejectsTooFewFrames() {
        assertThrows(Wire.BadMessage.class, () -> wire.decode(List.of("<IDS|MSG>".getBytes(), new byte[0])));
    }
}
