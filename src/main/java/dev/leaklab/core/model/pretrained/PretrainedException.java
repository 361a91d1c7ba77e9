package dev.leaklab.core.model.pretrained;

import dev.leaklab.core.InputException;
import java.nio.file.Path;

/** A pretrained folder or one of its files that cannot be used; renders as {@code FILE:LINE: reason}. */
public final class PretrainedException extends InputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the offending file or folder
     * @param line   1-based line, or 0 when the problem is not on one line
     * @param reason what is wrong, in plain words, without the location
     * @param cause  the low-level cause, kept for the log, or {@code null}
     */
    public PretrainedException(Path file, long line, String reason, Throwable cause) {
        super(file, line, reason, cause);
    }

    /** As {@link #PretrainedException(Path, long, String, Throwable)} for a problem not on one line. */
    public PretrainedException(Path file, String reason) {
        super(file, 0, reason, null);
    }
}
