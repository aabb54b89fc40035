package syslab.kernel.protocol;

import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** This session's cells, answering history_request (tail, range, search) like IPython. */
final class History {
    private record Entry(int line, String input, String output) { }

    private final List<Entry> entries = new ArrayList<>();

    /** output: the text of the cell's result, or null when it showed none. */
    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /**
     * Rows of [session, line, input], or [session, line, [input, output]] when the request asks for
     * output; session 0 is the current one, as IPython numbers it.
     */
    synchronized List<List<Object>> query(HistoryRequest request) {
        List<Entry> chosen;
        if (request instanceof HistoryRequest.Tail tail) {
            chosen = last(entries, tail.getMaxReturnLength());
        } else if (request instanceof HistoryRequest.Range range) {
            int stop = range.getStop() <= 0 ? Integer.MAX_VALUE : range.getStop();
            chosen = entries.stream().filter(e -> e.line() >= range.getStart() && e.line() < stop).toList();
        } else if (request instanceof HistoryRequest.Search search) {
            Pattern glob = globPattern(search.getPattern());
            List<Entry> matching = entries.stream().filter(e -> glob.matcher(e.input()).matches()).toList();
            if (search.filterUnique()) {
                Set<String> seen = new LinkedHashSet<>();
                List<Entry> unique = new ArrayList<>();
                for (int i = matching.size() - 1; i >= 0; i--) {
                    if (seen.add(matching.get(i).input())) unique.add(0, matching.get(i));
                }
                matching = unique;
            }
            chosen = last(matching, search.getMaxReturnLength());
        } else {
            chosen = List.of();
        }
        return chosen.stream().map(e -> List.<Object>of(0, e.line(), request.includeOutput()
                ? java.util.Arrays.asList(e.input(), e.output()) : e.input())).toList();
    }

    private static List<Entry> last(List<Entry> list, int n) {
        return n <= 0 ? list : list.subList(Math.max(0, list.size() - n), list.size());
    }

    /** IPython's search patterns are globs: * and ? with everything else literal. */
    private static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : (glob == null ? "*" : glob).toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
