package dev.leaklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.LeakLabVersion;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.data.DataSplit;
import dev.leaklab.core.data.Dataset;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.SplitSpec;
import dev.leaklab.core.data.Splitter;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.experiment.CodeSettings;
import dev.leaklab.core.experiment.ModelTraining;
import dev.leaklab.core.experiment.ProjectDatasets;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.io.AtomicFiles;
import dev.leaklab.core.metrics.ClassificationMetrics;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.OutputsStore;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.TrainingListener;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code leaklab train}: split the data, train the target and one shadow model, and write the checkpoints,
 * the outputs of all four subsets and {@code metrics.json}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the target and a shadow model; write checkpoints, per-sample outputs and metrics.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "dataset file or folder, or a project (.leaklab) file")
    Path data;

    @Mixin
    DatasetOptions datasetOptions = new DatasetOptions();

    @Option(names = "--arch", required = true, paramLabel = "ARCH", description = "bilstm, bigru or codebert")
    String arch;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: the architecture's)")
    Integer epochs;

    @Option(names = "--max-len", paramLabel = "N", description = "tokens per sequence at most")
    Integer maxLength;

    @Option(names = "--embedding", paramLabel = "N", description = "embedding (model) width")
    Integer embedding;

    @Option(names = "--hidden", paramLabel = "N", description = "recurrent state (or feed-forward) width")
    Integer hidden;

    @Option(names = "--batch", paramLabel = "N", description = "training batch size")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate")
    Double learningRate;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the split and the models (default: 42)")
    Long seed;

    @Option(names = "--per-subset", paramLabel = "N", description = "at most N samples in each of the four subsets")
    Integer perSubset;

    @Option(names = "--pretrained", paramLabel = "DIR",
            description = "a Hugging Face RoBERTa/CodeBERT folder (config.json, vocab.json, merges.txt, model.safetensors)")
    Path pretrained;

    @Option(names = "--freeze-encoder",
            description = "with --pretrained: keep the encoder fixed and train only the head (far cheaper)")
    boolean freezeEncoder;

    @Option(names = "--sequential", description = "train the target and the shadow one after the other")
    boolean sequential;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the results")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException, IOException {
        Architecture architecture = Architecture.fromId(arch);
        if (pretrained != null && architecture != Architecture.CODEBERT) {
            throw new IllegalArgumentException("--pretrained needs --arch codebert");
        }
        if (freezeEncoder && pretrained == null) {
            throw new IllegalArgumentException("--freeze-encoder needs --pretrained");
        }
        ModelConfig defaults = ModelConfig.defaults(architecture);
        if (pretrained != null) {
            defaults = ModelTraining.pretrainedConfig(pretrained, freezeEncoder, defaults);
            if (embedding != null || hidden != null) {
                throw new IllegalArgumentException("--embedding and --hidden come from the pretrained model's config.json");
            }
        }
        ModelConfig config = defaults
                .withSizes(embedding != null ? embedding : defaults.embeddingSize(),
                        hidden != null ? hidden : defaults.hiddenSize(),
                        maxLength != null ? maxLength : defaults.maxLength())
                .withEpochs(epochs != null ? epochs : defaults.epochs())
                .withBatchSize(batch != null ? batch : defaults.batchSize())
                .withLearningRate(learningRate != null ? learningRate : defaults.learningRate())
                .withSeed(seed != null ? seed : SplitSpec.DEFAULT_SEED);
        PrintWriter err = spec.commandLine().getErr();

        ProjectSpec project = data.toString().endsWith(ProjectSpec.EXTENSION) ? ProjectStore.load(data)
                : ProjectSpec.of(String.valueOf(data.getFileName()), datasetOptions.toSpec(List.of(data.toString())));
        Path projectFile = data.toString().endsWith(ProjectSpec.EXTENSION) ? data : null;
        err.println("reading " + data);
        Dataset dataset = ProjectDatasets.load(project, projectFile, CancellationToken.none());
        SymbolicNormalizer normalizer = new SymbolicNormalizer(project.code().normalizerOptions());
        List<NormalizedSample> normalized = dataset.samples().stream()
                .map(s -> new NormalizedSample(s, normalizer.normalize(s.code()))).toList();
        SplitSpec base = project.split().toSpec();
        SplitSpec splitSpec = new SplitSpec(base.targetIn(), base.targetOut(), base.shadowIn(), base.shadowOut(),
                perSubset != null ? perSubset : base.maxPerSubset(), base.conflicts(),
                seed != null ? seed : base.seed());
        DataSplit split = Splitter.split(normalized, splitSpec);
        err.printf(Locale.ROOT, "%,d samples, %,d duplicates removed; %,d / %,d / %,d / %,d in target-in / "
                        + "target-out / shadow-in / shadow-out%n", split.dedup().samples(),
                split.dedup().duplicatesRemoved(), split.get(Subset.TARGET_IN).size(),
                split.get(Subset.TARGET_OUT).size(), split.get(Subset.SHADOW_IN).size(),
                split.get(Subset.SHADOW_OUT).size());

        CodeSettings code = project.code();
        TrainingListener listener = p -> {
            if (p.endOfEpoch()) {
                synchronized (err) {
                    err.printf(Locale.ROOT, "%-7s epoch %d/%d  loss %.4f  accuracy %.3f  %.0f examples/s%n", p.model(),
                            p.epoch(), p.epochs(), p.loss(), p.accuracy(), p.examplesPerSecond());
                }
            }
        };
        long started = System.nanoTime();
        ModelTraining.Result result = ModelTraining.run(split, config, code, Trainers.standard(), listener,
                CancellationToken.none(), !sequential && Runtime.getRuntime().availableProcessors() >= 2);
        double seconds = (System.nanoTime() - started) / 1e9;

        Files.createDirectories(out);
        result.target().model().save(out.resolve("models/target"));
        result.shadow().model().save(out.resolve("models/shadow"));
        for (Subset s : Subset.values()) {
            OutputsStore.save(result.outputs(s), out.resolve("outputs/" + s.id() + ".bin"));
        }
        ObjectNode metrics = Json.mapper().createObjectNode();
        metrics.put("schemaVersion", 1);
        metrics.set("target", side(result.target()));
        metrics.set("shadow", side(result.shadow()));
        metrics.put("totalSeconds", seconds);
        ObjectNode provenance = metrics.putObject("provenance");
        provenance.put("leaklab", LeakLabVersion.get());
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        provenance.put("data", data.toString());
        provenance.set("config", Json.mapper().valueToTree(config));
        provenance.set("split", Json.mapper().valueToTree(splitSpec));
        provenance.put("finished", Instant.now().toString());
        AtomicFiles.standard().write(out.resolve("metrics.json"), Json.mapper().writeValueAsBytes(metrics));
        for (ModelTraining.Side side : List.of(result.target(), result.shadow())) {
            ClassificationMetrics m = side.utility();
            err.printf(Locale.ROOT, "%-7s held-out accuracy %.3f  precision %.3f  recall %.3f  F1 %.3f  AUC %.3f  "
                            + "(%.1f s, %.0f examples/s)%n", side.name(), m.accuracy(), m.precision(), m.recall(), m.f1(),
                    m.auc(), side.model().summary().seconds(), side.model().summary().examplesPerSecond());
        }
        err.println("wrote " + out.resolve("metrics.json"));
        return 0;
    }

    private static ObjectNode side(ModelTraining.Side side) {
        ObjectNode node = Json.mapper().createObjectNode();
        ClassificationMetrics m = side.utility();
        node.put("accuracy", m.accuracy());
        node.put("precision", m.precision());
        node.put("recall", m.recall());
        node.put("f1", m.f1());
        node.put("auc", m.auc());
        ObjectNode confusion = node.putObject("confusion");
        confusion.put("truePositives", m.confusion().truePositives());
        confusion.put("falsePositives", m.confusion().falsePositives());
        confusion.put("trueNegatives", m.confusion().trueNegatives());
        confusion.put("falseNegatives", m.confusion().falseNegatives());
        node.put("heldOutSamples", side.nonMembers().size());
        node.put("trainSamples", side.members().size());
        node.put("trainSeconds", side.model().summary().seconds());
        node.put("examplesPerSecond", side.model().summary().examplesPerSecond());
        node.put("epochs", side.model().summary().epochsRun());
        node.put("finalTrainLoss", side.model().summary().finalLoss());
        node.put("finalTrainAccuracy", side.model().summary().finalAccuracy());
        return node;
    }
}
