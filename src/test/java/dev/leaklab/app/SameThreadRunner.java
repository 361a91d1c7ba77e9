package dev.leaklab.app;

import dev.leaklab.core.task.ProgressListener;
import java.util.function.Consumer;

/** A {@link BackgroundRunner} that does the work at once on the calling thread, so tests need no FX thread. */
public final class SameThreadRunner implements BackgroundRunner {

    private int submitted;

    @Override
    public <T> void submit(Work<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        submitted++;
        T result;
        try {
            result = work.run(onProgress);
        } catch (Exception | Error failure) {
            onFailure.accept(failure);
            return;
        }
        onSuccess.accept(result);
    }

    @Override
    public void onUiThread(Runnable action) {
        action.run();
    }

    @Override
    public void shutdown() {
        // nothing runs after submit returns
    }

    /** How many pieces of work were submitted. */
    public int submitted() {
        return submitted;
    }
}
