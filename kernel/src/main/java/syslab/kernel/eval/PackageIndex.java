package syslab.kernel.eval;

import javax.lang.model.SourceVersion;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import syslab.kernel.log.Log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Gives JShell's completion the names of packages without JShell's class index. When its source
 * analysis is made, JShell indexes every class of the JDK and of the class path in the background,
 * for a fix-imports shortcut of its own tool; the kernel offers none, and the index held 23 MiB of a
 * 47 MiB heap (after a full GC, JDK 17, the kernel's jar on the class path). Completing a package
 * name ({@code java.u} to {@code util.}) needs only the package names, read here from the module
 * descriptors and the class path. JShell has no option for it, so this parks its indexing thread and
 * fills the index with packages alone, by reflection (the package is opened as for
 * {@link ReplClasses}); without the opening JShell indexes as before.
 */
final class PackageIndex {
    private static final Class<?> ANALYSIS, CLASS_INDEX;
    private static final Field INDEXER, CURRENT_INDEXES;
    private static final Constructor<?> NEW_CLASS_INDEX;
    private static boolean indexerParked;

    static {
        Class<?> analysis = null, classIndex = null;
        Field indexer = null, currentIndexes = null;
        Constructor<?> newClassIndex = null;
        try {
            analysis = Class.forName("jdk.jshell.SourceCodeAnalysisImpl");
            classIndex = Class.forName("jdk.jshell.SourceCodeAnalysisImpl$ClassIndex");
            indexer = analysis.getDeclaredField("INDEXER");
            indexer.setAccessible(true);
            currentIndexes = analysis.getDeclaredField("currentIndexes");
            currentIndexes.setAccessible(true);
            newClassIndex = classIndex.getConstructor(long.class, Path.class, Set.class, Map.class);
            newClassIndex.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warn("JShell indexes every class for completion (23 MiB more heap): " + e);
            indexer = null;
        }
        ANALYSIS = analysis;
        CLASS_INDEX = classIndex;
        INDEXER = indexer;
        CURRENT_INDEXES = currentIndexes;
        NEW_CLASS_INDEX = newClassIndex;
    }

    private PackageIndex() {
    }

    /**
     * Makes the shell's source analysis without JShell's class index. Cheap: the packages are read
     * by the first completion ({@link #fill}), which a first cell should not wait for.
     */
    static void install(JShell shell) {
        if (INDEXER == null) return;
        parkIndexer();
        shell.sourceCodeAnalysis(); // queues its indexing behind the park
    }

    /** Gives the shell's analysis the packages of the JDK and of the class path, once. */
    static void fill(JShell shell) {
        if (INDEXER == null || !ANALYSIS.isInstance(shell.sourceCodeAnalysis())) return;
        Path jdk = Path.of(System.getProperty("java.home"), "lib", "modules");
        synchronized (indexes(shell)) {
            if (indexes(shell).containsKey(jdk)) return;
        }
        add(shell, jdk, systemPackages());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) addPath(shell, Path.of(entry));
        }
    }

    /** Adds the packages of a jar or class folder put on the class path. */
    static void addPath(JShell shell, Path path) {
        if (INDEXER == null || !ANALYSIS.isInstance(shell.sourceCodeAnalysis())) return;
        try {
            add(shell, path.toAbsolutePath(), packagesIn(path));
        } catch (IOException | UncheckedIOException e) {
            Log.warn("no package completion from " + path + ": " + e);
        }
    }

    /**
     * JShell's index is made on one thread shared by every JShell of the JVM: a task that never
     * ends holds it, so what is queued behind it (each analysis' and class-path change's indexing)
     * never runs.
     */
    private static synchronized void parkIndexer() {
        if (indexerParked) return;
        try {
            ((ExecutorService) INDEXER.get(null)).submit(() -> {
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        // stays parked
                    }
                }
            });
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        indexerParked = true;
    }

    private static void add(JShell shell, Path path, Set<String> packages) {
        try {
            Object index = NEW_CLASS_INDEX.newInstance(-1L, path, packages, Map.of());
            Map<Path, Object> current = indexes(shell);
            synchronized (current) {
                current.put(path, CLASS_INDEX.cast(index));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JShell's indexes by class-path entry, which it reads under their lock. */
    @SuppressWarnings("unchecked")
    private static Map<Path, Object> indexes(JShell shell) {
        try {
            return (Map<Path, Object>) CURRENT_INDEXES.get(shell.sourceCodeAnalysis());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> systemPackages() {
        Set<String> packages = new TreeSet<>();
        for (ModuleReference module : ModuleFinder.ofSystem().findAll()) {
            packages.addAll(module.descriptor().packages());
        }
        return packages;
    }

    private static Set<String> packagesIn(Path path) throws IOException {
        Set<String> packages = new TreeSet<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> path.relativize(f.getParent() == null ? path : f.getParent()).toString())
                        .map(p -> p.replace(path.getFileSystem().getSeparator(), "."))
                        .filter(PackageIndex::isPackageName)
                        .forEach(packages::add);
            }
        } else if (Files.isRegularFile(path)) {
            try (JarFile jar = new JarFile(path.toFile())) {
                jar.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith(".class") && n.lastIndexOf('/') > 0)
                        .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                        .filter(PackageIndex::isPackageName) // not META-INF.versions.9
                        .forEach(packages::add);
            }
        }
        return packages;
    }

    private static boolean isPackageName(String name) {
        return SourceVersion.isName(name);
    }
}
