package dev.leaklab.app;

import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application. {@link #launchWith} is how the launcher starts it; everything else is in
 * {@link Workbench}. Start-up stays light: nothing here loads the deep-learning classes.
 */
public final class LeakLabApp extends Application {

    /** Set before launch: JavaFX makes the instance itself, so arguments cannot go through a constructor. */
    private static volatile List<String> launchArguments = List.of();
    private static volatile boolean runOnOpen;

    private Workbench workbench;

    /** JavaFX creates the instance; use {@link #launchWith}. */
    public LeakLabApp() {
        // why: Application subclasses need a public no-argument constructor
    }

    /**
     * Starts the workbench and blocks until its window is closed.
     *
     * @param paths nothing for the bundled quickstart project, a {@code .leaklab} project, or a dataset
     *              file or folder
     */
    public static void launchWith(List<String> paths) {
        launchWith(paths, false);
    }

    /**
     * Starts the workbench and blocks until its window is closed.
     *
     * @param paths as {@link #launchWith(List)}
     * @param run   run the opened project's experiment as soon as it is open
     */
    public static void launchWith(List<String> paths, boolean run) {
        launchArguments = List.copyOf(paths);
        runOnOpen = run;
        Application.launch(LeakLabApp.class);
    }

    @Override
    public void start(Stage stage) {
        workbench = Workbench.open(stage, launchArguments, new FxDialogService(stage), new FxBackgroundRunner(),
                Platform::exit);
        if (runOnOpen) {
            workbench.runWhenOpen();
        }
    }

    @Override
    public void stop() {
        if (workbench != null) {
            workbench.close();
        }
    }
}
