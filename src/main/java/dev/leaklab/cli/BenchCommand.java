package dev.leaklab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.GuiBench;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.code.EncodedSequence;
import dev.leaklab.core.code.SequenceEncoder;
import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.data.DataSplit;
import dev.leaklab.core.data.Dataset;
import dev.leaklab.core.data.DatasetLoader;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.ReaderOptions;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.Splitter;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.defense.DefenseBenchmark;
import dev.leaklab.core.experiment.BundledProjects;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.ModelTraining;
import dev.leaklab.core.experiment.ProjectDatasets;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.ImportedModelBenchmark;
import dev.leaklab.core.model.array.ModelBenchmark;
import dev.leaklab.core.model.array.OpenBlasCore;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.core.task.Parallel;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code leaklab bench}: benchmarks that print numbers. */
@Command(name = "bench", description = "Benchmarks that print numbers.", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Data.class, BenchCommand.Models.class, BenchCommand.Defense.class,
            BenchCommand.Gui.class, BenchCommand.References.class, BenchCommand.Run.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code leaklab bench data}: read, normalise and vectorise datasets on one thread, and report samples per
     * second and peak heap.
     */
    @Command(name = "data", mixinStandardHelpOptions = true,
            description = "Time reading, normalising and vectorising datasets (default: the CGD files in ../shared).")
    static final class Data implements Callable<Integer> {

        @Parameters(arity = "0..*", paramLabel = "PATH", description = "dataset files (default: the two CGD files)")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--max-length", description = "sequence length (default: ${DEFAULT-VALUE})", defaultValue = "200")
        int maxLength;

        @Option(names = "--repeat", description = "runs; the first is cold (default: ${DEFAULT-VALUE})", defaultValue = "1")
        int repeat;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InputException {
            List<Path> inputs = paths.isEmpty() ? defaultPaths() : paths;
            if (repeat < 1) {
                throw new IllegalArgumentException("--repeat must be >= 1, was " + repeat);
            }
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                runs.add(runOnce(inputs));
            }
            Run first = runs.get(0);
            double best = runs.stream().mapToDouble(Run::seconds).min().orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode node = Json.mapper().createObjectNode();
                node.put("samples", first.samples);
                node.put("seconds", round(first.seconds()));
                node.put("samplesPerSecond", Math.round(first.samples / first.seconds()));
                node.put("peakHeapMiB", round(first.peakHeapMiB));
                node.put("readSeconds", round(first.readSeconds));
                node.put("normalizeSeconds", round(first.normalizeSeconds));
                node.put("vectorizeSeconds", round(first.vectorizeSeconds));
                node.put("bestSeconds", round(best));
                node.put("runs", repeat);
                node.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
                out.println(node.toString());
            } else {
                out.printf(Locale.ROOT, "data benchmark: %s, one thread, max length %d%n", names(inputs), maxLength);
                for (int i = 0; i < runs.size(); i++) {
                    Run r = runs.get(i);
                    out.printf(Locale.ROOT, "run %d%s: %,d samples in %.2f s (%,.0f samples/s): read %.2f s, "
                                    + "normalise %.2f s, vectorise %.2f s; peak heap %.0f MiB%n",
                            i + 1, i == 0 ? " (cold)" : "", r.samples, r.seconds(), r.samples / r.seconds(),
                            r.readSeconds, r.normalizeSeconds, r.vectorizeSeconds, r.peakHeapMiB);
                }
                out.printf(Locale.ROOT, "vocabulary %,d tokens; max heap %,d MiB%n", first.vocabulary,
                        Runtime.getRuntime().maxMemory() >> 20);
            }
            return 0;
        }

        private Run runOnce(List<Path> inputs) throws InputException {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            Run run = new Run();
            long t0 = System.nanoTime();
            List<Sample> samples = new ArrayList<>();
            for (Path p : inputs) {
                DatasetLoader.stream(p, null, ReaderOptions.defaults(), samples::add);
            }
            long t1 = System.nanoTime();
            SymbolicNormalizer normalizer = new SymbolicNormalizer();
            List<List<String>> tokens = new ArrayList<>(samples.size());
            for (Sample s : samples) {
                tokens.add(normalizer.normalize(s.code()));
            }
            long t2 = System.nanoTime();
            Vocabulary vocabulary = Vocabulary.build(tokens, 2, 20_000);
            SequenceEncoder encoder = new SequenceEncoder(vocabulary, maxLength, SequenceEncoder.Keep.HEAD);
            List<EncodedSequence> encoded = new ArrayList<>(tokens.size());
            for (List<String> t : tokens) {
                encoded.add(encoder.encode(t));
            }
            long t3 = System.nanoTime();
            run.samples = encoded.size();
            run.vocabulary = vocabulary.size();
            run.readSeconds = (t1 - t0) / 1e9;
            run.normalizeSeconds = (t2 - t1) / 1e9;
            run.vectorizeSeconds = (t3 - t2) / 1e9;
            // why: the sum of each heap pool's peak bounds the true peak from above; it never flatters
            run.peakHeapMiB = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
            return run;
        }

        private static List<Path> defaultPaths() throws InputException {
            Path dir = Path.of(System.getProperty("leaklab.sharedDir", "../shared"), "datasets", "vuldeepecker-cgd");
            List<Path> files = List.of(dir.resolve("cwe119_cgd.txt"), dir.resolve("cwe399_cgd.txt"));
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new InputException(f, 0, "no such file: name the dataset files to benchmark, or run "
                            + "from a folder beside shared/", null);
                }
            }
            return files;
        }

        private static String names(List<Path> inputs) {
            return String.join(" + ", inputs.stream().map(p -> String.valueOf(p.getFileName())).toList());
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }

        /** One timed run. */
        private static final class Run {
            int samples;
            int vocabulary;
            double readSeconds;
            double normalizeSeconds;
            double vectorizeSeconds;
            double peakHeapMiB;

            double seconds() {
                return readSeconds + normalizeSeconds + vectorizeSeconds;
            }
        }
    }

    /**
     * {@code leaklab bench models}: training and inference speed of each architecture at its default size
     * and at embedding 128, hidden 128, length 200, batch 32, beside the machine's matrix-multiply speed.
     */
    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "Time training and inference of each architecture, beside one core's matrix-multiply speed.")
    static final class Models implements Callable<Integer> {

        @Option(names = "--arch", split = ",", description = "architectures (default: all)")
        List<String> architectures = new ArrayList<>();

        @Option(names = "--batches", paramLabel = "N", description = "timed training batches (default: "
                + MIN_BATCHES + ", or as many as take about " + TARGET_SECONDS + " s at half the core's product rate)")
        Integer batches;

        /** The fewest timed batches by default. */
        static final int MIN_BATCHES = 16;
        /**
         * About how long a default measurement trains. Why: 16 batches of the small recurrent models last half a
         * second, and their two-thread ratio read 1.50x there against 1.73x over 64 batches: one collection or
         * compilation is a large share of half a second.
         */
        static final int TARGET_SECONDS = 2;

        @Option(names = "--repeat", defaultValue = "1", paramLabel = "N", description = "rounds of every thread count, "
                + "one after another in each round; medians printed (default: ${DEFAULT-VALUE})")
        int repeat;

        @Option(names = "--threads", split = ",", paramLabel = "N", description = "thread counts to measure each "
                + "model at, 1 to this machine's cores (default: 1, 2, 4, ... and all of them)")
        List<Integer> threads = new ArrayList<>();

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Option(names = "--imported", paramLabel = "DIR", description = "folder with the imported BiLSTM at 128/128/200 "
                + "(" + ImportedModelBenchmark.KERAS + ", " + ImportedModelBenchmark.ONNX + "); default: the source "
                + "tree's src/test/fixtures/import, skipped when absent")
        Path imported;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InputException {
            List<Architecture> chosen = new ArrayList<>();
            for (String a : architectures) {
                chosen.add(Architecture.fromId(a));
            }
            if (chosen.isEmpty()) {
                chosen.addAll(List.of(Architecture.values()));
            }
            if (batches != null && batches < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--batches must be >= 1, was " + batches);
            }
            if (repeat < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be >= 1, was " + repeat);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            List<Integer> counts = threadCounts(threads, spec);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            double gemm = ModelBenchmark.gemmGflops();
            String kernels = OpenBlasCore.running();
            if (!json) {
                out.printf(Locale.ROOT, "one core, float matrix multiply (512^3): %.1f GFLOP/s (OpenBLAS kernels: %s%s)%n",
                        gemm, kernels, OpenBlasCore.chosen().isEmpty() ? "" : ", chosen for this CPU");
            }
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("gemmGflops", round(gemm));
            root.put("blasKernels", kernels);
            ArrayNode models = root.putArray("models");
            for (Architecture a : chosen) {
                ModelConfig defaults = ModelConfig.defaults(a);
                for (ModelConfig c : List.of(defaults,
                        defaults.withSizes(128, 128, 200).withBatchSize(32))) {
                    // why: rounds of every count one after another, the ratios taken within a round, since this
                    // machine's speed drifts within minutes and a single short measurement can meet a collection
                    int timed = batches != null ? batches : timedBatches(c, gemm);
                    double[][] train = new double[counts.size()][repeat];
                    double[][] infer = new double[counts.size()][repeat];
                    double[][] core = new double[counts.size()][repeat];
                    Quickstart quick = null;
                    for (int k = 0; k < repeat; k++) {
                        for (int i = 0; i < counts.size(); i++) {
                            int n = counts.get(i);
                            if (json) {
                                err.printf(Locale.ROOT, "measuring %s %d/%d/%d on %d thread(s)%s...%n", a.id(),
                                        c.embeddingSize(), c.hiddenSize(), c.maxLength(), n,
                                        repeat > 1 ? ", round " + (k + 1) + " of " + repeat : "");
                            }
                            Parallel.setThreads(n);
                            // why: the core's rate measured beside each model, before and after it, as this
                            // machine's speed drifts by a fifth within minutes and the share of the core is a ratio
                            double coreBefore = ModelBenchmark.gemmGflops();
                            ModelBenchmark.Result r = ModelBenchmark.measure(c, 2000, timed);
                            core[i][k] = (coreBefore + ModelBenchmark.gemmGflops()) / 2;
                            train[i][k] = r.trainExamplesPerSecond();
                            infer[i][k] = r.inferSamplesPerSecond();
                            if (c == defaults && k == 0 && i == 0) {
                                quick = quickstart(c);
                            }
                        }
                    }
                    int one = counts.indexOf(1);
                    double flops = ModelBenchmark.forwardFlops(c);
                    for (int i = 0; i < counts.size(); i++) {
                        int n = counts.get(i);
                        double trainRate = median(train[i]);
                        double inferRate = median(infer[i]);
                        double coreRate = median(core[i]);
                        ModelBenchmark.Result medians = new ModelBenchmark.Result(c, trainRate, inferRate, flops);
                        double trainGflops = medians.trainGflops();
                        double inferGflops = medians.inferGflops();
                        ObjectNode m = models.addObject();
                        m.put("threads", n);
                        m.put("arch", a.id());
                        m.put("embedding", c.embeddingSize());
                        m.put("hidden", c.hiddenSize());
                        m.put("maxLen", c.maxLength());
                        m.put("batch", c.batchSize());
                        m.put("timedBatches", timed);
                        m.put("trainExamplesPerSecond", round(trainRate));
                        m.put("inferSamplesPerSecond", round(inferRate));
                        m.put("gflops", round(trainGflops));
                        m.put("coreGflops", round(coreRate));
                        m.put("inferGflops", round(inferGflops));
                        if (repeat > 1) {
                            m.put("rounds", repeat);
                            ArrayNode trainRuns = m.putArray("trainRuns");
                            ArrayNode inferRuns = m.putArray("inferRuns");
                            for (int k = 0; k < repeat; k++) {
                                trainRuns.add(round(train[i][k]));
                                inferRuns.add(round(infer[i][k]));
                            }
                        }
                        boolean first = c == defaults && i == 0 && quick != null;
                        if (first) {
                            m.put("quickstartEpochSeconds", round(quick.epochSeconds()));
                            m.put("quickstartInferSamplesPerSecond", round(quick.inferSamplesPerSecond()));
                        }
                        String scaling = "";
                        if (n > 1 && one >= 0) {
                            double trainSpeedup = median(ratios(train[i], train[one]));
                            double inferSpeedup = median(ratios(infer[i], infer[one]));
                            m.put("trainSpeedup", Math.round(trainSpeedup * 100) / 100.0);
                            m.put("inferSpeedup", Math.round(inferSpeedup * 100) / 100.0);
                            scaling = String.format(Locale.ROOT, " [%.2fx / %.2fx of one thread]", trainSpeedup,
                                    inferSpeedup);
                        }
                        if (!json) {
                            out.printf(Locale.ROOT, "%-8s embedding %3d hidden %3d length %3d batch %2d, %2d thread(s): train "
                                            + "%7.1f examples/s (%5.1f GFLOP/s, %4.1f%% of a core at %.0f), "
                                            + "infer %7.1f samples/s (%5.1f GFLOP/s)%s%s%s%n",
                                    a.id(), c.embeddingSize(), c.hiddenSize(), c.maxLength(), c.batchSize(), n,
                                    trainRate, trainGflops, 100 * trainGflops / coreRate, coreRate, inferRate,
                                    inferGflops, scaling, repeat == 1 ? "" : String.format(Locale.ROOT,
                                            "; medians of %d rounds, train %.1f-%.1f, infer %.1f-%.1f", repeat,
                                            min(train[i]), max(train[i]), min(infer[i]), max(infer[i])),
                                    !first ? "" : String.format(Locale.ROOT, "; quickstart epoch (2,000 samples) "
                                            + "%.1f s, infer %.0f samples/s at real lengths", quick.epochSeconds(),
                                            quick.inferSamplesPerSecond()));
                        }
                    }
                }
                Parallel.setThreads(cores);
            }
            Path folder = imported != null ? imported : Path.of("src/test/fixtures/import");
            if (ImportedModelBenchmark.available(folder)) {
                ArrayNode importedRates = root.putArray("imported");
                for (boolean keras : new boolean[] {true, false}) {
                    if (json) {
                        err.println("measuring the imported bilstm 128/128/200 through " + (keras ? "DL4J" : "ONNX")
                                + "...");
                    }
                    ImportedModelBenchmark.Result r = keras ? ImportedModelBenchmark.keras(folder, 512)
                            : ImportedModelBenchmark.onnx(folder, 512);
                    ObjectNode m = importedRates.addObject();
                    m.put("runtime", r.runtime());
                    m.put("arch", "bilstm");
                    m.put("embedding", 128);
                    m.put("hidden", 128);
                    m.put("maxLen", 200);
                    m.put("batch", 64);
                    m.put("inferSamplesPerSecond", round(r.inferSamplesPerSecond()));
                    if (!json) {
                        out.printf(Locale.ROOT, "imported bilstm embedding 128 hidden 128 length 200 batch 64 through "
                                + "%s: infer %7.1f samples/s%n", r.runtime(), r.inferSamplesPerSecond());
                    }
                }
            } else if (imported != null) {
                throw new InputException(imported, 0, "does not hold " + ImportedModelBenchmark.KERAS + " and "
                        + ImportedModelBenchmark.ONNX, null);
            } else if (!json) {
                out.println("imported models: skipped (run from the source tree, or give --imported DIR)");
            }
            if (json) {
                out.println(root.toString());
            } else {
                out.println("full-length random sequences (no bucketing benefit); training timed from its second "
                        + "batch (after " + ModelBenchmark.WARM_UP_BATCHES + " warm-up batches; the first fills the "
                        + "model's pool of arrays) over " + (batches != null ? batches + " batches" : "at least "
                        + MIN_BATCHES + " batches, more for a small model (about " + TARGET_SECONDS + " s each)")
                        + ", inference "
                        + "after a warm-up pass; \"of a core\" is against one core's matrix product measured just "
                        + "before and after each model (GFLOP/s after \"at\"); training counts forward + backward "
                        + "as three forward passes; GFLOP/s are nominal (the recurrent models look their first layer's "
                        + "input projection up per distinct token, which does less arithmetic)");
            }
            return 0;
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }

        /**
         * The default count of timed batches for {@code c}: {@link #MIN_BATCHES}, or as many as train for about
         * {@link #TARGET_SECONDS} at half of one core's product rate {@code coreGflops} (a recurrent model reaches
         * 40 to 90% of it, the encoder about 60%), by the model's nominal arithmetic.
         */
        static int timedBatches(ModelConfig c, double coreGflops) {
            double batchSeconds = 3 * ModelBenchmark.forwardFlops(c) * c.batchSize() / (coreGflops * 1e9 / 2);
            return (int) Math.max(MIN_BATCHES, Math.min(1024, Math.ceil((double) TARGET_SECONDS / batchSeconds)));
        }

        /** The median of {@code values} (the mean of the middle two for an even count). */
        static double median(double[] values) {
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            int h = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
        }

        /** Each round's {@code of} over the same round's {@code to}. */
        static double[] ratios(double[] of, double[] to) {
            double[] r = new double[of.length];
            for (int i = 0; i < of.length; i++) {
                r[i] = of[i] / to[i];
            }
            return r;
        }

        private static double min(double[] values) {
            return java.util.Arrays.stream(values).min().orElse(Double.NaN);
        }

        private static double max(double[] values) {
            return java.util.Arrays.stream(values).max().orElse(Double.NaN);
        }

        /** One quickstart epoch's seconds, and the inference speed of the model it trained. */
        private record Quickstart(double epochSeconds, double inferSamplesPerSecond) {
        }

        /**
         * Trains one epoch over 2,000 quickstart functions (its target-in and shadow-in) at their real, bucketed
         * lengths, then times the outputs of the same 2,000 functions.
         */
        private static Quickstart quickstart(ModelConfig config) throws InputException {
            ProjectSpec project = BundledProjects.quickstart();
            Dataset dataset = ProjectDatasets.load(project, null,
                    CancellationToken.none());
            SymbolicNormalizer normalizer = new SymbolicNormalizer(project.code().normalizerOptions());
            List<NormalizedSample> normalized = dataset.samples().stream()
                    .map(s -> new NormalizedSample(s, normalizer.normalize(s.code()))).toList();
            DataSplit split = Splitter.split(normalized,
                    project.split().toSpec());
            List<NormalizedSample> members = new ArrayList<>(
                    split.get(Subset.TARGET_IN));
            members.addAll(split.get(Subset.SHADOW_IN));
            List<List<String>> corpus = members.stream().map(NormalizedSample::tokens).toList();
            Vocabulary vocabulary = Vocabulary.build(corpus, 2, 20_000);
            int length = config.architecture() == Architecture.CODEBERT
                    ? config.maxLength() - 1 : config.maxLength();
            LabelledSequences data = ModelTraining.encode(members,
                    new SequenceEncoder(vocabulary, length, SequenceEncoder.Keep.HEAD));
            TrainedModel model = Trainers.standard().train("quickstart",
                    config.withEpochs(1), vocabulary, data, null, p -> { }, CancellationToken.none());
            long t0 = System.nanoTime();
            model.outputs(data, CancellationToken.none());
            double inferSeconds = (System.nanoTime() - t0) / 1e9;
            return new Quickstart(model.summary().seconds(), data.size() / inferSeconds);
        }
    }

    /**
     * {@code leaklab bench defense}: the latency of re-evaluating the attack and utility for one defence setting,
     * as the GUI's sliders do, for the non-adaptive and the adaptive attacker.
     */
    @Command(name = "defense", mixinStandardHelpOptions = true,
            description = "Time the defence evaluator on a slider sweep (gray-box MLP attack, made-up outputs).")
    static final class Defense implements Callable<Integer> {

        @CommandLine.Mixin
        SliderOptions options = new SliderOptions();

        @Option(names = "--threads", split = ",", paramLabel = "N", description = "thread counts to measure at, 1 to "
                + "this machine's cores (default: 1, 2, 4, ... and all of them)")
        List<Integer> threads = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            options.check();
            List<Integer> counts = threadCounts(threads, spec);
            int cores = Runtime.getRuntime().availableProcessors();
            PrintWriter out = spec.commandLine().getOut();
            ObjectNode root = Json.mapper().createObjectNode();
            ArrayNode runs = root.putArray("runs");
            try {
                for (int n : counts) {
                    Parallel.setThreads(n);
                    DefenseBenchmark.Result r = DefenseBenchmark.measure(options.samples, options.embedding,
                            options.settings, Trainers.gemm());
                    if (options.json) {
                        ObjectNode run = runs.addObject();
                        run.put("threads", n);
                        for (String name : List.of("nonAdaptive", "adaptive")) {
                            DefenseBenchmark.Latency l = name.equals("adaptive") ? r.adaptive() : r.nonAdaptive();
                            ObjectNode o = run.putObject(name);
                            o.put("medianMs", Math.round(l.medianMs() * 100) / 100.0);
                            o.put("p95Ms", Math.round(l.p95Ms() * 100) / 100.0);
                            o.put("settings", l.settings());
                        }
                    } else {
                        out.printf(Locale.ROOT, "%,d target samples, embedding %d, gray-box MLP attack, %d thread(s)%n",
                                r.targetSamples(), r.embeddingSize(), n);
                        out.printf(Locale.ROOT, "  non-adaptive: median %.2f ms, p95 %.2f ms over %d settings%n",
                                r.nonAdaptive().medianMs(), r.nonAdaptive().p95Ms(), r.nonAdaptive().settings());
                        out.printf(Locale.ROOT, "  adaptive:     median %.1f ms, p95 %.1f ms over %d settings%n",
                                r.adaptive().medianMs(), r.adaptive().p95Ms(), r.adaptive().settings());
                        out.flush();
                    }
                }
            } finally {
                Parallel.setThreads(cores);
            }
            if (options.json) {
                out.println(root.toString());
            }
            return 0;
        }
    }

    /**
     * {@code leaklab bench gui}: start-up time to a usable window, and the time from a defence slider move to
     * the repainted ROC chart and utility table, on the real JavaFX toolkit (a display or Xvfb is needed).
     */
    @Command(name = "gui", mixinStandardHelpOptions = true,
            description = "Time the workbench: start-up, and slider-to-repaint on the defence screen.")
    static final class Gui implements Callable<Integer> {

        @CommandLine.Mixin
        SliderOptions options = new SliderOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            options.check();
            GuiBench.Measurement r = GuiBench.run(options.samples, options.embedding, options.settings,
                    Trainers.gemm());
            PrintWriter out = spec.commandLine().getOut();
            if (options.json) {
                ObjectNode root = Json.mapper().createObjectNode();
                root.put("medianMs", Math.round(r.medianMs() * 100) / 100.0);
                root.put("p95Ms", Math.round(r.p95Ms() * 100) / 100.0);
                root.put("startupMs", Math.round(r.startupMs()));
                root.put("sweepStallMs", Math.round(r.sweep().longestMs() * 10) / 10.0);
                root.put("sweepFrames", r.sweep().frames());
                root.put("sweepGapsOver33Ms", r.sweep().over());
                root.put("trainingStallMs", Math.round(r.training().longestMs() * 10) / 10.0);
                root.put("trainingFrames", r.training().frames());
                root.put("trainingGapsOver50Ms", r.training().over());
                root.put("sweepGapsWithPause", r.sweep().withPause());
                root.put("trainingGapsWithPause", r.training().withPause());
                root.put("sweepLongestPauseMs", Math.round(r.sweep().longestPauseMs()));
                root.put("trainingLongestPauseMs", Math.round(r.training().longestPauseMs()));
                out.println(root.toString());
            } else {
                out.printf(Locale.ROOT, "start-up to a usable window: %.0f ms%n", r.startupMs());
                out.printf(Locale.ROOT, "defence slider to repainted ROC and utility, %,d target samples, embedding %d: "
                        + "median %.1f ms, p95 %.1f ms over %d settings%n", options.samples, options.embedding,
                        r.medianMs(), r.p95Ms(), r.settings());
                out.printf(Locale.ROOT, "longest frame gap: %.1f ms during the slider sweep, %.1f ms during a quickstart "
                        + "run (2 epochs, attacks, sweep)%n", r.sweep().longestMs(), r.training().longestMs());
                out.printf(Locale.ROOT, "frame gaps over %.0f ms: %d of %,d frames during the sweep; over %.0f ms: %d of %,d "
                        + "during the run%n", r.sweep().limitMs(), r.sweep().over(), r.sweep().frames(),
                        r.training().limitMs(), r.training().over(), r.training().frames());
                out.printf(Locale.ROOT, "of those, during a collection pause: %d in the sweep (longest pause %.0f ms), "
                        + "%d in the run (longest pause %.0f ms)%n", r.sweep().withPause(), r.sweep().longestPauseMs(),
                        r.training().withPause(), r.training().longestPauseMs());
            }
            out.flush();
            return 0;
        }
    }

    /**
     * {@code leaklab bench references}: the wall time of k reference BiLSTMs trained one at a time and then as
     * many at a time as there are cores, on CGD members, and the scaling between the two.
     */
    @Command(name = "references", mixinStandardHelpOptions = true,
            description = "Time k LiRA reference models trained one at a time and on all cores (default: 16 "
                    + "BiLSTMs 64/64 on 4,000 CGD CWE-119 members).")
    static final class References implements Callable<Integer> {

        @Option(names = "--data", paramLabel = "FILE", description = "the dataset (default: ../shared's CGD "
                + "CWE-119 file)")
        Path data;

        @Option(names = "--references", description = "reference models (default: ${DEFAULT-VALUE})",
                defaultValue = "16")
        int references;

        @Option(names = "--members", description = "the target's members, which each reference model trains on "
                + "as many of (default: ${DEFAULT-VALUE})", defaultValue = "4000")
        int members;

        @Option(names = "--epochs", description = "epochs each (default: ${DEFAULT-VALUE})", defaultValue = "1")
        int epochs;

        @Option(names = "--threads", description = "models at once in the parallel run (default: all cores)")
        Integer threads;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int cores = Runtime.getRuntime().availableProcessors();
            int parallel = threads == null ? cores : threads;
            if (parallel < 1 || parallel > cores) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be 1 to " + cores
                        + " (this machine's cores), was " + parallel);
            }
            if (references < 1 || members < 10 || epochs < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--references and --epochs must be at "
                        + "least 1 and --members at least 10");
            }
            Path file = data != null ? data : Path.of("..", "shared", "datasets", "vuldeepecker-cgd",
                    "cwe119_cgd.txt").toAbsolutePath().normalize();
            // why: the experiment is read from memory and trains with no cache, so the benchmark writes nothing
            String experiment = """
                    {"schemaVersion": 3, "name": "reference benchmark",
                     "dataset": {"paths": [%s], "format": "gadgets"},
                     "split": {"maxPerSubset": %d},
                     "model": {"arch": "bilstm", "embedding": 64, "hidden": 64, "epochs": %d},
                     "attacks": [{"attack": "lira-offline", "referenceModels": %d}],
                     "seed": 1}
                    """.formatted(Json.mapper().writeValueAsString(file.toString()), members, epochs, references);
            ProjectSpec project = ProjectStore.load(new java.io.ByteArrayInputStream(
                    experiment.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Path.of("bench-references.leaklab"));
            ExperimentRunner.Listener quiet = ExperimentRunner.Listener.quiet();
            double one = time(project, 1, quiet);
            double all = parallel == 1 ? one : time(project, parallel, quiet);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode node = Json.mapper().createObjectNode();
                node.put("references", references);
                node.put("members", members);
                node.put("epochs", epochs);
                node.put("cores", cores);
                node.put("oneAtATimeSeconds", round(one));
                node.put("threads", parallel);
                node.put("parallelSeconds", round(all));
                node.put("scaling", round(one / all));
                out.println(node.toString());
            } else {
                out.printf(Locale.ROOT, "%d reference BiLSTMs 64/64, %d epoch%s each on %,d members of %s%n",
                        references, epochs, epochs == 1 ? "" : "s", members, file.getFileName());
                out.printf(Locale.ROOT, "one at a time: %.1f s; %d at a time (%d cores): %.1f s; scaling %.2fx%n",
                        one, parallel, cores, all, one / all);
            }
            out.flush();
            return 0;
        }

        private static double time(ProjectSpec project, int atOnce, ExperimentRunner.Listener quiet)
                throws Exception {
            long t0 = System.nanoTime();
            ExperimentRunner.trainReferences(project, null, new ExperimentRunner.Options(null, atOnce,
                    Trainers.standard(), Trainers.gemm()), quiet, CancellationToken.none());
            return (System.nanoTime() - t0) / 1e9;
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }

    /**
     * The thread counts a benchmark measures at: those given, or 1, 2, 4, ... and all of this machine's cores.
     *
     * @throws CommandLine.ParameterException naming {@code --threads} when a count is below 1 or above the cores
     */
    static List<Integer> threadCounts(List<Integer> given, CommandLine.Model.CommandSpec spec) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> counts = new ArrayList<>(given);
        if (counts.isEmpty()) {
            for (int n = 1; n < cores; n *= 2) {
                counts.add(n);
            }
            counts.add(cores);
        }
        for (int n : counts) {
            if (n < 1 || n > cores) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be 1 to " + cores
                        + " (the cores of this machine), was " + n);
            }
        }
        return counts;
    }

    /** The options of the slider benchmarks: how many samples behind the defence, and how many settings. */
    static final class SliderOptions {

        @Option(names = "--samples", defaultValue = "20000", description = "target samples (default: ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--embedding", defaultValue = "256", description = "embedding width (default: ${DEFAULT-VALUE})")
        int embedding;

        @Option(names = "--settings", defaultValue = "200", description = "settings timed (default: ${DEFAULT-VALUE})")
        int settings;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        void check() {
            if (samples < 4 || embedding < 1 || settings < 1) {
                throw new IllegalArgumentException("--samples must be >= 4, --embedding and --settings >= 1");
            }
        }
    }

    /**
     * {@code leaklab bench run}: the bundled quickstart end to end (no cache, nothing written) at each thread
     * count, with each stage's seconds, so the scaling of every stage shows.
     */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Time the bundled quickstart end to end, stage by stage, at 1, 2, 4, ... and all cores.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--threads", split = ",", paramLabel = "N", description = "thread counts, 1 to this "
                + "machine's cores (default: 1, 2, 4, ... and all of them)")
        List<Integer> threads = new ArrayList<>();

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int cores = Runtime.getRuntime().availableProcessors();
            List<Integer> counts = threadCounts(threads, spec);
            ProjectSpec project = BundledProjects.quickstart();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("cores", cores);
            ArrayNode runs = root.putArray("runs");
            double oneTotal = Double.NaN;
            try {
                for (int n : counts) {
                    err.printf(Locale.ROOT, "quickstart on %d thread(s)...%n", n);
                    err.flush();
                    Parallel.setThreads(n);
                    List<String> stages = new ArrayList<>();
                    List<Long> starts = new ArrayList<>();
                    ExperimentRunner.Listener listener = new ExperimentRunner.Listener() {
                        @Override
                        public synchronized void stage(String description) {
                            stages.add(description);
                            starts.add(System.nanoTime());
                        }

                        @Override
                        public void onProgress(dev.leaklab.core.model.TrainingProgress progress) {
                        }
                    };
                    long t0 = System.nanoTime();
                    ExperimentRunner.run(project, null, new ExperimentRunner.Options(null, n, Trainers.standard(),
                            Trainers.gemm()), listener, CancellationToken.none());
                    long end = System.nanoTime();
                    double total = (end - t0) / 1e9;
                    if (n == counts.get(0)) {
                        oneTotal = total;
                    }
                    ObjectNode run = runs.addObject();
                    run.put("threads", n);
                    run.put("seconds", Math.round(total * 100) / 100.0);
                    ArrayNode stageNodes = run.putArray("stages");
                    if (!json) {
                        out.printf(Locale.ROOT, "%d thread(s): %.1f s%s%n", n, total, n == counts.get(0) ? ""
                                : String.format(Locale.ROOT, " (%.2fx of %d)", oneTotal / total, counts.get(0)));
                    }
                    for (int i = 0; i < stages.size(); i++) {
                        double seconds = ((i + 1 < starts.size() ? starts.get(i + 1) : end) - starts.get(i)) / 1e9;
                        ObjectNode st = stageNodes.addObject();
                        st.put("stage", stages.get(i));
                        st.put("seconds", Math.round(seconds * 100) / 100.0);
                        if (!json) {
                            out.printf(Locale.ROOT, "  %7.2f s  %s%n", seconds, stages.get(i));
                        }
                    }
                    out.flush();
                }
            } finally {
                Parallel.setThreads(cores);
            }
            if (json) {
                out.println(root.toString());
            }
            return 0;
        }
    }
}
