package syslab.display;

import java.util.List;

/** A value to render as the given MIME types only, e.g. a chart as {@code image/svg+xml}. */
public record As(Object value, List<String> mimeTypes) {
    public As {
        mimeTypes = List.copyOf(mimeTypes);
        if (mimeTypes.isEmpty()) throw new IllegalArgumentException("As: name at least one MIME type");
    }
}
