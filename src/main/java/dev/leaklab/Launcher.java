package dev.leaklab;

import dev.leaklab.cli.LeakLabCommand;
import dev.leaklab.core.model.array.OpenBlasCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one entry point. No arguments, or just a project or dataset path (as a file manager passes it): the
 * workbench window. A subcommand or an option: the command line. Kept free of JavaFX and DL4J so the
 * command line starts fast and the window's classes load only when it opens.
 */
public final class Launcher {

    private Launcher() {
    }

    /** Starts the GUI or the CLI; the CLI's exit code becomes the process's. */
    public static void main(String[] args) {
        OpenBlasCore.prepare();
        if (args.length == 0 || args.length == 1 && !args[0].startsWith("-") && isOpenable(args[0])) {
            startGui(List.of(args));
            return;
        }
        System.exit(LeakLabCommand.run(args));
    }

    /** Opens the workbench window, on the given project or dataset path when there is one. */
    public static void startGui(List<String> paths) {
        startGui(paths, false);
    }

    /** Opens the workbench window; with {@code run}, runs the opened project's experiment at once. */
    public static void startGui(List<String> paths, boolean run) {
        dev.leaklab.app.LeakLabApp.launchWith(paths, run);
    }

    private static boolean isOpenable(String arg) {
        if (LeakLabCommand.isSubcommand(arg)) {
            return false;
        }
        try {
            return Files.exists(Path.of(arg));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
