package syslab.display;

/** HTML to show as {@code text/html}, with a plain-text fallback for consoles and tests. */
public record Html(String html, String text) {
    public Html(String html) { this(html, html.replaceAll("<[^>]+>", "")); }
}
