package dev.leaklab.core.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A flag that long work polls to stop early; set from any thread. */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A token that is never cancelled unless {@link #cancel()} is called. */
    public static CancellationToken none() {
        return new CancellationToken();
    }

    /** Asks the work to stop. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancellationException} when cancelled; call it between units of work. */
    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new CancellationException("cancelled");
        }
    }
}
