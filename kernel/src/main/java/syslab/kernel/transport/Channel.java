package syslab.kernel.transport;

import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import syslab.kernel.Log;

import java.util.ArrayList;
import java.util.List;

/**
 * One Jupyter socket. Receiving blocks in ZMQ (no polling loop with sleeps, so a reply never waits
 * on a timer); sending is serialised because a ZMQ socket is not thread-safe. A message that
 * fails verification is logged and dropped: the channel keeps serving.
 */
public final class Channel {
    private final String name;
    private final ZMQ.Socket socket;
    private final Wire wire;

    Channel(ZContext context, SocketType type, String name, String address, Wire wire) {
        this.name = name;
        this.wire = wire;
        this.socket = context.createSocket(type);
        socket.setLinger(1000);
        socket.bind(address);
    }

    public String name() { return name; }

    /** Waits up to timeoutMillis (-1: forever) for the next valid message; null on timeout or close. */
    public Message<?> receive(int timeoutMillis) {
        socket.setReceiveTimeOut(timeoutMillis);
        while (true) {
            List<byte[]> frames = new ArrayList<>();
            try {
                byte[] frame = socket.recv();
                if (frame == null) return null;
                frames.add(frame);
                while (socket.hasReceiveMore()) frames.add(socket.recv());
            } catch (ZMQException | IllegalStateException e) {
                return null; // context terminated: the kernel is shutting down
            }
            try {
                return wire.decode(frames);
            } catch (Wire.BadMessage e) {
                Log.warn(name + ": dropped a message: " + e.getMessage());
            }
        }
    }

    public synchronized void send(Message<?> message) {
        List<byte[]> frames = wire.encode(message);
        SendGuard.send(() -> {
            try {
                for (int i = 0; i < frames.size() - 1; i++) socket.sendMore(frames.get(i));
                socket.send(frames.get(frames.size() - 1));
            } catch (ZMQException | IllegalStateException e) {
                Log.warn(name + ": could not send " + message.getHeader().getType() + ": " + e.getMessage());
            }
        });
    }

    /** Echoes every frame back: the heartbeat. Returns when the context ends. */
    void echoForever() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] ping = socket.recv();
                if (ping == null) return;
                socket.send(ping);
            }
        } catch (ZMQException | IllegalStateException e) {
            // context terminated
        }
    }
}
