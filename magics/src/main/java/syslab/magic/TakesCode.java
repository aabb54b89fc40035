package syslab.magic;

/**
 * A magic whose line form ends in Java code ({@code %time s.split(" ")}). Shell-style splitting
 * would eat the code's quotes and backslashes, so {@link MagicRunner} stops option parsing at the
 * first positional word and hands the rest of the line over exactly as typed.
 */
public interface TakesCode {
    /** The code after the options, verbatim; empty when there is none. Called before call(). */
    void code(String javaCode);
}
