package dev.leaklab.app;

import dev.leaklab.app.experiment.DefenseView;
import dev.leaklab.app.experiment.DefenseViewModel;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.SyntheticResults;
import dev.leaklab.core.math.Gemm;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import javafx.stage.Stage;

/**
 * Measures the workbench as a user meets it: the time from the JVM's start to a shown, usable window, and
 * the time from a defence slider move to the repainted ROC chart and utility table, over a slider sweep at
 * a given number of target samples.
 */
public final class GuiBenchmark {

    /**
     * What was measured.
     *
     * @param startupMs from the JVM's start to the workbench window's first frame
     * @param medianMs  median slider-to-repaint time
     * @param p95Ms     95th percentile
     * @param settings  slider settings timed
     * @param sweep     frame gaps during the slider sweep
     * @param training  frame gaps during a quickstart run
     */
    public record Result(double startupMs, double medianMs, double p95Ms, int settings, Gaps sweep,
                         Gaps training) {
    }

    /**
     * Frame gaps while something ran: the longest, and how many of the frames came later than a limit after
     * the one before. Why the count too: the longest alone is one event (one collection), and says nothing of
     * whether the window stalls once or all the time.
     *
     * @param longestMs the longest time between two frames
     * @param frames    frames drawn
     * @param over      gaps longer than {@code limitMs}
     * @param limitMs   the limit counted against
     * @param withPause of those, the gaps that shared time with a collection pause
     * @param longestPauseMs the longest collection pause meanwhile (0 when none)
     */
    public record Gaps(double longestMs, int frames, int over, double limitMs, int withPause,
                       double longestPauseMs) {
    }

    /** The time between frames while it runs: how long the FX thread was ever kept from a pulse. */
    private static final class StallMonitor extends javafx.animation.AnimationTimer {
        private final long limit;
        private final List<CollectionPauses.Span> slow = new java.util.ArrayList<>();
        private long last;
        private long worst;
        private int frames;
        private double startedMs;
        private double stoppedMs;

        StallMonitor(double limitMs) {
            this.limit = Math.round(limitMs * 1e6);
        }

        @Override
        public void start() {
            startedMs = System.nanoTime() / 1e6;
            super.start();
        }

        @Override
        public void stop() {
            super.stop();
            stoppedMs = System.nanoTime() / 1e6;
        }

        @Override
        public void handle(long now) {
            if (last != 0) {
                worst = Math.max(worst, now - last);
                if (now - last > limit) {
                    slow.add(new CollectionPauses.Span(last / 1e6, now / 1e6));
                }
            }
            frames++;
            last = now;
        }

        /** The gaps, each slow one set beside the collection pauses reported. */
        Gaps gaps(List<CollectionPauses.Span> pauses) {
            return new Gaps(worst / 1e6, frames, slow.size(), limit / 1e6, CollectionPauses.overlapping(slow, pauses),
                    CollectionPauses.longest(pauses, new CollectionPauses.Span(startedMs, stoppedMs)));
        }
    }

    private static final long TIMEOUT_SECONDS = 60;
    /** The longest frame gap the slider sweep should show: two refreshes at 60 Hz. */
    private static final double SWEEP_LIMIT_MS = 33;
    /** The longest frame gap a run in the background should cause: three refreshes. */
    private static final double TRAINING_LIMIT_MS = 50;
    /** Frames a new window is given to lay out and draw before a stall monitor starts. */
    private static final int SETTLE_FRAMES = 10;

    private GuiBenchmark() {
    }

