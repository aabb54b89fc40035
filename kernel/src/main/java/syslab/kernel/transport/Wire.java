package syslab.kernel.transport;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Jupyter wire format: identities, {@code <IDS|MSG>}, HMAC signature, header, parent header,
 * metadata, content, buffers. Reuses jjava's message model and Gson adapters; owns the signature
 * check, which must be constant-time and must never throw out of a channel loop.
 */
public final class Wire {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final Type MAP_TYPE = new TypeToken<Map<String, Object>>() { }.getType();
    private static final Gson REPLY_GSON = new GsonBuilder()
            .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
            .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
            .create();
    static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(REPLY_GSON))
            .disableHtmlEscaping()
            .create();

    /** A message that cannot be accepted: bad signature, malformed frames or JSON, unknown type. */
    public static final class BadMessage extends Exception {
        BadMessage(String why) { super(why); }
    }

    private final Mac mac; // null when the connection file has an empty key (no signing)

    public Wire(String signatureScheme, String key) {
        if (key == null || key.isEmpty()) {
            mac = null;
            return;
        }
        String algorithm = switch (signatureScheme) {
            case "hmac-sha256" -> "HmacSHA256";
            case "hmac-sha512" -> "HmacSHA512";
            case "hmac-sha1" -> "HmacSHA1";
            default -> throw new IllegalArgumentException("unsupported signature_scheme " + signatureScheme);
        };
        try {
            mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] sign(byte[]... parts) {
        if (mac == null) return new byte[0];
        synchronized (mac) {
            mac.reset();  // a signing cut short (a stopped thread decoding stdin) must not leave data behind
            for (byte[] part : parts) mac.update(part);
            return HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Parses and verifies the frames of one message. */
    public Message<?> decode(List<byte[]> frames) throws BadMessage {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) { delimiter = i; break; }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) throw new BadMessage("malformed frames");
        List<byte[]> identities = new ArrayList<>(frames.subList(0, delimiter));
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (mac != null && !MessageDigest.isEqual(signature, sign(header, parent, metadata, content))) {
            throw new BadMessage("invalid signature");
        }
        try {
            JsonObject headerJson = JsonParser.parseString(utf8(header)).getAsJsonObject();
            String type = headerJson.get("msg_type").getAsString();
            MessageType<?> messageType = MessageType.getType(type);
            if (messageType == null || messageType.getContentType() == null) {
                throw new BadMessage("unknown msg_type " + type);
            }
            Header<?> h = GSON.fromJson(headerJson, Header.class);
            JsonElement parentJson = JsonParser.parseString(utf8(parent));
            Header<?> parentHeader = parentJson.isJsonObject() && !parentJson.getAsJsonObject().isEmpty()
                    ? GSON.fromJson(parentJson, Header.class) : null;
            Map<String, Object> meta = GSON.fromJson(utf8(metadata), MAP_TYPE);
            Object body = GSON.fromJson(utf8(content), messageType.getContentType());
            List<byte[]> buffers = new ArrayList<>(frames.subList(delimiter + 6, frames.size()));
            @SuppressWarnings({"rawtypes", "unchecked"})
            Message<?> message = new Message(identities, h, parentHeader, meta, body, buffers);
            return message;
        } catch (BadMessage e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadMessage("malformed JSON: " + e.getMessage());
        }
    }

    /** The frames of a message, signed. Content may be any Gson-serialisable object. */
    public List<byte[]> encode(Message<?> message) {
        byte[] header = GSON.toJson(message.getHeader()).getBytes(StandardCharsets.UTF_8);
        byte[] parent = message.hasParentHeader()
                ? GSON.toJson(message.getParentHeader()).getBytes(StandardCharsets.UTF_8) : EMPTY_OBJECT;
        byte[] metadata = message.hasMetadata()
                ? GSON.toJson(message.getMetadata()).getBytes(StandardCharsets.UTF_8) : EMPTY_OBJECT;
        byte[] content = GSON.toJson(message.getContent()).getBytes(StandardCharsets.UTF_8);
        List<byte[]> frames = new ArrayList<>(message.getIdentities());
        frames.add(DELIMITER);
        frames.add(sign(header, parent, metadata, content));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        if (message.getBlobs() != null) frames.addAll(message.getBlobs());
        return frames;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
