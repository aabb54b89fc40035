package syslab.kernel.magic;

import picocli.CommandLine;
import syslab.magic.Magic;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds magics (every {@code syslab.magic.Magic} listed in META-INF/services, from magics/ and
 * kernel/ alike) and runs them by name. A fresh instance per run, since picocli writes options
 * into the magic's fields.
 */
public final class MagicDispatcher {
    private final Map<String, Supplier<Magic>> magics = new TreeMap<>();

    public MagicDispatcher(ClassLoader loader) {
        for (ServiceLoader.Provider<Magic> provider : ServiceLoader.load(Magic.class, loader).stream().toList()) {
            CommandLine.Command command = provider.type().getAnnotation(CommandLine.Command.class);
            if (command == null) continue;
            magics.put(command.name(), provider::get);
            for (String alias : command.aliases()) magics.put(alias, provider::get);
        }
    }

    public boolean has(String name) { return magics.containsKey(name); }

    /** Names with their forms, for %lsmagic: "%%fork", "%time", "%%time". */
    public List<String> listing() {
        return magics.entrySet().stream().flatMap(e -> {
            Magic m = e.getValue().get();
            return java.util.stream.Stream.of(m.line() ? "%" + e.getKey() : null, m.cell() ? "%%" + e.getKey() : null);
        }).filter(s -> s != null).toList();
    }

    /** The first sentence of each magic's description, as picocli renders it, for %lsmagic. */
    public Map<String, String> descriptions() {
        return magics.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> {
            String[] lines = new CommandLine(e.getValue().get()).getCommandSpec().usageMessage().description();
            String text = String.join(" ", lines).replace("%%", "%").replaceAll("\\s+", " ").strip();
            int end = text.indexOf(". ");
            return end < 0 ? text : text.substring(0, end + 1);
        }, (a, b) -> a, TreeMap::new));
    }

    /** Runs magic {@code name}; body is null for the line form. */
    public Object run(String name, String args, String body, KernelContext context) throws Exception {
        Supplier<Magic> magic = magics.get(name);
        if (magic == null) {
            String prefix = body == null ? "%" : "%%";
            String near = closest(name).stream().map(n -> prefix + n).collect(Collectors.joining(", "));
            throw new MagicException("unknown magic " + prefix + name
                    + (near.isEmpty() ? "" : "; did you mean " + near + "?") + " (%lsmagic lists them all)");
        }
        Magic instance = magic.get();
        if (instance instanceof KernelMagic kernelMagic) kernelMagic.attach(context);
        return MagicRunner.run(instance, args, body, context);
    }

    private List<String> closest(String name) {
        return magics.keySet().stream()
                .filter(n -> distance(n, name) <= Math.max(2, name.length() / 3))
                .sorted(Comparator.comparingInt(n -> distance(n, name)))
                .limit(3).toList();
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous; previous = current; current = t;
        }
        return previous[b.length()];
    }
}
