package syslab.kernel.eval;

import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Finds the untrusted (student) snippets that would change what a name in locked (instructor) code
 * means: a declaration or single import of a name that the locked code uses and that means
 * something without the student's code, because a trusted snippet declares it, a trusted import
 * brings it in, or it is a package. A name only students declare (the method a task asks for, a
 * helper of their own) is theirs to define. On-demand imports are left alone: they never shadow a
 * declared or singly imported name, at most make it ambiguous, which fails to compile.
 */
final class Shadows {
    private final JShell shell;
    private final Set<Snippet> trusted; // by identity
    private final ClassLoader loader;

    Shadows(JShell shell, Set<Snippet> trusted, ClassLoader loader) {
        this.shell = shell;
        this.trusted = trusted;
        this.loader = loader;
    }

    /** The active untrusted snippets that declare or import one of {@code used} with a trusted meaning. */
    List<Snippet> of(Set<String> used) {
        List<Snippet> found = new ArrayList<>();
        shell.snippets()
                .filter(s -> !trusted.contains(s) && shell.status(s).isActive())
                .forEach(s -> {
                    String name = declaredName(s);
                    if (name != null && used.contains(name) && meansSomethingTrusted(name)) found.add(s);
                });
        return found;
    }

    /** The simple name a snippet binds in later snippets, or null (statements, on-demand imports). */
    static String declaredName(Snippet snippet) {
        if (snippet instanceof DeclarationSnippet d) return d.name();
        if (snippet instanceof ImportSnippet i && (snippet.subKind() == Snippet.SubKind.SINGLE_TYPE_IMPORT_SUBKIND
                || snippet.subKind() == Snippet.SubKind.SINGLE_STATIC_IMPORT_SUBKIND)) {
            String full = i.fullname();
            return full.substring(full.lastIndexOf('.') + 1);
        }
        return null;
    }

    private boolean meansSomethingTrusted(String name) {
        return trustedSnippets().anyMatch(s -> name.equals(declaredName(s)))
                || type("java.lang." + name)
                || trustedSnippets().filter(ImportSnippet.class::isInstance).map(ImportSnippet.class::cast)
                        .anyMatch(i -> imports(i, name))
                || isPackage(name);
    }

    // Overwritten ones too: a student's redefinition of check() makes the locked one inactive.
    private Stream<Snippet> trustedSnippets() {
        return shell.snippets().filter(s -> trusted.contains(s));
    }

    private boolean imports(ImportSnippet i, String name) {
        String from = i.fullname();
        return switch (i.subKind()) {
            case TYPE_IMPORT_ON_DEMAND_SUBKIND -> type(stripStar(from) + "." + name);
            case STATIC_IMPORT_ON_DEMAND_SUBKIND -> hasStaticMember(stripStar(from), name);
            default -> false; // single imports: declaredName already matched them
        };
    }

    private static String stripStar(String name) {
        return name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
    }

    private boolean type(String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private boolean hasStaticMember(String className, String name) {
        Class<?> owner;
        try {
            owner = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        Stream<Member> members = Stream.<Member>concat(Arrays.stream(owner.getFields()), Arrays.stream(owner.getMethods()));
        return members.anyMatch(m -> Modifier.isStatic(m.getModifiers()) && m.getName().equals(name))
                || Arrays.stream(owner.getClasses()).anyMatch(c -> c.getSimpleName().equals(name));
    }

    // "java" in java.util.List, "syslab" in syslab.fork.ForkRunner: a variable of that name would win.
    private boolean isPackage(String name) {
        return Stream.concat(Arrays.stream(loader.getDefinedPackages()), Arrays.stream(Package.getPackages()))
                .map(Package::getName)
                .anyMatch(p -> p.equals(name) || p.startsWith(name + "."))
                || ModuleLayer.boot().modules().stream().flatMap(m -> m.getPackages().stream())
                        .anyMatch(p -> p.equals(name) || p.startsWith(name + "."));
    }

    /** "method check(boolean,String)", "class Objects", "import java.awt.List". */
    static String describe(Snippet snippet) {
        if (snippet instanceof ImportSnippet i) return "import " + (i.isStatic() ? "static " : "") + i.fullname();
        return JavaEvaluator.describe((DeclarationSnippet) snippet);
    }
}
