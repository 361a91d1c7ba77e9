package dev.leaklab.app;

import dev.leaklab.app.dataset.DatasetViewModel;
import dev.leaklab.app.experiment.DefenseViewModel;
import dev.leaklab.app.experiment.ExperimentEngine;
import dev.leaklab.app.experiment.ExperimentViewModel;
import dev.leaklab.core.experiment.ProjectSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * One open workbench: the main window on a stage, its view models, and what has to be let go when it
 * closes. Kept apart from {@link LeakLabApp} so UI tests can open it on a stage of their own, with their
 * own dialog service.
 */
public final class Workbench {

    private static final String CLASSROOM_KEY = "view.classroom";
    private static final String THEME_KEY = "view.theme";

    private final Stage stage;
    private final MainViewModel model;
    private final BackgroundRunner runner;
    private final WindowBoundsStore bounds;
    private boolean released;
    private MainWindow window;

    private Workbench(Stage stage, MainViewModel model, BackgroundRunner runner, WindowBoundsStore bounds) {
        this.stage = stage;
        this.model = model;
        this.runner = runner;
        this.bounds = bounds;
    }

    /**
     * Builds the main window on {@code stage}, shows it, and starts opening what {@code arguments} name
     * (see {@link MainViewModel#openArguments}). Call on the FX thread.
     *
     * @param stage     the stage to use
     * @param arguments the command-line paths, possibly none
     * @param dialogs   the dialog service
     * @param runner    runs loads in the background
     * @param exit      what Quit does after the window has been closed ({@link Platform#exit} in the app)
     */
    public static Workbench open(Stage stage, List<String> arguments, DialogService dialogs,
                                 BackgroundRunner runner, Runnable exit) {
        return open(stage, arguments, dialogs, runner, exit, ExperimentEngine.standard());
    }

    /**
     * As {@link #open(Stage, List, DialogService, BackgroundRunner, Runnable)}, with the engine that runs
     * experiments (tests give a fast one).
     */
    public static Workbench open(Stage stage, List<String> arguments, DialogService dialogs,
                                 BackgroundRunner runner, Runnable exit, ExperimentEngine engine) {
        Objects.requireNonNull(exit, "exit");
        MainViewModel model = new MainViewModel(new DatasetViewModel(runner, dialogs),
                new ExperimentViewModel(runner, dialogs, engine), new DefenseViewModel(runner), dialogs);
        model.useRecentProjects(new RecentProjects());
        // why: a teacher who presents wants the classroom view back next time
        java.util.prefs.Preferences prefs = UserPreferences.node();
        model.classroomProperty().set(prefs.getBoolean(CLASSROOM_KEY, false));
        model.classroomProperty().addListener((o, old, now) -> prefs.putBoolean(CLASSROOM_KEY, now));
        model.themeProperty().set(Theme.of(prefs.get(THEME_KEY, Theme.LIGHT.id())));
        model.themeProperty().addListener((o, old, now) -> prefs.put(THEME_KEY, now.id()));
        Workbench workbench = new Workbench(stage, model, runner, new WindowBoundsStore());
        MainWindow window = new MainWindow(model, () -> {
            workbench.close();
            exit.run();
        });
        workbench.window = window;
        Scene scene = new Scene(window.root());
        // why: the theme styles every control, dialogs included, so it is the application's user-agent sheet
        applyTheme(model.themeProperty().get(), window);
        model.themeProperty().addListener((o, old, now) -> applyTheme(now, window));
        scene.getStylesheets().add(Objects.requireNonNull(
                Workbench.class.getResource("leaklab.css"), "leaklab.css is missing").toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(model.windowTitleProperty());
        try (InputStream icon = Workbench.class.getResourceAsStream("leaklab-256.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (IOException e) {
            // why: a missing icon is cosmetic; the window works without it
        }
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        workbench.bounds.restore(stage);
        stage.setOnHiding(e -> workbench.release());
        stage.show();
        model.openArguments(arguments);
        return workbench;
    }

    private static void applyTheme(Theme theme, MainWindow window) {
        javafx.application.Application.setUserAgentStylesheet(theme.stylesheet());
        window.root().getStyleClass().remove(Theme.DARK_CLASS);
        if (theme.dark()) {
            window.root().getStyleClass().add(Theme.DARK_CLASS);
        }
    }

    /** Runs the experiment of the project being opened as soon as it is open (once). */
    public void runWhenOpen() {
        ExperimentViewModel experiment = model.experiment();
        if (experiment.projectProperty().get() != null) {
            experiment.run();
            return;
        }
        experiment.projectProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends ProjectSpec> o, ProjectSpec old, ProjectSpec now) {
                if (now != null) {
                    o.removeListener(this);
                    experiment.run();
                }
            }
        });
    }

    /** The guided lesson, or {@code null} in a window without the experiment screens. */
    public dev.leaklab.app.lesson.LessonViewModel lesson() {
        return window.lesson();
    }

    /** The window's model. */
    public MainViewModel model() {
        return model;
    }

    /** The stage the window is on. */
    public Stage stage() {
        return stage;
    }

    /** Closes the window, saving its bounds and stopping any load; calling it again does nothing. */
    public void close() {
        if (stage.isShowing()) {
            // why: hiding runs release() through the stage's hiding handler, with the bounds still valid
            stage.hide();
        }
        release();
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        bounds.save(stage);
        model.dataset().cancelLoad();
        if (model.experiment() != null) {
            model.experiment().cancel();
        }
        runner.shutdown();
    }
}