    /**
     * Runs the benchmark; starts the JavaFX toolkit, which must not be running yet.
     *
     * @param targetSamples target samples behind the defence screen
     * @param embeddingSize their embedding width
     * @param settings      slider settings to time
     */
    public static Result run(int targetSamples, int embeddingSize, int settings, Gemm gemm) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        await(started);
        Platform.setImplicitExit(false);
        double startupMs = startup();
        try (CollectionPauses pauses = CollectionPauses.listen()) {
            return measure(startupMs, targetSamples, embeddingSize, settings, gemm, pauses);
        }
    }

    private static Result measure(double startupMs, int targetSamples, int embeddingSize, int settings, Gemm gemm,
                                  CollectionPauses pauses) throws Exception {
        ExperimentResults results = SyntheticResults.of(targetSamples, embeddingSize, gemm);
        AtomicReference<DefenseViewModel> model = new AtomicReference<>();
        AtomicReference<Slider> slider = new AtomicReference<>();
        AtomicReference<Stage> stage = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        Platform.runLater(() -> {
            FxBackgroundRunner runner = new FxBackgroundRunner();
            DefenseViewModel m = new DefenseViewModel(runner);
            DefenseView view = new DefenseView(m);
            Stage s = new Stage();
            Scene scene = new Scene(view.root(), 1280, 800);
            scene.getStylesheets().add(Workbench.class.getResource("leaklab.css").toExternalForm());
            s.setScene(scene);
            s.show();
            m.currentProperty().addListener((o, old, now) -> ready.countDown());
            m.resultsProperty().set(results);
            model.set(m);
            stage.set(s);
            slider.set((Slider) scene.lookup("#" + DefenseView.SIGMA_ID));
        });
        await(ready);
        settle();
        StallMonitor sweepMonitor = new StallMonitor(SWEEP_LIMIT_MS);
        Platform.runLater(sweepMonitor::start);
        double[] ms = new double[settings];
        for (int i = 0; i < settings; i++) {
            // why: a drag sweeps sigma from 0 to 2 and back; every value differs from the one before
            double sigma = 2.0 * Math.abs(Math.sin(Math.PI * (i + 1) / (settings + 1))) + 1e-6 * i;
            ms[i] = move(model.get(), slider.get(), stage.get(), sigma);
        }
        onFxThread(() -> {
            sweepMonitor.stop();
            stage.get().close();
        });
        StallMonitor trainingMonitor = training();
        Arrays.sort(ms);
        List<CollectionPauses.Span> seen = pauses.pauses();
        return new Result(startupMs, ms[ms.length / 2], ms[(int) Math.ceil(0.95 * ms.length) - 1], settings,
                sweepMonitor.gaps(seen), trainingMonitor.gaps(seen));
    }

    /**
     * Runs the quickstart experiment (two epochs) behind the Run screen and returns the frame gaps' monitor,
     * stopped: whether training, output extraction and the attacks ever hold up the window.
     */
    private static StallMonitor training() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        StallMonitor monitor = new StallMonitor(TRAINING_LIMIT_MS);
        AtomicReference<Stage> stage = new AtomicReference<>();
        AtomicReference<dev.leaklab.app.experiment.ExperimentViewModel> runScreen = new AtomicReference<>();
        dev.leaklab.core.experiment.ProjectSpec quickstart = dev.leaklab.core.experiment.BundledProjects.quickstart();
        dev.leaklab.core.experiment.ModelSettings m = quickstart.model();
        dev.leaklab.core.experiment.ProjectSpec shortRun = new dev.leaklab.core.experiment.ProjectSpec(
                quickstart.schemaVersion(), quickstart.name(), quickstart.description(), quickstart.dataset(),
                quickstart.split(), quickstart.code(), new dev.leaklab.core.experiment.ModelSettings(m.arch(),
                m.embedding(), m.hidden(), m.layers(), m.heads(), m.dropout(), m.maxLength(), 2, m.batchSize(),
                m.learningRate(), m.optimizer(), m.weightDecay(), m.balanceClasses(), m.patience(), m.seed(),
                m.pretrained(), m.freezeEncoder()), quickstart.shadowModels(), quickstart.attacks(),
                quickstart.attackModel(), quickstart.defense(), quickstart.sweep(), quickstart.seed(), quickstart.target());
        Platform.runLater(() -> {
            Stage s = new Stage();
            dev.leaklab.app.experiment.ExperimentViewModel model = new dev.leaklab.app.experiment.ExperimentViewModel(
                    new FxBackgroundRunner(), new FxDialogService(s),
                    dev.leaklab.app.experiment.ExperimentEngine.standard());
            Scene scene = new Scene(new dev.leaklab.app.experiment.RunView(model).root(), 1280, 800);
            s.setScene(scene);
            s.show();
            stage.set(s);
            model.projectProperty().set(shortRun);
            model.runningProperty().addListener((o, old, now) -> {
                if (!now) {
                    done.countDown();
                }
            });
            runScreen.set(model);
        });
        settle();
        Platform.runLater(() -> {
            monitor.start();
            runScreen.get().run();
        });
        if (!done.await(600, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the quickstart run did not finish within 10 minutes");
        }
        onFxThread(() -> {
            monitor.stop();
            stage.get().close();
        });
        return monitor;
    }

    /** Runs {@code action} on the FX thread and waits for it: what it changed is then seen here. */
    private static void onFxThread(Runnable action) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                action.run();
            } finally {
                done.countDown();
            }
        });
        await(done);
    }

    /**
     * Waits until a window just shown has settled: {@link #SETTLE_FRAMES} frames have passed since its first
     * layout. Why: the first frames lay out and draw every chart of a new window (60 to 110 ms here), which
     * is the window appearing, not the slider or the training the stall monitors measure.
     */
    private static void settle() throws InterruptedException {
        CountDownLatch settled = new CountDownLatch(1);
        Platform.runLater(() -> new javafx.animation.AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (++frames >= SETTLE_FRAMES) {
                    stop();
                    settled.countDown();
                }
            }
        }.start());
        await(settled);
    }

    /** Opens the workbench on nothing (the quickstart loads behind it) and times its first frame. */
    private static double startup() throws Exception {
        CountDownLatch shown = new CountDownLatch(1);
        AtomicLong at = new AtomicLong();
        AtomicReference<Workbench> workbench = new AtomicReference<>();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            Workbench w = Workbench.open(stage, List.of(), new FxDialogService(stage), new FxBackgroundRunner(),
                    () -> { });
            workbench.set(w);
            stage.getScene().addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    stage.getScene().removePostLayoutPulseListener(this);
                    at.set(ManagementFactory.getRuntimeMXBean().getUptime());
                    shown.countDown();
                }
            });
        });
        await(shown);
        Platform.runLater(() -> workbench.get().close());
        return at.get();
    }

    /** Moves the slider and waits for the evaluation to be shown and laid out in the next pulse. */
    private static double move(DefenseViewModel model, Slider slider, Stage stage, double sigma) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong start = new AtomicLong();
        AtomicLong end = new AtomicLong();
        Platform.runLater(() -> {
            javafx.beans.value.ChangeListener<Object> shown = new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<?> o, Object old, Object now) {
                    model.currentProperty().removeListener(this);
                    stage.getScene().addPostLayoutPulseListener(new Runnable() {
                        @Override
                        public void run() {
                            stage.getScene().removePostLayoutPulseListener(this);
                            end.set(System.nanoTime());
                            done.countDown();
                        }
                    });
                    Platform.requestNextPulse();
                }
            };
            model.currentProperty().addListener(shown);
            start.set(System.nanoTime());
            slider.setValue(sigma);
        });
        await(done);
        return (end.get() - start.get()) / 1e6;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the window did not respond within " + TIMEOUT_SECONDS + " s");
        }
    }
}
