package dev.leaklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.data.DataSplit;
import dev.leaklab.core.data.Dataset;
import dev.leaklab.core.data.DatasetException;
import dev.leaklab.core.data.DatasetLoader;
import dev.leaklab.core.data.DatasetStats;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.Splitter;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.experiment.DatasetSpec;
import dev.leaklab.core.experiment.ProjectDatasets;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.experiment.SplitSettings;
import dev.leaklab.core.task.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code leaklab dataset}: look at a dataset before studying it. */
@Command(name = "dataset", description = "Inspect datasets.", mixinStandardHelpOptions = true,
        subcommands = {DatasetCommand.Stats.class, DatasetCommand.Split.class})
final class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A dataset named on the command line: dataset paths, or one project file. */
    abstract static class Input {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "dataset files or folders, or a project (.leaklab) file")
        List<Path> paths;

        @Mixin
        DatasetOptions options = new DatasetOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        boolean isProject() {
            return paths.size() == 1 && paths.get(0).toString().endsWith(ProjectSpec.EXTENSION);
        }

        ProjectSpec project() throws InputException {
            if (isProject()) {
                ProjectSpec project = ProjectStore.load(paths.get(0));
                if (project.dataset() == null) {
                    throw new InputException(paths.get(0), 0, "audits an outputs file and names no dataset: its rows "
                            + "hold no code to count or split", null);
                }
                return project;
            }
            DatasetSpec dataset = options.toSpec(paths.stream().map(Path::toString).toList());
            String first = String.valueOf(paths.get(0).getFileName());
            return ProjectSpec.of(paths.size() == 1 ? first : first + " + " + (paths.size() - 1) + " more", dataset);
        }

        Path projectFile() {
            return isProject() ? paths.get(0) : null;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** {@code leaklab dataset stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Count samples, classes, duplicates after normalisation, conflicting labels and token lengths.")
    static final class Stats extends Input implements java.util.concurrent.Callable<Integer> {

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        public Integer call() throws InputException {
            ProjectSpec project = project();
            SymbolicNormalizer normalizer = new SymbolicNormalizer(project.code().normalizerOptions());
            DatasetStats stats;
            String formatName;
            if (project.dataset().generator() != null) {
                Dataset dataset = ProjectDatasets.load(project, projectFile(), CancellationToken.none());
                stats = DatasetStats.of(dataset.samples(), normalizer);
                formatName = "generated";
            } else {
                // why: streamed, so a dataset larger than the heap still gets its numbers
                DatasetStats.Collector collector = new DatasetStats.Collector(normalizer);
                List<Path> resolved = ProjectDatasets.resolve(project.dataset(), projectFile());
                String used = null;
                for (Path path : resolved) {
                    used = DatasetLoader.stream(path, project.dataset().datasetFormat(),
                            project.dataset().readerOptions(), collector).id();
                }
                stats = collector.stats();
                formatName = used;
                if (stats.vulnerable() == 0 || stats.notVulnerable() == 0) {
                    throw new DatasetException(resolved.get(0), 0, "only one class: all " + stats.samples()
                            + " samples are labelled " + (stats.vulnerable() == 0 ? "0" : "1")
                            + "; a study needs both vulnerable and non-vulnerable code");
                }
            }
            if (json) {
                ObjectNode node = Json.mapper().createObjectNode();
                node.put("samples", stats.samples());
                node.put("vulnerable", stats.vulnerable());
                node.put("notVulnerable", stats.notVulnerable());
                node.put("distinct", stats.distinct());
                node.put("duplicates", stats.duplicates());
                node.put("conflicting", stats.conflicting());
                node.put("distinctRaw", stats.distinctRaw());
                node.put("minTokens", stats.minTokens());
                node.put("medianTokens", stats.medianTokens());
                node.put("maxTokens", stats.maxTokens());
                node.put("format", formatName);
                out().println(node.toString());
            } else {
                PrintWriter out = out();
                out.printf(Locale.ROOT, "%-16s%s (%s)%n", "dataset", project.name(), formatName);
                out.printf(Locale.ROOT, "%-16s%,d%n", "samples", stats.samples());
                out.printf(Locale.ROOT, "%-16s%,d (%.1f%%)%n", "vulnerable", stats.vulnerable(),
                        100.0 * stats.vulnerable() / stats.samples());
                out.printf(Locale.ROOT, "%-16s%,d%n", "not vulnerable", stats.notVulnerable());
                out.printf(Locale.ROOT, "%-16s%,d after normalisation (%,d as written)%n", "distinct",
                        stats.distinct(), stats.distinctRaw());
                out.printf(Locale.ROOT, "%-16s%,d removed by deduplication%n", "duplicates", stats.duplicates());
                out.printf(Locale.ROOT, "%-16s%,d bodies carry both labels%n", "conflicting", stats.conflicting());
                out.printf(Locale.ROOT, "%-16smin %,d / median %,d / max %,d%n", "tokens", stats.minTokens(),
                        stats.medianTokens(), stats.maxTokens());
            }
            return 0;
        }
    }

    /** {@code leaklab dataset split}. */
    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Deduplicate and split into target-in, target-out, shadow-in and shadow-out; print the sizes.")
    static final class Split extends Input implements java.util.concurrent.Callable<Integer> {

        @Option(names = "--seed", description = "split seed (default: the project's, or 42)")
        Long seed;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        public Integer call() throws InputException {
            ProjectSpec project = project();
            Dataset dataset = ProjectDatasets.load(project, projectFile(), CancellationToken.none());
            SymbolicNormalizer normalizer = new SymbolicNormalizer(project.code().normalizerOptions());
            List<NormalizedSample> normalized = dataset.samples().stream()
                    .map(s -> new NormalizedSample(s, normalizer.normalize(s.code()))).toList();
            SplitSettings settings = project.split();
            var splitSpec = seed == null ? settings.toSpec() : settings.toSpec().withSeed(seed);
            DataSplit split = Splitter.split(normalized, splitSpec);
            if (json) {
                ObjectNode node = Json.mapper().createObjectNode();
                node.put("samples", split.dedup().samples());
                node.put("duplicates", split.dedup().duplicatesRemoved());
                node.put("conflicting", split.dedup().conflictingBodies());
                node.put("conflictingDropped", split.dedup().conflictingDropped());
                node.put("seed", splitSpec.seed());
                for (Subset s : Subset.values()) {
                    ObjectNode sub = node.putObject(s.id());
                    sub.put("samples", split.get(s).size());
                    sub.put("vulnerable", split.vulnerable(s));
                }
                out().println(node.toString());
            } else {
                PrintWriter out = out();
                out.printf(Locale.ROOT, "%,d samples, %,d duplicates removed, %,d conflicting bodies (%s), seed %d%n",
                        split.dedup().samples(), split.dedup().duplicatesRemoved(), split.dedup().conflictingBodies(),
                        splitSpec.conflicts().id(), splitSpec.seed());
                for (Subset s : Subset.values()) {
                    int n = split.get(s).size();
                    out.printf(Locale.ROOT, "%-12s%,8d samples, %,7d vulnerable (%.1f%%)%n", s.id(), n,
                            split.vulnerable(s), n == 0 ? 0.0 : 100.0 * split.vulnerable(s) / n);
                }
            }
            return 0;
        }
    }
}
