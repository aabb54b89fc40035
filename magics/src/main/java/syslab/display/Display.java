package syslab.display;

/**
 * Shows values inline and updates a shown value in place. The kernel renders each value by its
 * type (Tablesaw Table as HTML, XChart chart as PNG, {@link Html}, {@link Markdown}, text).
 */
public interface Display {
    /** Shows the value and returns the display id that {@link #update} takes. */
    String show(Object value);

    /** Replaces what the display with this id shows. */
    void update(String displayId, Object value);

    /** Clears the cell's output (wait: clear only when the next output arrives). */
    void clear(boolean wait);

    /** A display that drops everything: for experiments run outside a notebook. */
    Display NONE = new Display() {
        public String show(Object value) { return ""; }
        public void update(String displayId, Object value) { }
        public void clear(boolean wait) { }
    };
}
