package dev.leaklab.app;

import dev.leaklab.LeakLabVersion;
import dev.leaklab.app.dataset.DatasetViewModel;
import dev.leaklab.app.experiment.CompareViewModel;
import dev.leaklab.app.experiment.DefenseViewModel;
import dev.leaklab.app.experiment.ExperimentViewModel;
import dev.leaklab.app.experiment.ExposureViewModel;
import dev.leaklab.app.experiment.Scenario;
import dev.leaklab.app.experiment.SetupViewModel;
import dev.leaklab.core.Json;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ProjectException;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.experiment.ResultsStore;
import dev.leaklab.core.io.AtomicFiles;
import dev.leaklab.report.Charts;
import dev.leaklab.report.HtmlReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * State and commands of the main window: what the menus, the status bar and drag-and-drop do. Decides
 * whether a path is a project or a dataset; the loading itself is {@link DatasetViewModel}'s.
 */
public final class MainViewModel {

    /** Filters offered when opening a project. */
    static final List<DialogService.FileFilter> PROJECT_FILTERS = List.of(
            DialogService.FileFilter.of("LeakLab projects", "*" + ProjectSpec.EXTENSION));
    /** Filters offered when opening a dataset file. */
    static final List<DialogService.FileFilter> DATASET_FILTERS = List.of(
            DialogService.FileFilter.of("Datasets", "*.txt", "*.jsonl", "*.ndjson", "*.json", "*.csv", "*.c",
                    "*.cpp"),
            DialogService.FileFilter.of("VulDeePecker gadgets", "*.txt"),
            DialogService.FileFilter.of("JSON Lines", "*.jsonl", "*.ndjson"),
            DialogService.FileFilter.of("JSON", "*.json"),
            DialogService.FileFilter.of("CSV", "*.csv"));

    private final DatasetViewModel dataset;
    private final SetupViewModel setup;
    private final CompareViewModel compare;
    private final ExposureViewModel exposure;
    private final ExperimentViewModel experiment;
    private final DefenseViewModel defense;
    private final DialogService dialogs;
    private RecentProjects recent;
    private Scenario pendingScenario;
    private Path pendingRun;
    private final javafx.beans.property.ReadOnlyStringWrapper statusText =
            new javafx.beans.property.ReadOnlyStringWrapper(this, "statusText");
    private final javafx.beans.property.ReadOnlyDoubleWrapper progress =
            new javafx.beans.property.ReadOnlyDoubleWrapper(this, "progress");
    private final javafx.beans.property.BooleanProperty classroom =
            new javafx.beans.property.SimpleBooleanProperty(this, "classroom");
    private final javafx.beans.property.ObjectProperty<Theme> theme =
            new javafx.beans.property.SimpleObjectProperty<>(this, "theme", Theme.LIGHT);

    /**
     * A window with the dataset screen only (the experiment screens idle).
     *
     * @param dataset the dataset screen's model
     * @param dialogs asks for files and shows messages
     */
    public MainViewModel(DatasetViewModel dataset, DialogService dialogs) {
        this(dataset, null, null, dialogs);
    }

    /**
     * @param dataset    the dataset screen's model
     * @param experiment the Run screen's model, or {@code null}
     * @param defense    the defence screen's model, or {@code null}
     * @param dialogs    asks for files and shows messages
     */
    public MainViewModel(DatasetViewModel dataset, ExperimentViewModel experiment, DefenseViewModel defense,
                         DialogService dialogs) {
        this(dataset, new SetupViewModel(), experiment, defense, dialogs);
    }

