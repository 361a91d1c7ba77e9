package dev.leaklab.app.experiment;

import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.core.task.Parallel;
import java.nio.file.Path;

/** Runs an experiment; the workbench's is {@link #standard()}, the same as the command line's. */
@FunctionalInterface
public interface ExperimentEngine {

    /**
     * Runs {@code project} to its results.
     *
     * @param projectFile the project's file for relative paths, or {@code null}
     * @param cache       where trained models are kept for reuse, or {@code null}
     */
    ExperimentResults run(ProjectSpec project, Path projectFile, Path cache, ExperimentRunner.Listener listener,
                          CancellationToken cancel) throws Exception;

    /**
     * The workbench's engine: native trainer and matrix product, as many models at a time, and as many threads
     * inside one, as leave a core for the window. Why not on two cores: two training threads there starve the UI and render threads, and the
     * window stalls for 100 ms at a time; one thread keeps every frame within 50 ms.
     */
    static ExperimentEngine standard() {
        Parallel.setThreads(modelsAtOnce());
        return (project, file, cache, listener, cancel) -> ExperimentRunner.run(project, file,
                new ExperimentRunner.Options(cache, modelsAtOnce(),
                        Trainers.standard(), Trainers.gemm()), listener, cancel);
    }

    /** How many models the workbench trains at once here: one a core, less the window's, one below three. */
    static int modelsAtOnce() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores >= 3 ? cores - 1 : 1;
    }
}
