package dev.leaklab.app;

import dev.leaklab.app.charts.ChartStyle;
import dev.leaklab.app.dataset.DatasetView;
import dev.leaklab.app.experiment.CompareView;
import dev.leaklab.app.experiment.DefenseView;
import dev.leaklab.app.experiment.ExposureView;
import dev.leaklab.app.experiment.RunView;
import dev.leaklab.app.experiment.Scenario;
import dev.leaklab.app.experiment.SetupView;
import dev.leaklab.app.lesson.LessonView;
import dev.leaklab.app.lesson.LessonViewModel;
import java.io.File;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import org.controlsfx.control.StatusBar;

/**
 * The main window's content: menu bar, the dataset screen, and a status bar with what is loading or a
 * summary of what is open. Files or folders dropped anywhere on it are opened.
 */
public final class MainWindow {

    private static final int RUN_TAB = 2;
    /** How much larger type and charts are in classroom mode. */
    static final double PRESENTER_SCALE = 1.45;
    /** Node id of the screens' tab pane. */
    public static final String TABS_ID = "screens";
    /** Node id of the status bar. */
    public static final String STATUS_BAR_ID = "status-bar";

    private final BorderPane root = new BorderPane();
    private final ScreenNotes notes = new ScreenNotes();
    private LessonViewModel lesson;

    /**
     * @param model the window's model
     * @param quit  closes the application (saving the window's bounds first)
     */
    public MainWindow(MainViewModel model, Runnable quit) {
        root.getStyleClass().add("main-window");
        root.setTop(buildMenus(model, quit, notes, () -> lesson.start()));
        // why: the presenter scale: every control's type grows with the root's font size
        follow(model, on -> root.setStyle(on
                ? String.format(java.util.Locale.ROOT, "-fx-font-size: %.0fpx;", 13 * PRESENTER_SCALE) : ""));
        if (model.experiment() == null) {
            root.setCenter(new DatasetView(model.dataset()).root());
        } else {
            Tab data = tab("Data");
            data.setContent(notes.wrap("data", new DatasetView(model.dataset()).root()));
            // why: the chart screens load JFreeChart and AWT's fonts; built when first shown, the window opens
            // sooner
            TabPane tabs = new TabPane(data, lazyTab("Setup", () -> {
                SetupView v = new SetupView(model.setup());
                follow(model, on -> v.setAdvancedVisible(!on));
                return notes.wrap("setup", v.root());
            }), lazyTab("Run", () -> {
                RunView v = new RunView(model.experiment());
                look(model, (scale, dark) -> v.charts().forEach(c -> ChartStyle.apply(c, scale, dark)));
                return notes.wrap("run", v.root());
            }), lazyTab("Defence", () -> {
                DefenseView v = new DefenseView(model.defense());
                follow(model, on -> {
                    v.setAdvancedVisible(!on);
                });
                look(model, (scale, dark) -> {
                    ChartStyle.apply(v.rocChart(), scale, dark);
                    ChartStyle.apply(v.frontierChart(), scale, dark);
                    ChartStyle.apply(v.histogramChart(), scale, dark);
                });
                return notes.wrap("defence", v.root());
            }), lazyTab("Compare", () -> {
                CompareView v = new CompareView(model.compare());
                look(model, (scale, dark) -> ChartStyle.apply(v.chart(), scale, dark));
                return notes.wrap("compare", v.root());
            }), lazyTab("Exposure", () -> notes.wrap("exposure", new ExposureView(model.exposure()).root())));
            tabs.setId(TABS_ID);
            // why: a run shows its progress, and its results where they are explored, without a hunt for tabs
            model.experiment().runningProperty().addListener((o, old, now) -> {
                if (now) {
                    tabs.getSelectionModel().select(RUN_TAB);
                }
            });
            model.experiment().resultsProperty().addListener((o, old, now) -> {
                // why: during the lesson the lesson decides which screen shows next
                boolean lessonRuns = lesson != null && lesson.stateProperty().get() == LessonViewModel.State.RUNNING;
                if (now != null && tabs.getSelectionModel().getSelectedIndex() == RUN_TAB && !lessonRuns) {
                    tabs.getSelectionModel().select(RUN_TAB + 1);
                }
            });
            tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            lesson = new LessonViewModel(model);
            LessonView guide = new LessonView(lesson, tabs, model.classroomProperty(), UserPreferences.node());
            root.setCenter(new javafx.scene.layout.BorderPane(tabs, guide.bar(), null, null, null));

        }
        root.setBottom(buildStatusBar(model));
        root.setOnDragOver(event -> acceptDrag(model, event));
        root.setOnDragDropped(event -> drop(model, event));
    }

