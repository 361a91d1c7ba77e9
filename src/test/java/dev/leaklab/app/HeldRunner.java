package dev.leaklab.app;

import dev.leaklab.core.task.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds submitted work, and what is posted to the UI thread, until told to run it: a slow background thread
 * and a busy UI thread.
 */
public final class HeldRunner implements BackgroundRunner {

    private final List<Runnable> pending = new ArrayList<>();

    @Override
    public <T> void submit(Work<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        pending.add(() -> new SameThreadRunner().submit(work, onProgress, onSuccess, onFailure));
    }

    @Override
    public void onUiThread(Runnable action) {
        pending.add(action);
    }

    @Override
    public void shutdown() {
        pending.clear();
    }

    /** Runs the work and posts held so far (what they submit or post in turn waits for the next call). */
    public void runAll() {
        List<Runnable> now = List.copyOf(pending);
        pending.clear();
        now.forEach(Runnable::run);
    }
}
