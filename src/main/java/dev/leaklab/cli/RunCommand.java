package dev.leaklab.cli;

import dev.leaklab.core.InputException;
import dev.leaklab.core.experiment.AttackResult;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.FrontierPoint;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.experiment.ResultsStore;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.TrainingProgress;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.report.Charts;
import dev.leaklab.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code leaklab run FILE}: runs an experiment file headless and writes its results, tables and charts.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment: train target and shadow models, run every attack with and without the "
                + "NMID defence, and write results.json, results.csv and PNG charts.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the experiment (a .leaklab file)")
    Path file;

    @Option(names = "--data", paramLabel = "PATH", description = "run on this dataset instead of the file's")
    Path data;

    @Mixin
    DatasetOptions datasetOptions = new DatasetOptions();

    @Option(names = "--out", paramLabel = "DIR",
            description = "where to write the results (default: FILE's folder, NAME-results)")
    Path out;

    @Option(names = "--sequential", description = "train one model at a time")
    boolean sequential;

    @CommandLine.Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--cache", paramLabel = "DIR", description = "the model cache: models trained there before "
            + "(by an earlier run or by `leaklab reference` jobs) are reused (default: OUT/models)")
    Path cache;

    @Option(names = "--export-outputs", description = "also write every sample's clean outputs to OUT/outputs.csv, "
            + "an outputs file `leaklab audit --outputs` reads")
    boolean exportOutputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, IOException {
        int cores = threads.resolve(spec.commandLine(), sequential);
        ProjectSpec project = ProjectStore.load(file);
        if (data != null) {
            project = project.withDataset(datasetOptions.toSpec(List.of(data.toAbsolutePath().toString())));
        }
        Path dir = out != null ? out : defaultOut(file);
        PrintWriter err = spec.commandLine().getErr();
        ExperimentResults results = ExperimentRunner.run(project, data == null ? file : null,
                new ExperimentRunner.Options(cache != null ? cache : dir.resolve("models"), cores, Trainers.standard(),
                        Trainers.gemm()),
                listener(err), CancellationToken.none());
        write(results, dir, err);
        if (exportOutputs) {
            ResultsStore.writeOutputs(results, dir.resolve(ResultsStore.OUTPUTS));
            err.println("wrote " + dir.resolve(ResultsStore.OUTPUTS));
        }
        return 0;
    }

    /** Progress on stderr: stages, and each model's epochs. */
    static ExperimentRunner.Listener listener(PrintWriter err) {
        return new ExperimentRunner.Listener() {
            @Override
            public void stage(String description) {
                synchronized (err) {
                    err.println(description);
                    err.flush();
                }
            }

            @Override
            public void onProgress(TrainingProgress p) {
                if (p.endOfEpoch()) {
                    synchronized (err) {
                        err.printf(Locale.ROOT, "  %-28s epoch %d/%d  loss %.4f  accuracy %.3f  %.0f examples/s%n",
                                p.model(), p.epoch(), p.epochs(), p.loss(), p.accuracy(), p.examplesPerSecond());
                        err.flush();
                    }
                }
            }
        };
    }

    /** Writes results.json, results.csv, the charts and report.html into {@code dir}, and a summary to stderr. */
    static void write(ExperimentResults results, Path dir, PrintWriter err) throws IOException {
        ResultsStore.write(results, dir);
        charts(results, dir);
        HtmlReport.write(results, dir.resolve("report.html"));
        summary(results, err);
        err.println("wrote " + dir.resolve(ResultsStore.JSON) + ", " + ResultsStore.CSV + ", report.html and charts");
    }

    static Path defaultOut(Path file) {
        String name = String.valueOf(file.getFileName());
        String stem = name.endsWith(ProjectSpec.EXTENSION)
                ? name.substring(0, name.length() - ProjectSpec.EXTENSION.length()) : name;
        Path parent = file.toAbsolutePath().getParent();
        return parent.resolve(stem + "-results");
    }

    private static void charts(ExperimentResults results, Path dir) throws IOException {
        AttackResult headline = results.headlineResult();
        List<Charts.RocSeries> series = HtmlReport.headlineRocSeries(results);
        String title = "Membership attack: " + headline.attackName() + " on " + headline.features().name();
        Charts.writeRoc(dir.resolve("roc.png"), title, series);
        Charts.writeRocLogLog(dir.resolve("roc-loglog.png"), title + " (log-log)", series);
        Charts.writeScoreHistogram(dir.resolve("scores.png"), "Attack scores, undefended: " + headline.features().name(),
                results.memberScores(), results.nonMemberScores());
        if (!results.frontier().isEmpty()) {
            List<Charts.FrontierPoint> points = new ArrayList<>();
            for (FrontierPoint p : results.frontier()) {
                points.add(new Charts.FrontierPoint(p.sigma(), p.attackAuc(), p.utilityF1()));
            }
            double setting = results.project().defense().toSettings(0).sigma();
            boolean marked = results.frontier().stream().anyMatch(p -> Math.abs(p.sigma() - setting) < 1e-12);
            Charts.writeFrontier(dir.resolve("frontier.png"), "Privacy-utility frontier (NMID sigma sweep)", points,
                    marked ? setting : null);
        }
    }

    private static void summary(ExperimentResults results, PrintWriter err) {
        if (results.audit() != null) {
            err.println("audited: " + results.audit().description());
            err.println("  outputs given: " + String.join(", ", results.audit().given()) + "; derived: "
                    + String.join(", ", results.audit().derived()));
            err.println("  members: " + results.audit().members());
            err.println("  shadow outputs: " + results.audit().shadow());
        }
        err.printf(Locale.ROOT, "target utility on target-out: accuracy %.3f  F1 %.3f  AUC %.3f%n",
                results.target().accuracy(), results.target().f1(), results.target().auc());
        err.println("attack                 features                          role        adaptive    AUC  "
                + "AUC 95% interval  TPR@1%  TPR@0.1%  utility F1");
        for (AttackResult r : results.attacks()) {
            if ("sweep".equals(r.role())) {
                continue;
            }
            String ci = r.intervals() == null ? "" : String.format(Locale.ROOT, "[%.3f, %.3f]",
                    r.intervals().auc().low(), r.intervals().auc().high());
            err.printf(Locale.ROOT, "%-22s %-33s %-11s %-8s %6.3f  %-16s  %6.3f  %8.4f  %10.3f%n", r.attackName(),
                    r.features().name(), r.role() + (r.queries() > 1 ? "×" + r.queries() : ""), r.adaptive(),
                    r.metrics().auc(), ci, r.metrics().tprAt1pctFpr(), r.metrics().tprAt01pctFpr(), r.utility().f1());
        }
        if (results.nearDuplicates() != null) {
            err.println(results.nearDuplicates().describe());
        }
        printCanaries(results, err);
        for (String warning : results.warnings()) {
            err.println("warning: " + warning);
        }
        results.attacks().stream().filter(r -> r.role().equals("undefended")).map(AttackResult::belowChance)
                .flatMap(java.util.Optional::stream).forEach(note -> err.println("note: " + note));
    }

    /** Each undefended attack on the planted canaries against the held-out ones, when the run planted any. */
    private static void printCanaries(ExperimentResults results, PrintWriter err) {
        boolean header = false;
        for (AttackResult r : results.attacks()) {
            if (!"undefended".equals(r.role())) {
                continue;
            }
            for (AttackResult.Slice slice : r.slices()) {
                if (!"canary".equals(slice.by()) || !"canary".equals(slice.value())) {
                    continue;
                }
                if (!header) {
                    err.printf(Locale.ROOT, "canaries (%d planted, each trained on %d times; %d held out), "
                            + "undefended:%n", slice.members(), results.split().canaryRepeatsOrDefault(),
                            slice.nonMembers());
                    header = true;
                }
                err.printf(Locale.ROOT, "  %-22s %-33s AUC %.3f  TPR@1%% %.3f%n", r.attackName(), r.features().name(),
                        slice.auc(), slice.tprAt1pctFpr());
            }
        }
    }
}
