package dev.leaklab.core.code.bpe;

import dev.leaklab.core.InputException;
import java.nio.file.Path;

/**
 * A tokenizer file ({@code vocab.json}, {@code merges.txt}) that cannot be read; renders as
 * {@code FILE:LINE: reason}.
 */
public final class TokenizerException extends InputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the offending file
     * @param line   1-based line, or 0 when the problem is not on one line
     * @param reason what is wrong, in plain words, without the location
     * @param cause  the low-level cause, kept for the log, or {@code null}
     */
    public TokenizerException(Path file, long line, String reason, Throwable cause) {
        super(file, line, reason, cause);
    }
}
