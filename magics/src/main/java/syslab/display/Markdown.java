package syslab.display;

/** Markdown to show as {@code text/markdown}. */
public record Markdown(String markdown) { }
