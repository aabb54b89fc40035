package syslab.kernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.lang.model.SourceVersion;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

/**
 * Completion, inspection and is-complete answers from JShell's source analysis. JShell analyses
 * one snippet; a cell can hold several, so the cursor's own snippet is cut out first.
 */
final class SourceHelp {

    private static final String INDENT = "    ";
    private static final Pattern CODE_TAG = Pattern.compile("\\{@(?:code|literal|value)\\s+([^}]*)}");
    private static final Pattern LINK_TAG =
            Pattern.compile("\\{@link(?:plain)?\\s+([^\\s}(]+(?:\\([^)]*\\))?)([^}]*)}");
    private static final Pattern PARAGRAPH = Pattern.compile("(?i)\\s*<p>\\s*");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
    private static final Pattern SUMMARY_END = Pattern.compile("\\n\\s*\\n|\\n@");

    private SourceHelp() {
    }

    static Completion complete(JShell shell, String code, int cursor) {
        PackageIndex.fill(shell);
        Cut cut = Cut.at(shell.sourceCodeAnalysis(), code, cursor);
        int[] anchor = new int[1];
        List<Suggestion> suggestions =
                shell.sourceCodeAnalysis().completionSuggestions(cut.text, cut.cursor, anchor);
        Set<String> variables = shell.variables().map(v -> v.name()).collect(Collectors.toSet());
        // overloads give one continuation each; keep one, and the type hints first
        Map<String, Completion.Match> matches = new LinkedHashMap<>();
        suggestions.stream().filter(Suggestion::matchesType).forEach(s -> matches.putIfAbsent(
                s.continuation(), new Completion.Match(s.continuation(), kind(s.continuation(), variables), true)));
        suggestions.forEach(s -> matches.putIfAbsent(
                s.continuation(), new Completion.Match(s.continuation(), kind(s.continuation(), variables), false)));
        return new Completion(new ArrayList<>(matches.values()), cut.offset + anchor[0], cursor);
    }

    // JShell gives no element kind: guess it from the text the way a reader would.
    private static String kind(String text, Set<String> variables) {
        if (text.endsWith("(") || text.endsWith("()")) {
            return "function";
        }
        if (SourceVersion.isKeyword(text)) {
            return "keyword";
        }
        if (!variables.contains(text) && Character.isUpperCase(text.codePointAt(0))) {
            return "class";
        }
        return "instance";
    }

    /**
     * Documentation of the element at the cursor: every overload's signature with its javadoc
     * (first paragraph at detail level 0, all of it above). JShell finds methods only from inside
     * their call's parentheses, so a cursor on a method name is retried just after its '(' (added
     * if missing).
     */
    static Inspection inspect(JShell shell, String code, int cursor, int detailLevel) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Cut cut = Cut.at(analysis, code, cursor);
        String text = cut.text;
        int nameEnd = cut.cursor;
        while (nameEnd < text.length() && Character.isJavaIdentifierPart(text.charAt(nameEnd))) {
            nameEnd++;
        }
        List<Documentation> docs = analysis.documentation(text, cut.cursor, true);
        if (docs.isEmpty() && nameEnd > 0 && Character.isJavaIdentifierPart(text.charAt(nameEnd - 1))) {
            docs = nameEnd < text.length() && text.charAt(nameEnd) == '('
                    ? analysis.documentation(text, nameEnd + 1, true)
                    : analysis.documentation(text.substring(0, nameEnd) + "(", nameEnd + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        return new Inspection(docs.stream()
                .map(d -> new Inspection.Entry(d.signature(), plainJavadoc(d.javadoc(), detailLevel > 0)))
                .toList());
    }

    // Javadoc comes as raw comment text; readers want words, not markup.
    private static String plainJavadoc(String javadoc, boolean full) {
        if (javadoc == null || javadoc.isBlank()) {
            return null;
        }
        String text = CODE_TAG.matcher(javadoc).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        text = LINK_TAG.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2).isBlank()
                ? m.group(1).replaceFirst("^#", "").replace('#', '.')
                : m.group(2).strip()));
        text = PARAGRAPH.matcher(text).replaceAll("\n\n");
        text = HTML_TAG.matcher(text).replaceAll("");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        text = text.lines().map(String::strip).collect(Collectors.joining("\n")).strip();
        if (full) {
            return text;
        }
        // the summary: up to the first blank line or block tag
        Matcher end = SUMMARY_END.matcher(text);
        return end.find() ? text.substring(0, end.start()).strip() : text;
    }

    static IsComplete isComplete(SourceCodeAnalysis analysis, String code) {
        String rest = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                return IsComplete.COMPLETE;
            }
            if (completeness == Completeness.UNKNOWN) {
                return IsComplete.INVALID;
            }
            if (!completeness.isComplete()) {
                return IsComplete.incomplete(indentAfter(code));
            }
            rest = info.remaining();
        }
    }

    // Same indent as the last line, one level deeper after an opening brace or parenthesis.
    private static String indentAfter(String code) {
        String last = code.stripTrailing();
        last = last.substring(last.lastIndexOf('\n') + 1);
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        return last.endsWith("{") || last.endsWith("(") ? indent + INDENT : indent;
    }

    /** The part of the cell JShell should analyse: from the start of the cursor's snippet. */
    private record Cut(String text, int offset, int cursor) {

        static Cut at(SourceCodeAnalysis analysis, String code, int cursor) {
            List<CellSnippets.Piece> pieces = CellSnippets.split(analysis, code.substring(0, cursor));
            int offset = pieces.isEmpty() ? 0 : pieces.get(pieces.size() - 1).start();
            return new Cut(code.substring(offset), offset, cursor - offset);
        }
    }
}
