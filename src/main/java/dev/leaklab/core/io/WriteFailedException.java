package dev.leaklab.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that could not be written; the file is then as it was before. Renders as the one line
 * {@code FILE: cannot write: reason}, which the CLI prints after {@code error: } and the GUI shows in a dialog.
 */
public final class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * @param file   the file that was to be written
     * @param reason why not, in one line, without the file
     * @param cause  the low-level cause, kept for the log
     */
    public WriteFailedException(Path file, String reason, Throwable cause) {
        super(file + ": cannot write: " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The file that was to be written. */
    public Path file() {
        return file;
    }

    /** Why it could not be, without the file: {@code No space left on device}. */
    public String reason() {
        return reason;
    }
}
