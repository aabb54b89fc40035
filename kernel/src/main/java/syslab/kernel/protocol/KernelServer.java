package syslab.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.request.CompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InspectRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import syslab.kernel.eval.Completion;
import syslab.kernel.eval.Inspection;
import syslab.kernel.eval.IsComplete;
import syslab.kernel.io.StdinStream;
import syslab.kernel.log.Log;
import syslab.kernel.log.Timing;
import syslab.kernel.session.Outcome;
import syslab.kernel.session.Session;
import syslab.kernel.transport.Channel;
import syslab.kernel.transport.Connection;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The protocol adapter: for each channel a table from message type to one handler each, as in
 * ipykernel's kernelbase. Busy and idle bracket every request. Cells run on the shell thread;
 * control (interrupt, shutdown, kernel_info) has its own thread and table and is answered
 * meanwhile, so a cell sent there is not run beside shell's.
 */
public final class KernelServer {
    private final Connection connection;
    private final Publisher publisher;
    private final KernelInfo info;
    private final History history = new History();
    private final Map<String, BiConsumer<Channel, Message<?>>> shellHandlers = new HashMap<>();
    private final Map<String, BiConsumer<Channel, Message<?>>> controlHandlers = new HashMap<>();
    private final Runnable shutdown;
    private Session session;
    private Runnable flushOutput = () -> { };
    private Runnable beforeCell = () -> { };
    private Runnable afterInterrupt = () -> { };
    private volatile boolean interruptedCell; // afterInterrupt is due when the running cell ends
    private StdinStream stdin;
    private volatile Message<?> current; // the request whose output is being shown
    private volatile Message<?> executing; // the execute request not answered yet, if any
    private volatile boolean stdinAllowed;
    private int executionCount;

    public KernelServer(Connection connection, KernelInfo info, Runnable shutdown) {
        this.connection = connection;
        this.publisher = new Publisher(connection.iopub);
        this.info = info;
        this.shutdown = shutdown;
        shellHandlers.put(MessageType.KERNEL_INFO_REQUEST.getName(), this::kernelInfo);
        shellHandlers.put(MessageType.EXECUTE_REQUEST.getName(), this::execute);
        shellHandlers.put(MessageType.COMPLETE_REQUEST.getName(), this::complete);
        shellHandlers.put(MessageType.INSPECT_REQUEST.getName(), this::inspect);
        shellHandlers.put(MessageType.IS_COMPLETE_REQUEST.getName(), this::isComplete);
        shellHandlers.put(MessageType.HISTORY_REQUEST.getName(), this::history);
        shellHandlers.put(MessageType.COMM_INFO_REQUEST.getName(), this::commInfo);
        shellHandlers.put(MessageType.SHUTDOWN_REQUEST.getName(), this::shutdown);
        shellHandlers.put(MessageType.INTERRUPT_REQUEST.getName(), this::interrupt);
        // control answers only what must not wait behind a cell; a cell runs on shell alone
        for (MessageType<?> type : List.of(MessageType.KERNEL_INFO_REQUEST, MessageType.SHUTDOWN_REQUEST,
                MessageType.INTERRUPT_REQUEST)) {
            controlHandlers.put(type.getName(), shellHandlers.get(type.getName()));
        }
    }

    public Publisher publisher() { return publisher; }

    /** The request that output currently belongs to (the running or last cell). */
    public Message<?> current() { return current; }

    /** Completes wiring once the pieces that need the publisher exist. */
    public void attach(Session session, Runnable flushOutput, StdinStream stdin) {
        this.session = session;
        this.flushOutput = flushOutput;
        this.stdin = stdin;
    }

    /** Runs before each execute request's code, e.g. to put the output capture back. */
    public void beforeEachCell(Runnable action) {
        this.beforeCell = action;
    }

    /**
     * Runs on each interrupt request, e.g. to end the processes cells left: at once when no cell
     * runs, else once the interrupted cell has ended.
     */
    public void afterInterrupt(Runnable action) {
        this.afterInterrupt = action;
    }

    /** Captured text of fd 1 or 2, sent as a stream message of the current request. */
    public void stream(boolean stderr, String text) {
        publisher.publish(current, MessageType.PUBLISH_STREAM,
                new PublishStream(stderr ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT, text));
    }