    /**
     * @param dataset    the dataset screen's model
     * @param setup      the Setup screen's model
     * @param experiment the Run screen's model, or {@code null}
     * @param defense    the defence screen's model, or {@code null}
     * @param dialogs    asks for files and shows messages
     */
    public MainViewModel(DatasetViewModel dataset, SetupViewModel setup, ExperimentViewModel experiment,
                         DefenseViewModel defense, DialogService dialogs) {
        this.dataset = dataset;
        this.setup = setup;
        this.experiment = experiment;
        this.defense = defense;
        this.dialogs = dialogs;
        // why: what is opened fills the setup; what the setup makes is what runs and what is saved
        dataset.projectProperty().addListener((o, old, now) -> {
            setup.load(now);
            if (now != null) {
                applyScenario();
                Path file = dataset.projectFileProperty().get();
                if (pendingRun != null && pendingRun.equals(file)) {
                    pendingRun = null;
                    experiment.run();
                }
            }
        });
        setup.load(dataset.projectProperty().get());
        if (experiment != null) {
            experiment.projectProperty().bind(setup.specProperty());
            experiment.problemProperty().bind(setup.problemProperty());
            experiment.projectFileProperty().bind(dataset.projectFileProperty());
            experiment.dataProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() ->
                    dataset.figuresProperty().get() == null ? null : dataset.figuresProperty().get().stats(),
                    dataset.figuresProperty()));
            dataset.projectFileProperty().addListener((o, old, now) -> experiment.cacheProperty().set(cacheFor(now)));
            experiment.cacheProperty().set(cacheFor(null));
        }
        if (experiment != null && defense != null) {
            defense.resultsProperty().bind(experiment.resultsProperty());
        }
        // why: the status bar tells what runs: a run while there is one, else the data
        if (experiment == null) {
            statusText.bind(dataset.statusTextProperty());
            progress.bind(dataset.progressProperty());
        } else {
            statusText.bind(javafx.beans.binding.Bindings.when(experiment.runningProperty())
                    .then(experiment.stageProperty()).otherwise(dataset.statusTextProperty()));
            progress.bind(javafx.beans.binding.Bindings.when(experiment.runningProperty())
                    .then(experiment.progressProperty()).otherwise(dataset.progressProperty()));
        }
        this.compare = experiment == null ? null : new CompareViewModel(experiment.history());
        this.exposure = new ExposureViewModel();
        if (experiment != null) {
            exposure.resultsProperty().bind(experiment.resultsProperty());
        }
    }

    /**
     * Where a project's trained models are kept between runs: beside its file, as {@code leaklab run} does;
     * for a project without a file, in the temporary folder.
     */
    static Path cacheFor(Path projectFile) {
        if (projectFile == null) {
            return Path.of(System.getProperty("java.io.tmpdir"), "leaklab-models");
        }
        String name = String.valueOf(projectFile.getFileName());
        String stem = name.endsWith(ProjectSpec.EXTENSION)
                ? name.substring(0, name.length() - ProjectSpec.EXTENSION.length()) : name;
        return projectFile.toAbsolutePath().resolveSibling(stem + "-results").resolve("models");
    }

    /** File ▸ Save: to the project's file, or asks where when it has none. */
    public void save() {
        Path file = dataset.projectFileProperty().get();
        if (file == null) {
            saveAs();
        } else {
            saveTo(file);
        }
    }

    /** File ▸ Save As…. */
    public void saveAs() {
        ProjectSpec spec = currentProject();
        if (spec == null) {
            return;
        }
        String name = spec.name().replaceAll("[^\\w.-]+", "-") + ProjectSpec.EXTENSION;
        dialogs.chooseSaveFile("Save Project As", name, PROJECT_FILTERS).ifPresent(chosen -> {
            String fileName = String.valueOf(chosen.getFileName());
            saveTo(fileName.toLowerCase(Locale.ROOT).endsWith(ProjectSpec.EXTENSION) ? chosen
                    : chosen.resolveSibling(fileName + ProjectSpec.EXTENSION));
        });
    }

    private void saveTo(Path file) {
        ProjectSpec spec = currentProject();
        if (spec == null) {
            return;
        }
        Path old = dataset.projectFileProperty().get();
        ProjectSpec rebased = (spec.dataset() == null ? spec : spec.withDataset(spec.dataset().rebased(old, file)))
                .withTarget(spec.target().rebased(old, file));
        try {
            ProjectStore.save(rebased, file);
        } catch (ProjectException e) {
            dialogs.showError("Cannot save the project", e.getMessage());
            return;
        }
        dataset.savedAs(rebased, file);
        if (recent != null) {
            recent.add(file);
        }
    }

    /** Export ▸ Results as JSON… / CSV…: the last run's results. */
    public void exportResults(boolean json) {
        ExperimentResults results = resultsOrSay();
        if (results == null) {
            return;
        }
        String name = json ? ResultsStore.JSON : ResultsStore.CSV;
        dialogs.chooseSaveFile("Export Results", name, List.of(json
                ? DialogService.FileFilter.of("JSON", "*.json") : DialogService.FileFilter.of("CSV", "*.csv")))
                .ifPresent(file -> write("Cannot export the results", () -> AtomicFiles.standard().write(file, json
                        ? Json.mapper().writeValueAsBytes(results.toJson())
                        : results.toCsv().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** Export ▸ HTML Report…: charts, tables and provenance of the last run, in one file. */
    public void exportReport() {
        ExperimentResults results = resultsOrSay();
        if (results == null) {
            return;
        }
        dialogs.chooseSaveFile("Export HTML Report", "report.html",
                List.of(DialogService.FileFilter.of("HTML", "*.html")))
                .ifPresent(file -> write("Cannot export the report", () -> HtmlReport.write(results, file)));
    }

    /**
     * Export ▸ ROC Chart… or Frontier Chart…: the defence screen's chart as it stands, as PNG or SVG (by the
     * name's extension).
     */
    public void exportChart(boolean roc) {
        if (resultsOrSay() == null || defense == null || defense.undefendedProperty().get() == null) {
            return;
        }
        dialogs.chooseSaveFile("Export Chart", roc ? "roc.png" : "frontier.png",
                List.of(DialogService.FileFilter.of("PNG image", "*.png"), DialogService.FileFilter.of("SVG image",
                        "*.svg")))
                .ifPresent(file -> write("Cannot export the chart", () -> {
                    if (roc) {
                        List<Charts.RocSeries> series = new java.util.ArrayList<>();
                        series.add(series("Undefended", defense.undefendedProperty().get()));
                        if (defense.currentProperty().get() != null) {
                            series.add(series("NMID", defense.currentProperty().get()));
                        }
                        Charts.writeRoc(file, "Membership attack: " + defense.attackProperty().get(), series);
                    } else {
                        List<Charts.FrontierPoint> points = defense.frontier().stream()
                                .map(p -> new Charts.FrontierPoint(p.sigma(), p.attackAuc(), p.utilityF1())).toList();
                        Charts.writeFrontier(file, "Privacy-utility frontier: " + defense.attackProperty().get(),
                                points, null);
                    }
                }));
    }

    private static Charts.RocSeries series(String name, dev.leaklab.core.defense.DefenseEvaluator.Evaluation e) {
        return new Charts.RocSeries(String.format(Locale.ROOT, "%s: AUC %.3f", name, e.attack().auc()),
                e.attack().roc().fpr(), e.attack().roc().tpr());
    }

    /** Something that writes a file. */
    @FunctionalInterface
    private interface Writer {
        void write() throws java.io.IOException;
    }

    private void write(String failureTitle, Writer writer) {
        try {
            writer.write();
        } catch (java.io.IOException | RuntimeException e) {
            dialogs.showError(failureTitle, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private ExperimentResults resultsOrSay() {
        ExperimentResults results = experiment == null ? null : experiment.resultsProperty().get();
        if (results == null) {
            dialogs.showInfo("Nothing to export yet", "Run the experiment first (Run ▸ Run Experiment).");
        }
        return results;
    }

    /** Opens a project from the recent list. */
    public void openRecent(Path file) {
        dataset.openProject(file);
    }

    /** The project as it would be saved now. */
    public ProjectSpec currentProject() {
        return setup.specProperty().get() != null ? setup.specProperty().get() : dataset.projectProperty().get();
    }

    /** Uses {@code store} for the recent projects (opened and saved projects are added to it). */
    public void useRecentProjects(RecentProjects store) {
        this.recent = store;
        dataset.projectFileProperty().addListener((o, old, now) -> {
            if (now != null) {
                store.add(now);
            }
        });
    }

    /** The recent projects, or an empty list when none are kept. */
    public javafx.collections.ObservableList<Path> recentProjects() {
        return recent == null ? javafx.collections.FXCollections.emptyObservableList() : recent.paths();
    }

    /**
     * Scenarios ▸ …: opens the quickstart project (unless it is open), sets the target's epochs and the
     * defence as the scenario says, and runs the experiment (trained models are reused when they exist).
     */
    public void loadScenario(Scenario scenario) {
        if (experiment == null || defense == null) {
            return;
        }
        pendingScenario = scenario;
        boolean quickstartOpen = dataset.projectProperty().get() != null && dataset.projectFileProperty().get() == null
                && "Quickstart".equals(dataset.projectProperty().get().name());
        if (quickstartOpen) {
            applyScenario();
        } else {
            dataset.openQuickstart();
        }
    }

    /**
     * Scenarios ▸ a bundled scenario file: opens it and runs it. A file that cannot be opened gets its dialog, and
     * nothing runs.
     */
    public void openScenarioFile(Path file) {
        if (experiment == null) {
            return;
        }
        pendingRun = file.toAbsolutePath().normalize();
        dataset.openProject(pendingRun);
    }

    private void applyScenario() {
        Scenario s = pendingScenario;
        pendingScenario = null;
        if (s == null) {
            return;
        }
        setup.epochsProperty().set(s.epochs());
        defense.sigmaProperty().set(s.sigma());
        defense.maskProperty(Feature.LOGITS).set(s.logits());
        defense.labelPreservingProperty().set(s.labelPreserving());
        defense.adaptiveProperty().set(s.adaptive());
        experiment.run();
    }

    /** Whether the window is in classroom mode: larger type and charts, advanced controls hidden. */
    public javafx.beans.property.BooleanProperty classroomProperty() {
        return classroom;
    }

    /** The window's theme, light or dark. */
    public javafx.beans.property.ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The Compare screen's model, or {@code null}. */
    public CompareViewModel compare() {
        return compare;
    }

    /** The Exposure screen's model. */
    public ExposureViewModel exposure() {
        return exposure;
    }

    /** The Setup screen's model. */
    public SetupViewModel setup() {
        return setup;
    }

    /** The Run screen's model, or {@code null}. */
    public ExperimentViewModel experiment() {
        return experiment;
    }

    /** The defence screen's model, or {@code null}. */
    public DefenseViewModel defense() {
        return defense;
    }

    /** The dataset screen's model. */
    public DatasetViewModel dataset() {
        return dataset;
    }

    /**
     * Opens what the command line named: nothing, the quickstart project; a {@code .leaklab} file, that
     * project; anything else, a dataset.
     */
    public void openArguments(List<String> arguments) {
        if (arguments.isEmpty()) {
            dataset.openQuickstart();
        } else {
            open(arguments.stream().map(Path::of).toList());
        }
    }

    /** Opens dropped or named paths: the first project among them, else all of them as one dataset. */
    public void open(List<Path> paths) {
        if (paths.isEmpty()) {
            return;
        }
        Optional<Path> project = paths.stream().filter(MainViewModel::isProject).findFirst();
        if (project.isPresent()) {
            dataset.openProject(project.get());
        } else {
            dataset.openDataset(paths);
        }
    }

    /** Whether a drop of {@code paths} would open something. */
    public boolean canOpen(List<Path> paths) {
        return !paths.isEmpty();
    }

    /** File ▸ Open Project…. */
    public void chooseProject() {
        dialogs.chooseOpenFile("Open Project", PROJECT_FILTERS).ifPresent(dataset::openProject);
    }

    /** File ▸ Open Dataset File…. */
    public void chooseDatasetFile() {
        dialogs.chooseOpenFile("Open Dataset File", DATASET_FILTERS).ifPresent(file -> dataset.openDataset(List.of(file)));
    }

    /** File ▸ Open Dataset Folder… (a Juliet tree, or a folder with one sub-folder per label). */
    public void chooseDatasetFolder() {
        dialogs.chooseOpenFolder("Open Dataset Folder").ifPresent(folder -> dataset.openDataset(List.of(folder)));
    }

    /**
     * File ▸ Audit a Model…: asks which model trained elsewhere to audit, and opens it as a project with the open
     * project's attacks, defence and shadow-model settings (or the quickstart's); Run then audits it.
     */
    public void audit() {
        dialogs.askForAudit().ifPresent(request -> {
            ProjectSpec base = currentProject();
            if (base == null) {
                try {
                    base = dev.leaklab.core.experiment.BundledProjects.quickstart();
                } catch (dev.leaklab.core.experiment.ProjectException e) {
                    dialogs.showError("Cannot audit", e.getMessage());
                    return;
                }
            }
            ProjectSpec project;
            try {
                project = request.toProject(base);
            } catch (IllegalArgumentException e) {
                dialogs.showError("Cannot audit " + request.file().getFileName(), e.getMessage());
                return;
            }
            dataset.openAudit(project);
        });
    }

    /** Help ▸ About LeakLab. */
    public void showAbout() {
        dialogs.showInfo("About LeakLab", "LeakLab " + LeakLabVersion.get() + "\n\n"
                + "A workbench for membership leakage in vulnerability-prediction models: how much a model "
                + "reveals about whether a piece of code was in its training data.\n\n"
                + "Java " + System.getProperty("java.version") + " · JavaFX "
                + System.getProperty("javafx.runtime.version", "?"));
    }

    /** The window title. */
    public ReadOnlyStringProperty windowTitleProperty() {
        return dataset.windowTitleProperty();
    }

    /** The status bar text. */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** The status bar progress: 0 idle, -1 unknown, else 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Whether something is loading. */
    public ReadOnlyBooleanProperty busyProperty() {
        return dataset.busyProperty();
    }

    private static boolean isProject(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(ProjectSpec.EXTENSION);
    }
}
