package syslab.magic;

/** A magic with the cell form only ({@code %%fork}, {@code %%bash}): the cell below its line is its input. */
public abstract class CellMagic extends Magic {
    @Override
    public final boolean line() { return false; }

    @Override
    public final boolean cell() { return true; }
}