    public void serve() {
        publisher.status(null, PublishStatus.STARTING);
        connection.serve((channel, request) -> dispatch(shellHandlers, channel, request),
                (channel, request) -> dispatch(controlHandlers, channel, request));
    }

    /**
     * A request the channel has no handler for gets busy and idle and no reply, as in ipykernel:
     * its log says so, and the request is not run.
     */
    private void dispatch(Map<String, BiConsumer<Channel, Message<?>>> handlers, Channel channel, Message<?> request) {
        BiConsumer<Channel, Message<?>> handler = handlers.get(request.getHeader().getType().getName());
        Timing.mark("dispatch");
        publisher.status(request, PublishStatus.BUSY);
        try {
            if (handler == null) {
                Log.warn(channel.name() + ": ignored " + request.getHeader().getType().getName() + ": not served on this channel");
            } else {
                handler.accept(channel, request);
            }
        } catch (Throwable t) { // OutOfMemoryError, StackOverflowError... in the kernel's own code
            Log.warn(channel.name() + ": " + request.getHeader().getType().getName() + " failed", t);
            replyFailure(channel, request, t);
        } finally {
            publisher.status(request, PublishStatus.IDLE);
            Timing.mark("idle");
            Timing.flush();
        }
    }

    /**
     * Encodes, without sending, a message of each kind a cell sends, and renders a value: Gson builds
     * a type's adapter on first use and the renderer loads its classes, which cost the first cell
     * 60 ms. Called once after start, beside JShell's warm-up.
     */
    public void rehearse() {
        Message<?> request = Messages.broadcast(null, MessageType.EXECUTE_REQUEST,
                new ExecuteRequest("1+1", false, true, Map.of(), true, false));
        DisplayData result = session.render(2);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("execution_count", 1);
        reply.put("user_expressions", Map.of());
        reply.put("payload", List.of());
        connection.iopub.rehearse(Messages.broadcast(request, MessageType.PUBLISH_EXECUTE_INPUT,
                new PublishExecuteInput("1+1", 1)));
        connection.iopub.rehearse(Messages.broadcast(request, MessageType.PUBLISH_STREAM,
                new PublishStream(PublishStream.StreamType.OUT, "2\n")));
        connection.iopub.rehearse(Messages.broadcast(request, MessageType.PUBLISH_EXECUTION_RESULT,
                new PublishExecuteResult(1, result)));
        connection.shell.rehearse(Messages.reply(request, MessageType.EXECUTE_REPLY, reply));
    }

    private void kernelInfo(Channel channel, Message<?> request) {
        channel.send(Messages.reply(request, MessageType.KERNEL_INFO_REPLY, info.content()));
    }

    private void execute(Channel channel, Message<?> request) {
        ExecuteRequest content = (ExecuteRequest) request.getContent();
        boolean silent = content.isSilent();
        boolean store = !silent && content.shouldStoreHistory();
        if (store) executionCount++;
        int count = executionCount;
        current = request;
        executing = request;
        interruptedCell = false;
        beforeCell.run();
        session.begin();
        stdinAllowed = content.isStdinEnabled();
        stdin.reset();
        if (!silent) {
            publisher.post(request, MessageType.PUBLISH_EXECUTE_INPUT, new PublishExecuteInput(content.getCode(), count));
        }
        Outcome outcome;
        Timing.mark("eval");
        try {
            outcome = session.execute(content.getCode());
        } catch (Throwable t) { // the kernel's own code failed (out of memory, stack overflow): the cell did
            outcome = failed(t, "");
        } finally {
            session.end();
            if (interruptedCell) afterInterrupt.run(); // once the cell's own cleanup has run
        }
        Timing.mark("render");
        DisplayData result = null;
        if (outcome instanceof Outcome.Ok ok && ok.hasValue() && !silent) {
            try {
                result = session.render(ok.value());
            } catch (Throwable t) { // e.g. XChart refusing a chart: say so, not Object@hash
                outcome = failed(t, "cannot display the cell's value: ");
            }
        }
        Timing.mark("drain");
        flushOutput.run();
        Timing.mark("reply");
        Map<String, Object> reply = new LinkedHashMap<>();
        String output = null;
        if (outcome instanceof Outcome.Ok ok) {
            if (result != null) {
                publisher.post(request, MessageType.PUBLISH_EXECUTION_RESULT, new PublishExecuteResult(count, result));
                Object text = result.getData(MIMEType.TEXT_PLAIN);
                output = text == null ? null : text.toString();
            }
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.put("user_expressions", userExpressions(content.getUserExpr()));
            reply.put("payload", payload(ok));
        } else {
            Outcome.Failed failed = (Outcome.Failed) outcome;
            Map<String, Object> error = Map.of("ename", failed.ename(), "evalue", failed.evalue(),
                    "traceback", failed.traceback());
            publisher.post(request, MessageType.PUBLISH_ERROR, error);
            reply.put("status", "error");
            reply.put("execution_count", count);
            reply.putAll(error);
        }
        if (store) history.add(count, content.getCode(), output);
        executing = null;
        channel.send(Messages.reply(request, MessageType.EXECUTE_REPLY, reply));
    }

