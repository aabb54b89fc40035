package syslab.experiments.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes and threads a trace shows being created (clone, clone3, fork, vfork), the programs
 * they executed (execve that succeeded) and how they ended ("+++ exited with 0 +++"), built from
 * {@code strace -f} lines one at a time, and drawn as a tree like pstree's.
 */
public final class ProcessTree {
    /** A process or thread: who created it, what it executed (in order), how it ended (null if not seen). */
    public record Node(int pid, int parent, boolean thread, List<String> execs, String end) { }

    private static final Pattern LINE = Pattern.compile("(\\d+)\\s+(.*)");
    private static final Pattern RESUMED = Pattern.compile("<\\.\\.\\. (\\w+) resumed>(.*)");
    private static final Pattern EXIT = Pattern.compile("\\+\\+\\+ (.*) \\+\\+\\+");
    private static final Pattern EXECVE = Pattern.compile("execve(?:at)?\\((?:[^,]*, )?\"((?:[^\"\\\\]|\\\\.)*)\", \\[(.*?)\\]");
    // an argument; strace cuts strings longer than -s (32) and marks them "like this"...
    private static final Pattern ARG = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"(\\.\\.\\.)?");

    private final Map<Integer, Integer> parents = new HashMap<>();
    private final Map<Integer, Boolean> threads = new HashMap<>();
    private final Map<Integer, List<String>> execs = new HashMap<>();
    private final Map<Integer, String> ends = new HashMap<>();
    private final Map<Integer, Boolean> seen = new LinkedHashMap<>();  // first appearance order
    private final Map<Integer, String> unfinished = new HashMap<>();

    ProcessTree(int root) {
        seen.put(root, true);
    }

    /** Takes one line of {@code strace -f} output ("PID call(args) = result" and friends). */
    void accept(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) return;
        int pid = Integer.parseInt(m.group(1));
        String rest = m.group(2);
        seen.putIfAbsent(pid, true);
        Matcher exit = EXIT.matcher(rest);
        if (exit.matches()) {
            ends.put(pid, exit.group(1));
            return;
        }
        if (rest.endsWith("<unfinished ...>")) {
            unfinished.put(pid, rest.substring(0, rest.length() - "<unfinished ...>".length()));
            return;
        }
        Matcher resumed = RESUMED.matcher(rest);
        String call = resumed.matches() ? unfinished.getOrDefault(pid, resumed.group(1) + "(") + resumed.group(2) : rest;
        if (resumed.matches()) unfinished.remove(pid);
        int eq = call.lastIndexOf(" = ");
        if (eq < 0) return;
        String result = call.substring(eq + 3).strip();
        String name = call.substring(0, Math.max(0, call.indexOf('(')));
        switch (name) {
            case "clone", "clone3", "fork", "vfork" -> {
                if (result.matches("\\d+")) {
                    int child = Integer.parseInt(result);
                    parents.put(child, pid);
                    threads.put(child, call.contains("CLONE_THREAD"));
                    seen.putIfAbsent(child, true);
                }
            }
            case "execve", "execveat" -> {
                Matcher e = EXECVE.matcher(call);
                if (result.equals("0") && e.find()) execs.computeIfAbsent(pid, p -> new ArrayList<>()).add(argv(e));
            }
            default -> { }
        }
    }

    // "/usr/bin/ls -l /tmp": the program's path (strace shows it whole) and argv[1] on
    private static String argv(Matcher execve) {
        List<String> words = new ArrayList<>(List.of(execve.group(1)));
        Matcher arg = ARG.matcher(execve.group(2));
        for (int i = 0; arg.find(); i++) {
            if (i > 0) words.add(arg.group(1) + (arg.group(2) == null ? "" : "..."));
        }
        if (execve.group(2).endsWith(", ...")) words.add("...");  // more arguments than strace shows
        return String.join(" ", words);
    }

    /** Every process and thread seen, in the order they first appeared; the traced one first. */
    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        for (int pid : seen.keySet()) {
            nodes.add(new Node(pid, parents.getOrDefault(pid, 0), threads.getOrDefault(pid, false),
                    List.copyOf(execs.getOrDefault(pid, List.of())), ends.get(pid)));
        }
        return nodes;
    }

    /** The processes (not threads) seen, the traced one included. */
    public long processes() {
        return nodes().stream().filter(n -> !n.thread()).count();
    }

    /**
     * The tree as text, one process or thread a line, children below their creator:
     * <pre>
     * 4242 process: ran /usr/bin/sh -c ls | wc -l; exited with 0
     * ├─ 4243 process: ran /usr/bin/ls; exited with 0
     * └─ 4244 process: ran /usr/bin/wc -l; exited with 0
     * </pre>
     */
    public String render() {
        Map<Integer, List<Node>> children = new LinkedHashMap<>();
        List<Node> tops = new ArrayList<>();
        for (Node n : nodes()) {
            if (n.parent() != 0 && seen.containsKey(n.parent())) {
                children.computeIfAbsent(n.parent(), p -> new ArrayList<>()).add(n);
            } else {
                tops.add(n);  // the traced process, or one whose creation the trace did not show
            }
        }
        StringBuilder out = new StringBuilder();
        for (Node top : tops) draw(top, "", "", children, out);
        return out.toString();
    }

    private static void draw(Node n, String lead, String indent, Map<Integer, List<Node>> children, StringBuilder out) {
        out.append(lead).append(describe(n)).append('\n');
        List<Node> kids = children.getOrDefault(n.pid(), List.of());
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            draw(kids.get(i), indent + (last ? "└─ " : "├─ "), indent + (last ? "   " : "│  "), children, out);
        }
    }

    private static String describe(Node n) {
        StringBuilder s = new StringBuilder().append(n.pid()).append(n.thread() ? " thread" : " process");
        List<String> parts = new ArrayList<>();
        for (String exec : n.execs()) parts.add("ran " + exec);
        parts.add(n.end() == null ? "still running when the trace ended" : n.end());
        return s.append(": ").append(String.join("; ", parts)).toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
