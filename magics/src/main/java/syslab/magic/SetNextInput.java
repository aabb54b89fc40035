package syslab.magic;

/**
 * A magic's request to put text into the notebook's input (Jupyter's {@code set_next_input}
 * payload): with {@code replace} the text replaces the current cell, as {@code %load} does;
 * otherwise it becomes a new cell below.
 */
public record SetNextInput(String text, boolean replace) { }
