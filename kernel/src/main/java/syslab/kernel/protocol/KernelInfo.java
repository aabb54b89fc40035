package syslab.kernel.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kernel_info_reply: who we are and how notebooks should treat the language. */
public record KernelInfo(String implementationVersion) {
    public Map<String, Object> content() {
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("name", "java");
        language.put("version", Runtime.version().toString());
        language.put("mimetype", "text/x-java");
        language.put("file_extension", ".jshell");
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "text/x-java");
        language.put("nbconvert_exporter", "script");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("protocol_version", Messages.PROTOCOL_VERSION);
        content.put("implementation", "syslab");
        content.put("implementation_version", implementationVersion);
        content.put("language_info", language);
        content.put("banner", "SysLab " + implementationVersion + ": Java " + Runtime.version()
                + " (JShell) with Linux systems magics; %lsmagic lists them");
        content.put("help_links", List.of(
                Map.of("text", "Java SE 17 API", "url", "https://docs.oracle.com/en/java/javase/17/docs/api/"),
                Map.of("text", "Linux man pages", "url", "https://man7.org/linux/man-pages/")));
        return content;
    }
}
