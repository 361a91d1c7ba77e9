package dev.leaklab.app.dataset;

import dev.leaklab.app.BackgroundRunner;
import dev.leaklab.app.DialogService;
import dev.leaklab.core.InputException;
import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.data.DataSplit;
import dev.leaklab.core.data.Dataset;
import dev.leaklab.core.data.DatasetLoader;
import dev.leaklab.core.data.DatasetStats;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.ReaderOptions;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.Splitter;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.experiment.BundledProjects;
import dev.leaklab.core.experiment.DatasetSpec;
import dev.leaklab.core.experiment.ProjectDatasets;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.TargetSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.core.task.ProgressListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
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
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the dataset screen. Loads a project or a dataset in the background (read, normalise every
 * sample once, gather the statistics), then swaps everything in at once on the UI thread; a load that
 * fails leaves the previous dataset exactly as it was and reports one error through the
 * {@link DialogService}. Starting a load cancels the one still running.
 *
 * <p>All methods are called on the UI thread; the class never touches a node.
 */
public final class DatasetViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetViewModel.class);
    private static final String APP_NAME = "LeakLab";
    /** Samples normalised between two progress reports and cancellation checks. */
    private static final int CHUNK = 512;

    private final BackgroundRunner runner;
    private final DialogService dialogs;

    private final ObservableList<SampleRow> allRows = FXCollections.observableArrayList();
    private final FilteredList<SampleRow> filteredRows = new FilteredList<>(allRows);
    private final SortedList<SampleRow> visibleRows = new SortedList<>(filteredRows);

    private final ReadOnlyStringWrapper projectName = new ReadOnlyStringWrapper(this, "projectName", "");
    private final ReadOnlyStringWrapper windowTitle = new ReadOnlyStringWrapper(this, "windowTitle", APP_NAME);
    private final ReadOnlyStringWrapper sourceName = new ReadOnlyStringWrapper(this, "sourceName", "");
    private final ReadOnlyObjectWrapper<DatasetFigures> figures =
            new ReadOnlyObjectWrapper<>(this, "figures", DatasetFigures.EMPTY);
    private final ReadOnlyObjectWrapper<SampleRow> selectedRow = new ReadOnlyObjectWrapper<>(this, "selectedRow");
    private final ReadOnlyStringWrapper originalCode = new ReadOnlyStringWrapper(this, "originalCode", "");
    private final ReadOnlyStringWrapper normalizedCode = new ReadOnlyStringWrapper(this, "normalizedCode", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "Ready");
    private final ReadOnlyStringWrapper shownText = new ReadOnlyStringWrapper(this, "shownText", "");
    private final ReadOnlyStringWrapper placeholderText =
            new ReadOnlyStringWrapper(this, "placeholderText", "No dataset open");

    private final ObjectProperty<ClassFilter> classFilter = new SimpleObjectProperty<>(this, "classFilter",
            ClassFilter.ALL);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    private final ReadOnlyObjectWrapper<ProjectSpec> project = new ReadOnlyObjectWrapper<>(this, "project");
    private final ReadOnlyStringWrapper splitText = new ReadOnlyStringWrapper(this, "splitText", "");
    private final ReadOnlyObjectWrapper<Path> projectFile = new ReadOnlyObjectWrapper<>(this, "projectFile");

    /** Bumped by every load, so the outcome of a load that was superseded is recognised and dropped. */
    private long loadGeneration;
    private CancellationToken runningLoad;
    private String summary = "Ready";

    /**
     * @param runner  runs loads in the background
     * @param dialogs reports load errors
     */
    public DatasetViewModel(BackgroundRunner runner, DialogService dialogs) {
        this.runner = runner;
        this.dialogs = dialogs;
        classFilter.addListener((o, old, now) -> applyFilter());
        searchText.addListener((o, old, now) -> applyFilter());
        filteredRows.addListener((ListChangeListener<SampleRow>) change -> updateShownText());
        updateShownText();
    }

    // ---- commands ------------------------------------------------------------------------------------

    /** Opens a project file ({@code *.leaklab}) and loads its dataset. */
    public void openProject(Path projectFile) {
        Path file = projectFile.toAbsolutePath().normalize();
        String name = fileName(file);
        load(name, (cancel, reporter) -> {
            ProjectSpec project = ProjectStore.load(file);
            return new Opened(project, ProjectDatasets.load(project, file, cancel, reporter), name, file);
        });
    }

    /** Opens dataset files or folders of one format (detected) as an unsaved project named after them. */
    public void openDataset(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no dataset paths");
        }
        List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        String name = absolute.size() == 1 ? fileName(absolute.get(0))
                : fileName(absolute.get(0)) + " + " + (absolute.size() - 1) + " more";
        load(name, (cancel, reporter) -> {
            Dataset dataset = DatasetLoader.load(absolute, null, ReaderOptions.defaults(), cancel, reporter);
            ProjectSpec project = ProjectSpec.of(dataset.name(),
                    DatasetSpec.ofPaths(absolute.stream().map(Path::toString).toList()));
            return new Opened(project, dataset, name, null);
        });
    }

    /**
     * Opens an audit of a model trained elsewhere as an unsaved project: its dataset, or without one the outputs
     * file's rows (read in full, so a bad file is refused now, in a dialog, and the open project stays).
     */
    public void openAudit(ProjectSpec audit) {
        String name = audit.name();
        load(name, (cancel, reporter) -> new Opened(audit, ProjectDatasets.load(audit, null, cancel, reporter), name,
                null));
    }

    /** Opens the quickstart project that ships with LeakLab. */
    public void openQuickstart() {
        Optional<Path> file = BundledProjects.quickstartFile();
        String name = file.map(DatasetViewModel::fileName).orElse(fileName(Path.of(BundledProjects.QUICKSTART)));
        load(name, (cancel, reporter) -> {
            ProjectSpec project = BundledProjects.quickstart();
            return new Opened(project, ProjectDatasets.load(project, file.orElse(null), cancel, reporter), name,
                    null);
        });
    }

    /** Records that the open project was saved as {@code spec} in {@code file}: later saves go there. */
    public void savedAs(ProjectSpec spec, Path file) {
        project.set(spec);
        projectFile.set(file.toAbsolutePath().normalize());
        projectName.set(spec.name());
        windowTitle.set(APP_NAME + " — " + spec.name());
    }

    /** Cancels the load in progress, if any; its outcome is dropped and the current dataset stays. */
    public void cancelLoad() {
        if (runningLoad != null) {
            runningLoad.cancel();
            runningLoad = null;
            loadGeneration++;
            finishBusy();
        }
    }

    /** Shows {@code row}'s code (or nothing for {@code null}); the view calls it when the table selection moves. */
    public void select(SampleRow row) {
        selectedRow.set(row);
        originalCode.set(row == null ? "" : row.originalCode());
        normalizedCode.set(row == null ? "" : CodeLayout.format(row.normalizedTokens()));
    }

    // ---- loading ---------------------------------------------------------------------------------------

    /** Opens a project and its dataset; runs in the background. */
    @FunctionalInterface
    private interface Source {
        Opened open(CancellationToken cancel, ProgressListener reporter) throws Exception;
    }

    /** What a load opened; {@code file} is the project file a save goes back to, {@code null} if none. */
    private record Opened(ProjectSpec project, Dataset dataset, String sourceName, Path file) {
    }

    private record Loaded(Opened opened, DatasetStats stats, List<SampleRow> rows, String split) {
    }

    private void load(String name, Source source) {
        if (runningLoad != null) {
            runningLoad.cancel();
        }
        CancellationToken cancel = new CancellationToken();
        runningLoad = cancel;
        long generation = ++loadGeneration;
        busy.set(true);
        progress.set(-1);
        statusText.set("Opening " + name + "…");
        if (allRows.isEmpty()) {
            placeholderText.set("Loading " + name + "…");
        }
        runner.submit(
                reporter -> normalise(source.open(cancel, reporter), cancel, reporter),
                (stage, done, total) -> {
                    if (generation == loadGeneration) {
                        showProgress(stage, done, total);
                    }
                },
                loaded -> {
                    if (generation == loadGeneration) {
                        show(loaded);
                    }
                },
                failure -> {
                    if (generation == loadGeneration) {
                        fail(name, failure);
                    }
                });
    }

    /**
     * Runs on the worker: every sample is normalised exactly once, here, in parallel chunks; the table and
     * the statistics reuse the result. Progress is reported from the calling thread only, so a test's
     * same-thread runner never sees callbacks from pool threads.
     */
    private static Loaded normalise(Opened opened, CancellationToken cancel, ProgressListener reporter) {
        List<Sample> samples = opened.dataset().samples();
        int total = samples.size();
        SymbolicNormalizer normalizer = new SymbolicNormalizer(opened.project().code().normalizerOptions());
        String stage = "Normalising " + opened.sourceName();
        NormalizedSample[] normalized = new NormalizedSample[total];
        SampleRow[] rows = new SampleRow[total];
        AtomicInteger done = new AtomicInteger();
        Thread caller = Thread.currentThread();
        reporter.progress(stage, 0, total);
        int chunks = (total + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            cancel.throwIfCancelled();
            int end = Math.min(total, (chunk + 1) * CHUNK);
            for (int i = chunk * CHUNK; i < end; i++) {
                Sample sample = samples.get(i);
                normalized[i] = new NormalizedSample(sample, normalizer.normalize(sample.code()));
                rows[i] = SampleRow.of(normalized[i]);
            }
            int finished = done.addAndGet(end - chunk * CHUNK);
            if (Thread.currentThread() == caller) {
                reporter.progress(stage, finished, total);
            }
        });
        cancel.throwIfCancelled();
        reporter.progress("Counting duplicates in " + opened.sourceName(), total, total);
        DatasetStats stats = DatasetStats.ofNormalized(Arrays.asList(normalized));
        return new Loaded(opened, stats, List.of(rows), splitSummary(Arrays.asList(normalized), opened.project()));
    }

    /** The four subsets the experiment will use, or why the data cannot be split. */
    private static String splitSummary(List<NormalizedSample> samples, ProjectSpec project) {
        if (project.isAudit()) {
            TargetSpec t = project.target();
            String what = t.kind().equals("outputs") ? "the outputs file " + fileName(Path.of(t.outputs()))
                    : "the " + (t.kind().equals("keras") ? "Keras" : "ONNX") + " model " + fileName(Path.of(t.model()));
            return "Audit of " + what + (project.dataset() == null ? " (its rows; no dataset, so no code)"
                    : t.members() != null ? ", members listed in " + fileName(Path.of(t.members()))
                    : t.kind().equals("outputs") ? ", members as its role or member column says"
                    : ", members as LeakLab's split of this data gives them (target-in)");
        }
        try {
            DataSplit split = Splitter.split(samples, project.split().toSpec());
            return String.format(java.util.Locale.ROOT, "Split for the experiment: %,d / %,d / %,d / %,d in target-in / "
                            + "target-out / shadow-in / shadow-out, after %,d duplicates removed",
                    split.get(Subset.TARGET_IN).size(), split.get(Subset.TARGET_OUT).size(),
                    split.get(Subset.SHADOW_IN).size(), split.get(Subset.SHADOW_OUT).size(),
                    split.dedup().duplicatesRemoved());
        } catch (IllegalArgumentException e) {
            return "Cannot split for an experiment: " + e.getMessage();
        }
    }

    private void showProgress(String stage, long done, long total) {
        if (total > 0) {
            progress.set(Math.min(1.0, (double) done / total));
            statusText.set(stage + " · " + DatasetFigures.count(done) + " of " + DatasetFigures.count(total)
                    + " samples…");
        } else {
            progress.set(-1);
            statusText.set(done > 0 ? stage + " · " + DatasetFigures.count(done) + " samples…" : stage + "…");
        }
    }

    private void show(Loaded loaded) {
        runningLoad = null;
        Opened opened = loaded.opened();
        projectFile.set(opened.file());
        project.set(opened.project());
        projectName.set(opened.project().name());
        windowTitle.set(APP_NAME + " — " + opened.project().name());
        sourceName.set(opened.sourceName());
        figures.set(DatasetFigures.of(loaded.stats()));
        splitText.set(loaded.split());
        select(null);
        allRows.setAll(loaded.rows());
        summary = DatasetFigures.count(loaded.stats().samples()) + " samples · "
                + DatasetFigures.count(loaded.stats().vulnerable()) + " vulnerable · " + opened.sourceName();
        placeholderText.set("No sample matches the filter");
        finishBusy();
        select(visibleRows.isEmpty() ? null : visibleRows.get(0));
    }

    private void fail(String name, Throwable failure) {
        runningLoad = null;
        finishBusy();
        if (allRows.isEmpty()) {
            placeholderText.set("No dataset open");
        }
        if (failure instanceof CancellationException) {
            return;
        }
        String message;
        if (failure instanceof InputException input) {
            message = input.getMessage();
            LOG.debug("cannot open {}", name, failure);
        } else {
            LOG.error("unexpected failure opening {}", name, failure);
            message = describeUnexpected(failure);
        }
        dialogs.showError("Cannot open " + name, message);
    }

    /** One line for a failure that is not a known input problem: its message, else what kind it is. */
    private static String describeUnexpected(Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            return "not enough memory to load this dataset (start LeakLab with a larger -Xmx)";
        }
        String text = failure.getMessage();
        if (text == null || text.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int newline = text.indexOf('\n');
        return newline >= 0 ? text.substring(0, newline) : text;
    }

    private void finishBusy() {
        busy.set(false);
        progress.set(0);
        statusText.set(summary);
    }

    // ---- filtering -------------------------------------------------------------------------------------

    private void applyFilter() {
        ClassFilter labels = classFilter.get() == null ? ClassFilter.ALL : classFilter.get();
        String needle = searchText.get() == null ? "" : searchText.get().strip().toLowerCase(Locale.ROOT);
        Predicate<SampleRow> predicate = labels == ClassFilter.ALL && needle.isEmpty() ? null
                : row -> labels.accepts(row.label()) && row.matches(needle);
        filteredRows.setPredicate(predicate);
        SampleRow selected = selectedRow.get();
        if (selected == null || predicate != null && !predicate.test(selected)) {
            select(visibleRows.isEmpty() ? null : visibleRows.get(0));
        }
    }

    private void updateShownText() {
        int shown = filteredRows.size();
        int all = allRows.size();
        shownText.set(shown == all ? DatasetFigures.count(all) + " samples"
                : DatasetFigures.count(shown) + " of " + DatasetFigures.count(all) + " samples");
    }

    private static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    // ---- properties ------------------------------------------------------------------------------------

    /**
     * The rows that pass the filters, in the table's order. Unmodifiable; the view binds its comparator to
     * the table's so that sorting a column sorts this list.
     */
    public SortedList<SampleRow> visibleRows() {
        return visibleRows;
    }

    /** Every row of the open dataset, unfiltered and unmodifiable. */
    public ObservableList<SampleRow> allRows() {
        return FXCollections.unmodifiableObservableList(allRows);
    }

    /** The four subsets the open data gives (or why it gives none), empty before anything is open. */
    public ReadOnlyStringProperty splitTextProperty() {
        return splitText.getReadOnlyProperty();
    }

    /** The open project (its settings as loaded), {@code null} before anything is open. */
    public ReadOnlyObjectProperty<ProjectSpec> projectProperty() {
        return project.getReadOnlyProperty();
    }

    /** The open project's file, {@code null} for a dataset opened on its own or the bundled quickstart. */
    public ReadOnlyObjectProperty<Path> projectFileProperty() {
        return projectFile.getReadOnlyProperty();
    }

    /** The open project's name, empty before anything is open. */
    public ReadOnlyStringProperty projectNameProperty() {
        return projectName.getReadOnlyProperty();
    }

    /** {@code LeakLab — <project name>}, or {@code LeakLab} before anything is open. */
    public ReadOnlyStringProperty windowTitleProperty() {
        return windowTitle.getReadOnlyProperty();
    }

    /** The file the open dataset came from ({@code quickstart.leaklab}, {@code cwe119_cgd.txt}). */
    public ReadOnlyStringProperty sourceNameProperty() {
        return sourceName.getReadOnlyProperty();
    }

    /** The class-balance and duplicate figures of the open dataset. */
    public ReadOnlyObjectProperty<DatasetFigures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** The row whose code is shown, or {@code null}. */
    public ReadOnlyObjectProperty<SampleRow> selectedRowProperty() {
        return selectedRow.getReadOnlyProperty();
    }

    /** The selected sample's code as read. */
    public ReadOnlyStringProperty originalCodeProperty() {
        return originalCode.getReadOnlyProperty();
    }

    /** The selected sample's normalised tokens, laid out by {@link CodeLayout}. */
    public ReadOnlyStringProperty normalizedCodeProperty() {
        return normalizedCode.getReadOnlyProperty();
    }

    /** Whether a load is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Progress of the running load: 0 when idle, -1 when unknown, else 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What is happening, or a summary of the open dataset when nothing is. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** How many rows the filters let through ({@code 1,200 of 4,000 samples}). */
    public ReadOnlyStringProperty shownTextProperty() {
        return shownText.getReadOnlyProperty();
    }

    /** What an empty table says: nothing open, loading, or nothing matching. */
    public ReadOnlyStringProperty placeholderTextProperty() {
        return placeholderText.getReadOnlyProperty();
    }

    /** The label filter; the view binds its buttons to it. */
    public ObjectProperty<ClassFilter> classFilterProperty() {
        return classFilter;
    }

    /** Text that id, source or CWE must contain (case-insensitive); the view binds its search field to it. */
    public StringProperty searchTextProperty() {
        return searchText;
    }
}
