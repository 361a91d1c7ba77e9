package dev.leaklab.app;

import dev.leaklab.core.task.ProgressListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * {@link BackgroundRunner} on daemon worker threads, with callbacks delivered by {@link Platform#runLater}.
 * Each submission gets a thread of its own (threads are reused), so a new load starts at once while a
 * cancelled one is still winding down. Progress is coalesced: however often the work reports, at most one
 * update waits in the FX queue, and it carries the latest values.
 */
public final class FxBackgroundRunner implements BackgroundRunner {

    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "leaklab-worker-" + threadNumber.incrementAndGet());
        // why: an unfinished load must never keep the JVM alive after the window is closed
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public <T> void submit(Work<T> work, ProgressListener onProgress, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        AtomicReference<Progress> latest = new AtomicReference<>();
        ProgressListener relay = (stage, done, total) -> {
            if (latest.getAndSet(new Progress(stage, done, total)) == null) {
                Platform.runLater(() -> {
                    Progress p = latest.getAndSet(null);
                    if (p != null) {
                        onProgress.progress(p.stage(), p.done(), p.total());
                    }
                });
            }
        };
        executor.execute(() -> {
            T result;
            try {
                result = work.run(relay);
            } catch (Throwable failure) {
                // why: an OutOfMemoryError on a huge dataset must reach the user too, not kill a thread silently
                Platform.runLater(() -> onFailure.accept(failure));
                return;
            }
            Platform.runLater(() -> onSuccess.accept(result));
        });
    }

    @Override
    public void onUiThread(Runnable action) {
        Platform.runLater(action);
    }

    @Override
    public void shutdown() {
        executor.shutdownNow();
    }

    private record Progress(String stage, long done, long total) {
    }
}
