package dev.leaklab.core.experiment;

import dev.leaklab.core.InputException;
import java.nio.file.Path;

/** A project file that cannot be read or written; renders as {@code FILE:LINE: reason}. */
public final class ProjectException extends InputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the project file
     * @param line   1-based line, or 0
     * @param reason what is wrong
     * @param cause  the low-level cause, or {@code null}
     */
    public ProjectException(Path file, long line, String reason, Throwable cause) {
        super(file, line, reason, cause);
    }
}
