package syslab.magic;

/**
 * A magic whose line form ends in Java code or a command ({@code %time s.split(" ")}), and which
 * also has the cell form. Shell-style splitting would eat the code's quotes and backslashes, so
 * {@link MagicRunner} stops option parsing at the first positional word and hands the rest of the
 * line over exactly as typed, in {@link #code}.
 */
public abstract class CodeMagic extends Magic {
    /** The line after the options, verbatim; empty when there is none. Set before call(). */
    protected String code = "";

    @Override
    public boolean cell() { return true; }

    final void code(String text) {
        code = text;
    }
}
