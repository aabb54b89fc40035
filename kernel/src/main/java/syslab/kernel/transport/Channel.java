package syslab.kernel.transport;

import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import syslab.kernel.log.Log;
import syslab.kernel.log.Timing;
import zmq.ZError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Jupyter socket. Receiving blocks in ZMQ (no polling loop with sleeps, so a reply never waits
 * on a timer). Sending happens on a thread of the channel's own, one message after another: the
 * threads that ask for sends include the one that runs cells, which an interrupt may interrupt or
 * stop at any moment: a jeromq send cut short leaves part of a multipart message that garbles the
 * next one, and a signature cut short left the HMAC's state behind (a stopped display loop lost its
 * cell's error and idle status that way). A message that fails verification is logged and
 * dropped: the channel keeps serving. So is one over the channel's size limit: ZMQ refuses a frame
 * over it before allocating it (and drops that client's connection, which it re-opens), and the
 * receiving loop drops a message whose frames add up to more.
 */
public final class Channel {
    private final String name;
    private final ZMQ.Socket socket;
    private final Wire wire;
    private final ExecutorService sender;
    private final long maxMessageBytes;
    private volatile boolean ended; // the context ended and the receiving thread closed the socket

    Channel(ZContext context, SocketType type, String name, String address, Wire wire, long maxMessageBytes) {
        this.name = name;
        this.wire = wire;
        this.maxMessageBytes = maxMessageBytes;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "syslab-send-" + name);
            t.setDaemon(true);
            return t;
        });
        sender.execute(() -> { }); // starts the thread now: at the task cap a new one cannot start
        this.socket = context.createSocket(type);
        socket.setLinger(1000);
        socket.setMaxMsgSize(maxMessageBytes);
        socket.bind(address);
    }

    ZMQ.Socket socket() { return socket; }

    long maxMessageBytes() { return maxMessageBytes; }

    public String name() { return name; }

    /** Waits up to timeoutMillis (-1: forever) for the next valid message; null on timeout or close. */
    public Message<?> receive(int timeoutMillis) {
        socket.setReceiveTimeOut(timeoutMillis);
        while (true) {
            List<byte[]> frames = receiveFrames();
            if (frames == null) return null;
            if (frames.isEmpty()) continue; // over the size limit
            Timing.mark(name + ".received");
            try {
                return wire.decode(frames);
            } catch (Wire.BadMessage e) {
                Log.warn(name + ": dropped a message: " + e.getMessage());
            }
        }
    }

    /**
     * The frames of the next message; empty if they add up to more than the size limit (the message
     * is then read to its end and dropped); null on timeout or when the context ends, and then the
     * socket is closed here, by the thread that receives on it, as ZMQ asks.
     */
    private List<byte[]> receiveFrames() {
        List<byte[]> frames = new ArrayList<>();
        long total = 0;
        try {
            byte[] frame = socket.recv();
            if (frame == null) return closeIfTerminated(socket.errno());
            do {
                total += frame.length;
                if (total <= maxMessageBytes) frames.add(frame);
            } while (socket.hasReceiveMore() && (frame = socket.recv()) != null);
        } catch (ZMQException e) {
            return closeIfTerminated(e.getErrorCode());
        } catch (IllegalStateException e) { // closed
            ended = true;
            return null;
        }
        if (total <= maxMessageBytes) return frames;
        Log.warn(name + ": dropped a message of " + total + " bytes, over the limit of " + maxMessageBytes);
        return List.of();
    }

    private List<byte[]> closeIfTerminated(int errno) {
        if (errno == ZError.ETERM) {
            ended = true;
            socket.close();
        }
        return null;
    }

    /** Encodes a message and drops it: the first real one of its kind then finds its encoder ready. */
    public void rehearse(Message<?> message) {
        wire.encode(message);
    }

    /**
     * Signs and sends the message on the channel's sender thread, and returns once it is sent: messages
     * go out in the order of the calls. An interrupt of the caller meanwhile is kept for it; a stop
     * unwinds the caller, and the message still goes out whole.
     */
    public void send(Message<?> message) {
        Future<?> sent = sender.submit(() -> sendNow(message));
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

    /**
     * Queues the message for the sender thread and returns at once: it goes out after the messages
     * sent or posted before it. For the messages a request has one of (status, execute_input, a
     * cell's result or error), whose sending then overlaps other work, as ipykernel's iopub thread
     * does; what a cell prints is {@link #send sent}, so a cell that prints without end is held to
     * the pace of the socket.
     */
    public void post(Message<?> message) {
        sender.execute(() -> sendNow(message));
    }

    private void sendNow(Message<?> message) {
        Timing.mark(name + ".encode");
        List<byte[]> frames = wire.encode(message);
        try {
            for (int i = 0; i < frames.size() - 1; i++) socket.sendMore(frames.get(i));
            socket.send(frames.get(frames.size() - 1));
            Timing.mark(name + ".sent." + message.getHeader().getType().getName());
        } catch (ZMQException | IllegalStateException e) {
            Log.warn(name + ": could not send " + message.getHeader().getType() + ": " + e.getMessage());
        }
    }

    /**
     * Echoes every message back, all its frames (so REP's receive-then-send order holds): the
     * heartbeat. A message over the limit is answered with one empty frame. Returns only when the
     * context ends.
     */
    void echoForever() {
        socket.setReceiveTimeOut(-1);
        while (true) {
            List<byte[]> frames = receiveFrames();
            if (frames == null) {
                if (ended) return;
                continue;
            }
            if (frames.isEmpty()) frames = List.of(new byte[0]);
            try {
                for (int i = 0; i < frames.size() - 1; i++) socket.sendMore(frames.get(i));
                socket.send(frames.get(frames.size() - 1));
            } catch (ZMQException e) {
                closeIfTerminated(e.getErrorCode());
                if (ended) return;
                Log.warn(name + ": could not echo: " + e.getMessage());
            } catch (IllegalStateException e) { // closed
                return;
            }
        }
    }

    /**
     * Closes the socket on the sender thread, after the sends queued before: ZMQ keeps sending what
     * is left for up to lingerMillis. Only for sockets no thread is receiving on.
     */
    void closeAfterSends(int lingerMillis) {
        Future<?> closed = sender.submit(() -> {
            socket.setLinger(lingerMillis);
            socket.close();
        });
        try {
            closed.get(lingerMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Log.warn(name + ": could not close: " + e);
        }
    }
}
