package syslab.kernel.transport;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import syslab.kernel.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The five sockets of a kernel and one thread per receiving socket. Shell and control each get
 * their own thread, so an interrupt or shutdown on control is handled while shell runs a cell.
 */
public final class Connection implements AutoCloseable {
    /*
     * The largest message each socket accepts. Shell carries cells (a long cell is a few hundred KiB;
     * 8 MiB leaves room for pasted data) and stdin a typed line, the same bound for simplicity;
     * control only interrupt, shutdown and kernel_info requests (debug requests are not supported);
     * heartbeat pings of a few bytes; iopub only receives subscriptions. Larger messages are client
     * bugs or abuse and must not make the kernel allocate their size.
     */
    static final long SHELL_MAX_BYTES = 8L << 20, STDIN_MAX_BYTES = 8L << 20, CONTROL_MAX_BYTES = 1L << 20,
            HEARTBEAT_MAX_BYTES = 1L << 20, IOPUB_MAX_BYTES = 64L << 10;

    private final ZContext context = new ZContext(1);
    public final Channel shell;
    public final Channel control;
    public final Channel stdin;
    public final Channel iopub;
    private final Channel heartbeat;

    public Connection(KernelConnectionProperties props) {
        Wire wire = new Wire(props.getSignatureScheme(), props.getKey());
        shell = new Channel(context, SocketType.ROUTER, "shell", address(props, props.getShellPort()), wire, SHELL_MAX_BYTES);
        control = new Channel(context, SocketType.ROUTER, "control", address(props, props.getControlPort()), wire,
                CONTROL_MAX_BYTES);
        stdin = new Channel(context, SocketType.ROUTER, "stdin", address(props, props.getStdinPort()), wire, STDIN_MAX_BYTES);
        iopub = new Channel(context, SocketType.PUB, "iopub", address(props, props.getIopubPort()), wire, IOPUB_MAX_BYTES);
        heartbeat = new Channel(context, SocketType.REP, "heartbeat", address(props, props.getHbPort()), wire,
                HEARTBEAT_MAX_BYTES);
    }

    private static String address(KernelConnectionProperties props, int port) {
        String separator = "ipc".equals(props.getTransport()) ? "-" : ":";
        return props.getTransport() + "://" + props.getIp() + separator + port;
    }

    /** Starts the heartbeat and one serving thread each for shell and control. */
    public void serve(BiConsumer<Channel, Message<?>> shellHandler, BiConsumer<Channel, Message<?>> controlHandler) {
        start("syslab-heartbeat", heartbeat::echoForever);
        watchDisconnects();
        start("syslab-control", () -> loop(control, controlHandler));
        start("syslab-shell", () -> loop(shell, shellHandler));
    }

    private static void loop(Channel channel, BiConsumer<Channel, Message<?>> handler) {
        while (true) {
            Message<?> message = channel.receive(-1);
            if (message == null) return;
            try {
                handler.accept(channel, message);
            } catch (Throwable t) { // a handler bug must not end the channel
                Log.warn(channel.name() + ": handler failed for " + message.getHeader().getType(), t);
            }
        }
    }

    /**
     * Logs each client connection a socket drops: a client closing, or ZMQ refusing a frame over
     * the socket's limit (it gives no other sign of that).
     */
    private void watchDisconnects() {
        List<Channel> channels = List.of(shell, control, stdin, iopub, heartbeat);
        List<ZMQ.Socket> monitors = new ArrayList<>();
        ZMQ.Poller poller = context.createPoller(channels.size());
        for (Channel channel : channels) {
            String address = "inproc://syslab-monitor-" + channel.name();
            channel.socket().monitor(address, ZMQ.EVENT_DISCONNECTED);
            ZMQ.Socket monitor = context.createSocket(SocketType.PAIR);
            monitor.connect(address);
            poller.register(monitor, ZMQ.Poller.POLLIN);
            monitors.add(monitor);
        }
        start("syslab-disconnects", () -> logDisconnects(poller, channels, monitors));
    }

    private static void logDisconnects(ZMQ.Poller poller, List<Channel> channels, List<ZMQ.Socket> monitors) {
        try {
            while (poller.poll(-1) >= 0) {
                for (int i = 0; i < monitors.size(); i++) {
                    if (poller.pollin(i) && ZMQ.Event.recv(monitors.get(i), ZMQ.DONTWAIT) != null) {
                        Log.warn(channels.get(i).name() + ": a client connection closed (the client left, or sent a"
                                + " frame over " + channels.get(i).maxMessageBytes() + " bytes, which was dropped)");
                    }
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            // the context ended
        }
        monitors.forEach(ZMQ.Socket::close);
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Ends the connection once the messages sent so far have left, waiting up to lingerMillis: the
     * sending-only sockets close on their sender threads (ZMQ keeps sending what they hold), the
     * context ends, and the threads receiving on the others close theirs. shellBusy: the shell thread
     * is inside a request rather than receiving, so shell closes here too.
     */
    public void closeAfterSends(int lingerMillis, boolean shellBusy) {
        iopub.closeAfterSends(lingerMillis);
        stdin.closeAfterSends(lingerMillis);
        if (shellBusy) shell.closeAfterSends(lingerMillis);
        Thread term = new Thread(() -> context.getContext().term(), "syslab-zmq-term");
        term.setDaemon(true);
        term.start();
        try {
            term.join(lingerMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
