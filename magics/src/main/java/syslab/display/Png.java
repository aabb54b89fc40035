package syslab.display;

/** PNG bytes to show as {@code image/png}. */
public record Png(byte[] bytes) { }
