package syslab.kernel.transport;

import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import syslab.kernel.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One Jupyter socket. Receiving blocks in ZMQ (no polling loop with sleeps, so a reply never waits
 * on a timer). Sending happens on a thread of the channel's own, one message after another: the
 * threads that ask for sends include the one that runs cells, which an interrupt may interrupt or
 * stop at any moment: a jeromq send cut short leaves part of a multipart message that garbles the
 * next one, and a signature cut short left the HMAC's state behind (a stopped display loop lost its
 * cell's error and idle status that way). A message that fails verification is logged and
 * dropped: the channel keeps serving.
 */
public final class Channel {
    private final String name;
    private final ZMQ.Socket socket;
    private final Wire wire;
    private final ExecutorService sender;

    Channel(ZContext context, SocketType type, String name, String address, Wire wire) {
        this.name = name;
        this.wire = wire;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "syslab-send-" + name);
            t.setDaemon(true);
            return t;
        });
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

    /**
     * Signs and sends the message on the channel's sender thread, and returns once it is sent: messages
     * go out in the order of the calls. An interrupt of the caller meanwhile is kept for it; a stop
     * unwinds the caller, and the message still goes out whole.
     */
    public void send(Message<?> message) {
        Future<?> sent = sender.submit(() -> {
            List<byte[]> frames = wire.encode(message);
            try {
                for (int i = 0; i < frames.size() - 1; i++) socket.sendMore(frames.get(i));
                socket.send(frames.get(frames.size() - 1));
            } catch (ZMQException | IllegalStateException e) {
                Log.warn(name + ": could not send " + message.getHeader().getType() + ": " + e.getMessage());
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                sent.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                throw new IllegalStateException(name + ": send failed", e.getCause());
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
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
