package dev.leaklab.core.data;

import dev.leaklab.core.InputException;
import java.nio.file.Path;

/** A dataset that cannot be read; renders as {@code FILE:LINE: reason}. */
public final class DatasetException extends InputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the offending file or folder
     * @param line   1-based line, or 0 when the problem is not on one line
     * @param reason what is wrong, in plain words, without the location
     */
    public DatasetException(Path file, long line, String reason) {
        super(file, line, reason, null);
    }

    /** As {@link #DatasetException(Path, long, String)}, keeping the low-level cause for the log. */
    public DatasetException(Path file, long line, String reason, Throwable cause) {
        super(file, line, reason, cause);
    }
}
