package syslab.kernel.session;

import syslab.kernel.eval.Inspection;
import syslab.kernel.eval.JavaEvaluator;

import java.util.List;
import java.util.regex.Pattern;

/**
 * IPython's {@code name?}: a cell that is only an expression followed by {@code ?} (or {@code ??}
 * for the full javadoc) opens the signature and documentation in the notebook's pager.
 */
final class Help {
    private static final Pattern REQUEST = Pattern.compile("\\s*[\\w.$]+(\\(\\))?\\?{1,2}\\s*");

    private Help() { }

    static boolean isHelpRequest(String code) {
        return REQUEST.matcher(code).matches();
    }

    static Outcome page(JavaEvaluator evaluator, String code) {
        String trimmed = code.strip();
        int detail = trimmed.endsWith("??") ? 1 : 0;
        String expression = trimmed.replaceAll("\\?+$", "");
        Inspection inspection = evaluator.inspect(expression, expression.length(), detail);
        if (inspection == null) {
            return new Outcome.Failed("NameError", "nothing is known about " + expression,
                    List.of("Object `" + expression + "` not found."));
        }
        return new Outcome.Ok(new Outcome.Page(inspection.plainText()), false, null);
    }
}