    /** Calls {@code apply} with classroom mode's state now and whenever it changes. */
    private static void follow(MainViewModel model, java.util.function.Consumer<Boolean> apply) {
        apply.accept(model.classroomProperty().get());
        model.classroomProperty().addListener((o, old, now) -> apply.accept(now));
    }

    /** Calls {@code apply} with the charts' scale and theme now and whenever either changes. */
    private static void look(MainViewModel model, java.util.function.BiConsumer<Double, Boolean> apply) {
        Runnable now = () -> apply.accept(model.classroomProperty().get() ? PRESENTER_SCALE : 1.0,
                model.themeProperty().get().dark());
        now.run();
        model.classroomProperty().addListener((o, old, on) -> now.run());
        model.themeProperty().addListener((o, old, t) -> now.run());
    }

    private static Tab tab(String name) {
        Tab tab = new Tab(name);
        tab.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT));
        return tab;
    }

    private static Tab lazyTab(String name, java.util.function.Supplier<javafx.scene.Node> content) {
        Tab tab = tab(name);
        tab.selectedProperty().addListener((o, old, now) -> {
            if (now && tab.getContent() == null) {
                tab.setContent(content.get());
            }
        });
        return tab;
    }

    /** The guided lesson, or {@code null} in a window without the experiment screens. */
    public LessonViewModel lesson() {
        return lesson;
    }

    /** The window's root node. */
    public Parent root() {
        return root;
    }

    private static MenuBar buildMenus(MainViewModel model, Runnable quit, ScreenNotes notes, Runnable lesson) {
        MenuItem newProject = item("New Project from Dataset…", "Shortcut+N", model::chooseDatasetFile);
        MenuItem openProject = item("Open Project…", "Shortcut+O", model::chooseProject);
        Menu recent = new Menu("Open Recent");
        Runnable fillRecent = () -> {
            recent.getItems().setAll(model.recentProjects().stream()
                    .map(p -> item(String.valueOf(p.getFileName()) + "  —  " + p.getParent(), null,
                            () -> model.openRecent(p)))
                    .toList());
            recent.setDisable(recent.getItems().isEmpty());
        };
        model.recentProjects().addListener((javafx.collections.ListChangeListener<java.nio.file.Path>) c ->
                fillRecent.run());
        fillRecent.run();
        MenuItem openFile = item("Open Dataset File…", "Shortcut+Shift+O", model::chooseDatasetFile);
        MenuItem openFolder = item("Open Dataset Folder…", "Shortcut+Alt+O", model::chooseDatasetFolder);
        MenuItem audit = item("Audit a Model…", "Shortcut+Shift+A", model::audit);
        audit.setId("menu-audit");
        MenuItem save = item("Save", "Shortcut+S", model::save);
        MenuItem saveAs = item("Save As…", "Shortcut+Shift+S", model::saveAs);
        Menu export = new Menu("Export", null, item("ROC Chart (PNG or SVG)…", null, () -> model.exportChart(true)),
                item("Frontier Chart (PNG or SVG)…", null, () -> model.exportChart(false)),
                item("Results as CSV…", null, () -> model.exportResults(false)),
                item("Results as JSON…", null, () -> model.exportResults(true)),
                item("HTML Report…", null, model::exportReport));
        MenuItem quitItem = item("Quit", "Shortcut+Q", quit);
        Menu file = new Menu("File", null, newProject, openProject, recent, openFile, openFolder,
                new SeparatorMenuItem(), audit, new SeparatorMenuItem(), save,
                saveAs, new SeparatorMenuItem(), export, new SeparatorMenuItem(), quitItem);
        Menu help = new Menu("Help", null, item("About LeakLab", null, model::showAbout));
        if (model.experiment() != null) {
            help.getItems().add(0, item("Guided Lesson", "F1", lesson));
        }
        MenuBar bar = new MenuBar(file);
        javafx.scene.control.CheckMenuItem classroom = new javafx.scene.control.CheckMenuItem("Classroom Mode");
        classroom.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+P"));
        classroom.selectedProperty().bindBidirectional(model.classroomProperty());
        Menu theme = new Menu("Theme");
        javafx.scene.control.ToggleGroup themes = new javafx.scene.control.ToggleGroup();
        for (Theme t : Theme.values()) {
            javafx.scene.control.RadioMenuItem choice = new javafx.scene.control.RadioMenuItem(t.title());
            choice.setId("theme-" + t.id());
            choice.setToggleGroup(themes);
            choice.setSelected(model.themeProperty().get() == t);
            choice.setOnAction(e -> model.themeProperty().set(t));
            model.themeProperty().addListener((o, old, now) -> choice.setSelected(now == t));
            theme.getItems().add(choice);
        }
        bar.getMenus().add(new Menu("View", null, classroom, theme, item("Show Screen Notes", null, notes::showAll)));
        if (model.experiment() != null) {
            Menu scenarios = new Menu("Scenarios");
            for (Scenario s : Scenario.values()) {
                scenarios.getItems().add(item(s.title(), null, () -> model.loadScenario(s)));
            }
            java.util.List<java.nio.file.Path> files = dev.leaklab.core.experiment.BundledProjects.scenarioFiles();
            if (!files.isEmpty()) {
                scenarios.getItems().add(new SeparatorMenuItem());
                for (java.nio.file.Path f : files) {
                    MenuItem scenario = item(scenarioTitle(f), null, () -> model.openScenarioFile(f));
                    scenario.setId("scenario-" + f.getFileName().toString().replace(".leaklab", ""));
                    scenarios.getItems().add(scenario);
                }
            }
            bar.getMenus().add(scenarios);
            MenuItem run = item("Run Experiment", "Shortcut+R", () -> model.experiment().run());
            run.disableProperty().bind(model.experiment().runningProperty());
            MenuItem cancel = item("Cancel Run", "Shortcut+Period", () -> model.experiment().cancel());
            cancel.disableProperty().bind(model.experiment().runningProperty().not());
            bar.getMenus().add(new Menu("Run", null, run, cancel));
        }
        bar.getMenus().add(help);
        // why: on macOS the menus belong in the screen's menu bar, elsewhere this is ignored
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** "strongest-attacks.leaklab" as "Strongest attacks (scenario file)". */
    static String scenarioTitle(java.nio.file.Path file) {
        String stem = file.getFileName().toString().replace(".leaklab", "").replace('-', ' ');
        return Character.toUpperCase(stem.charAt(0)) + stem.substring(1) + " (scenario file)";
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private static StatusBar buildStatusBar(MainViewModel model) {
        StatusBar status = new StatusBar();
        status.setId(STATUS_BAR_ID);
        status.textProperty().bind(model.statusTextProperty());
        status.progressProperty().bind(model.progressProperty());
        return status;
    }

    private static void acceptDrag(MainViewModel model, DragEvent event) {
        if (event.getDragboard().hasFiles() && model.canOpen(paths(event.getDragboard().getFiles()))) {
            event.acceptTransferModes(TransferMode.COPY);
        }
        event.consume();
    }

    private static void drop(MainViewModel model, DragEvent event) {
        boolean done = event.getDragboard().hasFiles();
        if (done) {
            model.open(paths(event.getDragboard().getFiles()));
        }
        event.setDropCompleted(done);
        event.consume();
    }

    private static List<java.nio.file.Path> paths(List<File> files) {
        return files.stream().map(File::toPath).toList();
    }
}
