package dev.leaklab.cli;

import dev.leaklab.core.InputException;
import dev.leaklab.core.experiment.DatasetSpec;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.experiment.TargetSpec;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leaklab audit}: audits a model trained elsewhere, through its outputs file or the model itself
 * (Keras {@code .h5}, ONNX), with every attack, the NMID defence and its sweep, and writes the same results,
 * charts and report as {@code leaklab run}.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Audit a model trained elsewhere for membership leakage: its per-sample outputs (CSV, JSON "
                + "Lines, .npz) or the model itself (Keras .h5 through DL4J, ONNX through ONNX Runtime).",
            "Writes results.json, results.csv, report.html and charts into --out.",
            "Keras: DL4J 1.0.0-M2.1 imports Embedding, LSTM, Bidirectional, Dense and the like, but no GRU; export a "
                + "Keras BiGRU to ONNX or give its outputs file."})
final class AuditCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--outputs", paramLabel = "FILE", required = true,
                description = "the model's per-sample outputs: .csv, .jsonl, .npz, or a folder of .npy files")
        Path outputs;

        @Option(names = "--model", paramLabel = "FILE", required = true,
                description = "the model: a Keras .h5 or an ONNX .onnx file (needs --data and --vocabulary)")
        Path model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--data", paramLabel = "PATH", description = "the dataset the model runs on, or the attacker's "
            + "data for shadow models (an outputs file with shadow rows needs none)")
    Path data;

    @Mixin
    DatasetOptions datasetOptions = new DatasetOptions();

    @Option(names = "--vocabulary", paramLabel = "FILE", description = "the model's vocabulary: JSON from "
            + "normalised token to index, or with --merges a byte-level BPE's vocab.json")
    Path vocabulary;

    @Option(names = "--merges", paramLabel = "FILE", description = "the byte-level BPE's merges.txt (raw code, "
            + "CodeBERT-style models)")
    Path merges;

    @Option(names = "--members", paramLabel = "FILE", description = "ids of the samples the model was trained on, "
            + "one a line (default: the outputs file's role or member column, or LeakLab's split of --data)")
    Path members;

    @Option(names = "--max-length", paramLabel = "N", description = "tokens a sample is cut or padded to when the "
            + "model does not fix its input length (default: 200)")
    Integer maxLength;

    @Option(names = "--spec", paramLabel = "FILE", description = "an experiment file whose attacks, defence, sweep and "
            + "shadow-model settings to use (default: LeakLab's defaults)")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where to write the results")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ThreadsOption threads = new ThreadsOption();

    @Override
    public Integer call() throws InputException, IOException {
        int cores = threads.resolve(spec.commandLine(), false);
        PrintWriter err = spec.commandLine().getErr();
        String kind;
        if (source.outputs != null) {
            kind = "outputs";
            if (vocabulary != null || merges != null) {
                throw new IllegalArgumentException("--vocabulary and --merges are for --model; an outputs file needs "
                        + "neither");
            }
        } else {
            String name = String.valueOf(source.model.getFileName()).toLowerCase(Locale.ROOT);
            kind = name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras") ? "keras"
                    : name.endsWith(".onnx") ? "onnx" : null;
            if (kind == null) {
                throw new InputException(source.model, 0, "is neither a Keras model (.h5) nor an ONNX model (.onnx)",
                        null);
            }
            if (data == null) {
                throw new IllegalArgumentException("--model needs --data: the samples to run the model on");
            }
            if (vocabulary == null) {
                throw new IllegalArgumentException("--model needs --vocabulary: the tokens the model was trained on");
            }
        }
        TargetSpec target = new TargetSpec(kind, text(source.outputs), text(source.model), text(vocabulary),
                text(merges), text(members), maxLength);
        DatasetSpec dataset = data == null ? null : datasetOptions.toSpec(List.of(data.toAbsolutePath().toString()));
        ProjectSpec project;
        if (specFile != null) {
            ProjectSpec base = ProjectStore.load(specFile);
            project = new ProjectSpec(ProjectSpec.SCHEMA_VERSION, base.name(), base.description(), dataset,
                    base.split(), base.code(), base.model(), base.shadowModels(), base.attacks(), base.attackModel(),
                    base.defense(), base.sweep(), base.seed(), target);
        } else {
            project = new ProjectSpec(ProjectSpec.SCHEMA_VERSION, "Audit of " + (source.outputs != null
                    ? source.outputs.getFileName() : source.model.getFileName()), null, dataset, null, null, null,
                    null, null, null, null, null, null, target);
        }
        ExperimentResults results = ExperimentRunner.run(project, null,
                new ExperimentRunner.Options(out.resolve("models"), cores, Trainers.standard(), Trainers.gemm()),
                RunCommand.listener(err), CancellationToken.none());
        RunCommand.write(results, out, err);
        return 0;
    }

    private static String text(Path p) {
        return p == null ? null : p.toAbsolutePath().toString();
    }
}
