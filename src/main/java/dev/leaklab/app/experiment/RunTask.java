package dev.leaklab.app.experiment;

import java.util.concurrent.CountDownLatch;
import javafx.concurrent.Task;

/**
 * A JavaFX task that mirrors a run of {@link ExperimentViewModel} for ControlsFX's task progress view: its
 * title, message and progress follow the run's, it ends when the run ends, and cancelling it cancels the run.
 * The run itself goes on in the view model's background runner; this task only waits on a thread of its own.
 */
final class RunTask extends Task<Void> {

    private final ExperimentViewModel model;
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A task for the run {@code model} has just started; call on the UI thread. */
    RunTask(ExperimentViewModel model, String title) {
        this.model = model;
        updateTitle(title);
        model.stageProperty().addListener((o, old, now) -> updateMessage(now));
        model.progressProperty().addListener((o, old, now) -> {
            double p = now.doubleValue();
            updateProgress(p < 0 ? -1 : p, 1);
        });
        model.runningProperty().addListener((o, old, now) -> {
            if (!now) {
                finished.countDown();
            }
        });
        updateMessage(model.stageProperty().get());
    }

    @Override
    protected Void call() throws InterruptedException {
        finished.await();
        return null;
    }

    @Override
    protected void cancelled() {
        model.cancel();
        finished.countDown();
    }
}
