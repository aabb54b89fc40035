package syslab.kernel.magic;

import picocli.CommandLine.Command;
import syslab.display.Html;

import java.util.Map;

@Command(name = "lsmagic", mixinStandardHelpOptions = true, description = "List the available magics.")
public final class LsMagic extends KernelMagic {
    @Override
    public Object call() {
        MagicDispatcher magics = kernel.magics();
        StringBuilder html = new StringBuilder("<table><tr><th>magic</th><th>what it does</th></tr>");
        StringBuilder text = new StringBuilder();
        Map<String, String> descriptions = magics.descriptions();
        for (String form : magics.listing()) {
            String description = descriptions.get(form.replace("%", ""));
            html.append("<tr><td><code>").append(form).append("</code></td><td>")
                    .append(description.replace("<", "&lt;")).append("</td></tr>");
            text.append(String.format("%-14s %s%n", form, description));
        }
        return new Html(html.append("</table>").toString(), text.toString());
    }
}
