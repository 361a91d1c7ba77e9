package dev.leaklab.core.model;

/** Training that could not go on, such as a loss that became NaN; the message says what to change. */
public final class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line for the user */
    public TrainingException(String message) {
        super(message);
    }

    /** @param message one line for the user, @param cause the low-level cause */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
