package dev.leaklab.cli;

import dev.leaklab.LeakLabVersion;
import dev.leaklab.core.InputException;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code leaklab}: the command line. Exit codes: 0 done, 2 bad input (the message names the file and line or
 * the setting), 1 anything else.
 */
@Command(name = "leaklab", mixinStandardHelpOptions = true, versionProvider = LeakLabCommand.Version.class,
        description = "Membership leakage in vulnerability-prediction models. Without arguments, opens the workbench.",
        subcommands = {DatasetCommand.class, TrainCommand.class, RunCommand.class, ReferenceCommand.class,
            AuditCommand.class, BenchCommand.class, GuiCommand.class, CommandLine.HelpCommand.class})
public final class LeakLabCommand implements Runnable {

    /** Exit code for bad input. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for any other failure. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line with the process's streams and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given streams (tests capture them) and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** A configured command line; exceptions become one-line errors and exit codes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LeakLabCommand());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof InputException || ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof dev.leaklab.core.io.WriteFailedException) {
                // why: its message is already the one line "FILE: cannot write: reason"
                err.println("error: " + ex.getMessage());
                return EXIT_FAILURE;
            }
            if (ex instanceof java.util.concurrent.CancellationException) {
                err.println("error: cancelled");
                return EXIT_FAILURE;
            }
            err.println("error: " + ex);
            org.slf4j.LoggerFactory.getLogger(LeakLabCommand.class).debug("failure", ex);
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_BAD_INPUT;
        });
        return cli;
    }

    /** Whether {@code word} names a subcommand (so a file of that name is not opened in the GUI). */
    public static boolean isSubcommand(String word) {
        return Set.of("dataset", "train", "run", "audit", "bench", "gui", "help").contains(word);
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"LeakLab " + LeakLabVersion.get(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
