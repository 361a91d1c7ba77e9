package dev.leaklab.cli;

import dev.leaklab.core.InputException;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leaklab reference FILE}: trains one reference model of an experiment into the model cache, as a job of
 * a batch scheduler, so that {@code leaklab run FILE --cache DIR} then finds all of them trained.
 * {@code --plan} prints how many there are and the experiment's key, for sizing the job array.
 */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Train reference model INDEX of an experiment's LiRA / RMIA attacks into the model cache (one "
                + "job of a Slurm array or a Kubernetes indexed Job); --plan prints how many there are.")
final class ReferenceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the experiment (a .leaklab file)")
    Path file;

    @Option(names = "--plan", description = "print the experiment's key and its reference models, train nothing")
    boolean plan;

    @Option(names = "--form", paramLabel = "FORM", defaultValue = "offline",
            description = "offline (lira-offline, rmia-offline) or online (lira-online, rmia-online); default offline")
    String form;

    @Option(names = "--index", paramLabel = "I", defaultValue = "-1",
            description = "which reference model, from 0 (a Slurm array's $SLURM_ARRAY_TASK_ID)")
    int index;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "the model cache shared by the jobs and the run (default: FILE's folder, NAME-results/models)")
    Path cache;

    @Option(names = "--key", paramLabel = "KEY",
            description = "the key --plan printed: a job for an experiment whose data or settings changed is refused")
    String key;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, IOException {
        ProjectSpec project = ProjectStore.load(file);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (plan) {
            ExperimentRunner.ReferencePlan p = ExperimentRunner.referencePlan(project, file, RunCommand.listener(err),
                    CancellationToken.none());
            out.printf(Locale.ROOT, "key %s%noffline %d%nonline %d%n", p.trainingKey(), p.offline(), p.online());
            out.flush();
            return 0;
        }
        if (!form.equals("offline") && !form.equals("online")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--form must be offline or online, was "
                    + form);
        }
        if (index < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--index is required (0 or more), or "
                    + "--plan to see how many reference models there are");
        }
        Path dir = cache != null ? cache : RunCommand.defaultOut(file).resolve("models");
        ExperimentRunner.ReferenceJob job = ExperimentRunner.trainReference(project, file,
                new ExperimentRunner.Options(dir, 1, Trainers.standard(), Trainers.gemm()), form.equals("online"),
                index, key, RunCommand.listener(err), CancellationToken.none());
        err.printf(Locale.ROOT, "%s (%d of %d): %s in %.1f s, in %s%n", job.role(), index + 1, job.of(),
                job.reused() ? "already in the cache" : "trained", job.seconds(), dir);
        err.flush();
        return 0;
    }
}