    private static Outcome.Failed failed(Throwable t, String what) {
        String message = what + (t.getMessage() == null ? "" : t.getMessage());
        return new Outcome.Failed(t.getClass().getName(), message,
                List.of("\u001b[1;31m" + t.getClass().getName() + "\u001b[0m" + (message.isEmpty() ? "" : ": " + message)));
    }

    /**
     * The error reply of a request whose handler failed, so that no client waits for one forever:
     * REQUEST_reply with status error, as the protocol allows for every reply.
     */
    private void replyFailure(Channel channel, Message<?> request, Throwable t) {
        try {
            String type = request.getHeader().getType().getName();
            if (!type.endsWith("_request")) return;
            Outcome.Failed failed = failed(t, "the kernel could not handle " + type + ": ");
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("status", "error");
            if (type.equals(MessageType.EXECUTE_REQUEST.getName())) reply.put("execution_count", executionCount);
            reply.put("ename", failed.ename());
            reply.put("evalue", failed.evalue());
            reply.put("traceback", failed.traceback());
            MessageType<?> replyType = MessageType.getType(type.replaceFirst("_request$", "_reply"));
            channel.send(Messages.reply(request, replyType, reply));
        } catch (Throwable again) { // nothing more can be said; the channel serves on
            Log.warn(channel.name() + ": no error reply either", again);
        }
    }

    private static List<Object> payload(Outcome.Ok ok) {
        if (ok.nextInput() != null) {
            return List.of(Map.of("source", "set_next_input", "text", ok.nextInput(), "replace", false));
        }
        if (ok.value() instanceof Outcome.Page page) {
            return List.of(Map.of("source", "page", "data", Map.of("text/plain", page.text()), "start", 0));
        }
        return List.of();
    }

    private Map<String, Object> userExpressions(Map<String, String> expressions) {
        Map<String, Object> results = new LinkedHashMap<>();
        if (expressions == null) return results;
        expressions.forEach((name, expression) -> {
            Outcome outcome = session.userExpression(expression);
            if (outcome instanceof Outcome.Ok ok) {
                results.put(name, Map.of("status", "ok", "data", Map.of("text/plain", String.valueOf(ok.value())),
                        "metadata", Map.of()));
            } else if (outcome instanceof Outcome.Failed failed) {
                results.put(name, Map.of("status", "error", "ename", failed.ename(),
                        "evalue", failed.evalue(), "traceback", failed.traceback()));
            }
        });
        return results;
    }

    private void complete(Channel channel, Message<?> request) {
        CompleteRequest content = (CompleteRequest) request.getContent();
        Completion completion = session.complete(content.getCode(), content.getCursorPos());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("matches", completion.matches().stream().map(Completion.Match::text).toList());
        reply.put("cursor_start", completion.cursorStart());
        reply.put("cursor_end", completion.cursorEnd());
        reply.put("metadata", Map.of("_jupyter_types_experimental", completion.matches().stream()
                .map(m -> Map.of("start", completion.cursorStart(), "end", completion.cursorEnd(),
                        "text", m.text(), "type", m.type()))
                .toList()));
        channel.send(Messages.reply(request, MessageType.COMPLETE_REPLY, reply));
    }

