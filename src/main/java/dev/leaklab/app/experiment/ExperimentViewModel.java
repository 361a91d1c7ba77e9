package dev.leaklab.app.experiment;

import dev.leaklab.app.BackgroundRunner;
import dev.leaklab.app.DialogService;
import dev.leaklab.core.InputException;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.model.TrainingProgress;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Run screen's state: the experiment to run, a run in progress (its stage, progress and the training
 * curves as they grow) and the results of the last run that finished. A run that fails or is cancelled
 * leaves the project and the earlier results as they were.
 */
public final class ExperimentViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentViewModel.class);
    /** Finished runs kept for comparison. */
    static final int HISTORY = 8;
    /**
     * The target's held-out samples scored at each epoch's end for the Run screen's train/held-out gap: enough
     * for the gap to two decimals (the standard error of an accuracy on 512 is at most 0.022), few enough to
     * cost a fraction of an epoch.
     */
    static final int HELD_OUT_WATCHED = 512;

    private final BackgroundRunner runner;
    private final DialogService dialogs;
    private final ExperimentEngine engine;
    private final ObjectProperty<ProjectSpec> project = new SimpleObjectProperty<>(this, "project");
    private final ObjectProperty<Path> projectFile = new SimpleObjectProperty<>(this, "projectFile");
    private final ObjectProperty<Path> cache = new SimpleObjectProperty<>(this, "cache");
    private final javafx.beans.property.StringProperty problem =
            new javafx.beans.property.SimpleStringProperty(this, "problem", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper stage = new ReadOnlyStringWrapper(this, "stage", "Not run yet");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyObjectWrapper<ExperimentResults> results = new ReadOnlyObjectWrapper<>(this, "results");
    private final ObservableList<ExperimentResults> history = FXCollections.observableArrayList();
    private final ObservableList<EpochPoint> epochs = FXCollections.observableArrayList();
    // why: one wrapper for good; a fresh one per call would be collected, and its listeners with it
    private final ObservableList<EpochPoint> epochsView = FXCollections.unmodifiableObservableList(epochs);
    private final ObjectProperty<dev.leaklab.core.data.DatasetStats> data = new SimpleObjectProperty<>(this, "data");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory", "");
    private final long maxHeap;
    private CancellationToken token;
    private int generation;

    /**
     * @param runner  runs the experiment in the background
     * @param dialogs reports failures
     * @param engine  runs experiments
     */
    public ExperimentViewModel(BackgroundRunner runner, DialogService dialogs, ExperimentEngine engine) {
        this(runner, dialogs, engine, Runtime.getRuntime().maxMemory());
    }

    /** As above, with the heap LeakLab may use (tests give a small one). */
    public ExperimentViewModel(BackgroundRunner runner, DialogService dialogs, ExperimentEngine engine,
                               long maxHeap) {
        this.runner = runner;
        this.dialogs = dialogs;
        this.engine = engine;
        this.maxHeap = maxHeap;
        project.addListener((o, old, now) -> memory.set(describeMemory()));
        data.addListener((o, old, now) -> memory.set(describeMemory()));
    }

    /** The estimate of the next run's memory, or empty while the project or its data is not known. */
    private java.util.Optional<dev.leaklab.core.experiment.MemoryEstimate> estimate() {
        ProjectSpec spec = project.get();
        dev.leaklab.core.data.DatasetStats stats = data.get();
        if (spec == null || stats == null || stats.samples() == 0) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(dev.leaklab.core.experiment.MemoryEstimate.of(spec, stats.samples(),
                    stats.medianTokens(), ExperimentEngine.modelsAtOnce()));
        } catch (IllegalArgumentException e) {
            // why: a setting out of range is the setup's problem to name; no estimate until it is fixed
            return java.util.Optional.empty();
        }
    }

    private String describeMemory() {
        return estimate().map(e -> "Needs about " + e.describe() + " of memory; LeakLab may use "
                + dev.leaklab.core.experiment.MemoryEstimate.format(maxHeap)).orElse("");
    }

    /**
     * Starts a run of the current project; does nothing while one runs or when no project is open, and says why
     * when the setup has a problem.
     */
    public void run() {
        ProjectSpec spec = project.get();
        if (running.get() || spec == null) {
            return;
        }
        if (!problem.get().isEmpty()) {
            dialogs.showError("Cannot run the experiment", "the setup has a problem: " + problem.get());
            return;
        }
        java.util.Optional<dev.leaklab.core.experiment.MemoryEstimate> needs = estimate();
        if (needs.isPresent() && !needs.get().fits(maxHeap)) {
            dialogs.showError("Not enough memory for this experiment", "it needs about " + needs.get().describe()
                    + " but LeakLab may use " + dev.leaklab.core.experiment.MemoryEstimate.format(maxHeap)
                    + "; start LeakLab with more (LEAKLAB_JAVA_OPTS=-Xmx" + ((needs.get().bytes() >> 30) + 2)
                    + "g), or use fewer feature sets, shadow models or samples");
            return;
        }
        Path file = projectFile.get();
        Path cacheDir = cache.get();
        CancellationToken cancel = new CancellationToken();
        token = cancel;
        int run = ++generation;
        running.set(true);
        progress.set(-1);
        stage.set("Starting");
        epochs.clear();
        ExperimentRunner.Listener listener = new ExperimentRunner.Listener() {
            @Override
            public void stage(String description) {
                runner.onUiThread(() -> {
                    if (run == generation) {
                        stage.set(capitalise(description));
                    }
                });
            }

            @Override
            public void progress(double fraction) {
                runner.onUiThread(() -> {
                    if (run == generation) {
                        progress.set(fraction);
                    }
                });
            }

            @Override
            public int heldOutSamples(String model) {
                return model.equals("target") ? HELD_OUT_WATCHED : 0;
            }

            @Override
            public void onProgress(TrainingProgress p) {
                if (p.endOfEpoch()) {
                    EpochPoint point = new EpochPoint(p.model(), p.epoch(), p.loss(), p.accuracy(),
                            p.validationAccuracy());
                    String text = String.format(Locale.ROOT, "Training %s: epoch %d of %d, %.0f examples/s",
                            p.model(), p.epoch(), p.epochs(), p.examplesPerSecond());
                    runner.onUiThread(() -> {
                        if (run == generation) {
                            epochs.add(point);
                            stage.set(text);
                        }
                    });
                }
            }
        };
        runner.submit(reporter -> engine.run(spec, file, cacheDir, listener, cancel), (s, d, t) -> { },
                done -> {
                    if (run == generation) {
                        finish(String.format(Locale.ROOT, "Finished: %d results, strongest attack AUC %.3f%s",
                                done.attacks().size(), done.headlineResult().metrics().auc(), done.modelsReused()
                                        ? "; the trained models were reused from an earlier run" : ""));
                        history.add(0, done);
                        if (history.size() > HISTORY) {
                            history.remove(HISTORY, history.size());
                        }
                        results.set(done);
                        if (!done.warnings().isEmpty()) {
                            dialogs.showInfo("The experiment finished with warnings", String.join("\n",
                                    done.warnings()));
                        }
                    }
                },
                failure -> {
                    if (run == generation) {
                        fail(failure);
                    }
                });
    }

    /** Cancels the run in progress; its outcome is dropped. */
    public void cancel() {
        if (running.get() && token != null) {
            token.cancel();
            generation++;
            finish("Cancelled; the earlier results are kept");
        }
    }

    private void finish(String text) {
        running.set(false);
        progress.set(0);
        stage.set(text);
    }

    private void fail(Throwable failure) {
        if (failure instanceof CancellationException) {
            finish("Cancelled; the earlier results are kept");
            return;
        }
        finish("Failed; the earlier results are kept");
        String message;
        if (failure instanceof InputException || failure instanceof IllegalArgumentException) {
            message = failure.getMessage();
        } else if (failure instanceof OutOfMemoryError) {
            message = "not enough memory for this experiment (start LeakLab with a larger -Xmx)";
        } else {
            LOG.error("experiment failed", failure);
            message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        }
        dialogs.showError("The experiment failed", message);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The experiment to run. */
    public ObjectProperty<ProjectSpec> projectProperty() {
        return project;
    }

    /** The experiment's file, for relative paths; {@code null} when it has none. */
    public ObjectProperty<Path> projectFileProperty() {
        return projectFile;
    }

    /** What is wrong with the setup, empty when nothing is; a run is refused while it is not empty. */
    public javafx.beans.property.StringProperty problemProperty() {
        return problem;
    }

    /** The loaded data's statistics, for the memory estimate. */
    public ObjectProperty<dev.leaklab.core.data.DatasetStats> dataProperty() {
        return data;
    }

    /** "Needs about 420 MB of memory; LeakLab may use 12.0 GB", or empty before the data is known. */
    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    /** Where trained models are kept for reuse between runs; {@code null} for none. */
    public ObjectProperty<Path> cacheProperty() {
        return cache;
    }

    /** Whether a run is in progress. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What the run is doing, or how the last one ended. */
    public ReadOnlyStringProperty stageProperty() {
        return stage.getReadOnlyProperty();
    }

    /** The run's progress: 0 idle, -1 starting, else 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The results of the last run that finished, {@code null} before one has. */
    public ReadOnlyObjectProperty<ExperimentResults> resultsProperty() {
        return results.getReadOnlyProperty();
    }

    /** The finished runs of this session, newest first (at most eight), for comparison. */
    public ObservableList<ExperimentResults> history() {
        return history;
    }

    /** The training curves of the current (or last) run, one point an epoch and model. */
    public ObservableList<EpochPoint> epochs() {
        return epochsView;
    }
}
