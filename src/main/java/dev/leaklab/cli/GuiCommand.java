package dev.leaklab.cli;

import dev.leaklab.Launcher;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leaklab gui [PATH]}: the workbench window, on a project or dataset. */
@Command(name = "gui", mixinStandardHelpOptions = true, description = "Open the workbench window.")
final class GuiCommand implements Runnable {

    @Parameters(arity = "0..1", paramLabel = "PATH", description = "a project (.leaklab) or a dataset to open")
    List<String> paths = new ArrayList<>();

    @Option(names = "--run", description = "run the project's experiment as soon as it is open (for classroom demos)")
    boolean run;

    @Override
    public void run() {
        Launcher.startGui(paths, run);
    }
}