    private void inspect(Channel channel, Message<?> request) {
        InspectRequest content = (InspectRequest) request.getContent();
        Inspection inspection = session.inspect(content.getCode(), content.getCursorPos(), content.getDetailLevel());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("found", inspection != null);
        reply.put("data", inspection == null ? Map.of() : Map.of("text/plain", inspection.plainText()));
        reply.put("metadata", Map.of());
        channel.send(Messages.reply(request, MessageType.INSPECT_REPLY, reply));
    }

    private void isComplete(Channel channel, Message<?> request) {
        IsComplete result = session.isComplete(((IsCompleteRequest) request.getContent()).getCode());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", result.status().name().toLowerCase());
        if (result.status() == IsComplete.Status.INCOMPLETE) reply.put("indent", result.indent());
        channel.send(Messages.reply(request, MessageType.IS_COMPLETE_REPLY, reply));
    }

    private void history(Channel channel, Message<?> request) {
        List<List<Object>> rows = history.query((HistoryRequest) request.getContent());
        channel.send(Messages.reply(request, MessageType.HISTORY_REPLY, Map.of("status", "ok", "history", rows)));
    }

    private void commInfo(Channel channel, Message<?> request) {
        channel.send(Messages.reply(request, MessageType.COMM_INFO_REPLY, Map.of("status", "ok", "comms", Map.of())));
    }

    private void interrupt(Channel channel, Message<?> request) {
        Throwable failed = null;
        interruptedCell = executing != null;
        try {
            session.interrupt();
        } catch (Throwable t) { // e.g. no thread to start at the task cap, which the cell's processes filled
            failed = t;
        }
        if (!interruptedCell || failed != null) afterInterrupt.run();
        if (failed != null) session.interrupt();
        channel.send(Messages.reply(request, MessageType.INTERRUPT_REPLY, Map.of("status", "ok")));
    }

    private void shutdown(Channel channel, Message<?> request) {
        boolean restart = ((ShutdownRequest) request.getContent()).isRestart();
        Map<String, Object> reply = Map.of("status", "ok", "restart", restart);
        channel.send(Messages.reply(request, MessageType.SHUTDOWN_REPLY, reply));
        publisher.publish(request, MessageType.SHUTDOWN_REPLY, reply);
        publisher.publish(request, MessageType.PUBLISH_STATUS, PublishStatus.IDLE); // sent before the JVM halts
        shutdown.run();
    }

    /**
     * A cell called System.exit(status) and the JVM is ending (a shutdown hook calls this): the
     * error on iopub, the cell's reply and idle say so, so the notebook shows why the kernel died.
     * Returns whether the shell thread is still inside that request (and so not using its socket).
     */
    public boolean reportExit(int status) {
        Message<?> request = executing;
        String evalue = "System.exit(" + status + ") was called: the kernel exits with status " + status;
        Map<String, Object> error = Map.of("ename", "SystemExit", "evalue", evalue,
                "traceback", List.of("\u001b[1;31mSystemExit\u001b[0m: " + evalue));
        publisher.publish(request != null ? request : current, MessageType.PUBLISH_ERROR, error);
        if (request == null) return false; // called from a thread a cell left running: no cell to answer
        Map<String, Object> reply = new LinkedHashMap<>(error);
        reply.put("status", "error");
        reply.put("execution_count", executionCount);
        connection.shell.send(Messages.reply(request, MessageType.EXECUTE_REPLY, reply));
        publisher.publish(request, MessageType.PUBLISH_STATUS, PublishStatus.IDLE); // the JVM is ending
        return true;
    }

    /** Asks the notebook for a line of input; null (end of file) when the request allows no stdin. */
    public String askInput() {
        Message<?> request = current;
        if (!stdinAllowed || request == null) return null;
        flushOutput.run();
        connection.stdin.send(Messages.reply(request, MessageType.INPUT_REQUEST, Map.of("prompt", "", "password", false)));
        while (!session.interrupted()) {
            Message<?> reply = connection.stdin.receive(100);
            if (reply != null && reply.getHeader().getType() == MessageType.INPUT_REPLY) {
                Object value = ((org.dflib.jjava.jupyter.messages.reply.InputReply) reply.getContent()).getValue();
                return value == null ? "" : value.toString();
            }
        }
        return null;
    }
}
