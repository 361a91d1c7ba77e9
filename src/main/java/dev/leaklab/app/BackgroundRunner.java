package dev.leaklab.app;

import dev.leaklab.core.task.ProgressListener;
import java.util.function.Consumer;

/**
 * Runs slow work off the UI thread and hands its progress and outcome back on the UI thread. View models
 * only ever talk to this interface: the FX implementation uses a worker thread and
 * {@code Platform.runLater}, tests use one that runs everything at once on the calling thread.
 */
public interface BackgroundRunner {

    /**
     * Starts {@code work}. Exactly one of {@code onSuccess} and {@code onFailure} is called afterwards, on
     * the UI thread; {@code onProgress} may be called any number of times before that, also on the UI
     * thread, possibly with updates coalesced.
     *
     * @param work       the work; it must not touch nodes
     * @param onProgress receives the work's progress
     * @param onSuccess  receives the result
     * @param onFailure  receives whatever the work threw, {@link java.util.concurrent.CancellationException}
     *                   included
     * @param <T>        the result type
     */
    <T> void submit(Work<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                    Consumer<? super Throwable> onFailure);

    /**
     * Runs {@code action} on the UI thread, later: how work reports more than {@link ProgressListener} carries
     * (a training curve's points, say). Safe to call from any thread.
     */
    void onUiThread(Runnable action);

    /** Stops accepting work and abandons threads that are still running; results that arrive later are dropped. */
    void shutdown();

    /**
     * Work that runs in the background.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    interface Work<T> {

        /**
         * Does the work.
         *
         * @param progress where to report progress; cheap to call often
         * @return the result
         * @throws Exception whatever went wrong, passed to the failure callback
         */
        T run(ProgressListener progress) throws Exception;
    }
}
