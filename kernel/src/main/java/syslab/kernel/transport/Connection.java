package syslab.kernel.transport;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import syslab.kernel.Log;

import java.util.function.BiConsumer;

/**
 * The five sockets of a kernel and one thread per receiving socket. Shell and control each get
 * their own thread, so an interrupt or shutdown on control is handled while shell runs a cell.
 */
public final class Connection implements AutoCloseable {
    private final ZContext context = new ZContext(1);
    public final Channel shell;
    public final Channel control;
    public final Channel stdin;
    public final Channel iopub;
    private final Channel heartbeat;

    public Connection(KernelConnectionProperties props) {
        Wire wire = new Wire(props.getSignatureScheme(), props.getKey());
        shell = new Channel(context, SocketType.ROUTER, "shell", address(props, props.getShellPort()), wire);
        control = new Channel(context, SocketType.ROUTER, "control", address(props, props.getControlPort()), wire);
        stdin = new Channel(context, SocketType.ROUTER, "stdin", address(props, props.getStdinPort()), wire);
        iopub = new Channel(context, SocketType.PUB, "iopub", address(props, props.getIopubPort()), wire);
        heartbeat = new Channel(context, SocketType.REP, "heartbeat", address(props, props.getHbPort()), wire);
    }

    private static String address(KernelConnectionProperties props, int port) {
        String separator = "ipc".equals(props.getTransport()) ? "-" : ":";
        return props.getTransport() + "://" + props.getIp() + separator + port;
    }

    /** Starts the heartbeat and one serving thread each for shell and control. */
    public void serve(BiConsumer<Channel, Message<?>> shellHandler, BiConsumer<Channel, Message<?>> controlHandler) {
        start("syslab-heartbeat", heartbeat::echoForever);
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

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        context.close();
    }
}
