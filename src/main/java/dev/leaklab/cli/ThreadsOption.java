package dev.leaklab.cli;

import dev.leaklab.core.task.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}: how many of the machine's cores a run may use (models that train at the same time, and
 * the threads inside one model's training and inference). A count below 1 or above the machine's cores is refused with the option's name.
 */
final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N", description = "cores the run may use, 1 to this machine's "
            + "(default: all of them)")
    Integer threads;

    /** The cores to use: the option's value, or all of them; numeric work ({@link Parallel}) keeps to them too. */
    int resolve(CommandLine commandLine, boolean sequential) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads != null && sequential) {
            throw new CommandLine.ParameterException(commandLine, "--threads and --sequential cannot both be given");
        }
        if (threads != null && (threads < 1 || threads > cores)) {
            throw new CommandLine.ParameterException(commandLine, "--threads must be 1 to " + cores + " (the cores "
                    + "of this machine), was " + threads);
        }
        int n = sequential ? 1 : threads != null ? threads : Math.max(1, cores);
        Parallel.setThreads(n);
        return n;
    }
}
