package dev.leaklab.app;

import dev.leaklab.app.experiment.DefenseViewModel;
import dev.leaklab.app.experiment.ExperimentViewModel;
import dev.leaklab.LeakLabVersion;
import dev.leaklab.app.dataset.DatasetViewModel;
import dev.leaklab.core.experiment.ProjectSpec;
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
    private final ExperimentViewModel experiment;
    private final DefenseViewModel defense;
    private final DialogService dialogs;

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
        this.dataset = dataset;
        this.experiment = experiment;
        this.defense = defense;
        this.dialogs = dialogs;
        if (experiment != null) {
            experiment.projectProperty().bind(dataset.projectProperty());
            experiment.projectFileProperty().bind(dataset.projectFileProperty());
            dataset.projectFileProperty().addListener((o, old, now) -> experiment.cacheProperty().set(cacheFor(now)));
            experiment.cacheProperty().set(cacheFor(null));
        }
        if (experiment != null && defense != null) {
            defense.resultsProperty().bind(experiment.resultsProperty());
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
        return dataset.statusTextProperty();
    }

    /** The status bar progress: 0 idle, -1 unknown, else 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return dataset.progressProperty();
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
