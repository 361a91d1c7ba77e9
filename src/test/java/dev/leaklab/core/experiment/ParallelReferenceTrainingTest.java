package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference models trained four at a time are the models trained one by one: every cached output file is
 * the same byte for byte, and so is every attack's result.
 */
class ParallelReferenceTrainingTest {

    @TempDir
    Path dir;

    private static final String EXPERIMENT = """
            {
              "schemaVersion": 3,
              "name": "parallel references",
              "dataset": {"generator": {"kind": "synthetic-c", "functions": 500, "seed": 11}},
              "model": {"arch": "bilstm", "embedding": 12, "hidden": 12, "epochs": 2, "maxLength": 80},
              "attacks": [{"attack": "lira-offline", "referenceModels": 4},
                          {"attack": "rmia-online", "referenceModels": 2}],
              "attackModel": {"epochs": 2},
              "sweep": {"sigmas": [0], "adaptive": false},
              "seed": 9
            }
            """;

    private static final ExperimentRunner.Listener QUIET = ExperimentRunner.Listener.quiet();

    private ExperimentResults run(Path file, Path cache, int atOnce) throws Exception {
        return ExperimentRunner.run(ProjectStore.load(file), file, new ExperimentRunner.Options(cache, atOnce,
                Trainers.standard(), Trainers.gemm()), QUIET, CancellationToken.none());
    }

    /** Each cached file by its path under the cache, as bytes. */
    private static Map<String, byte[]> outputs(Path cache) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(cache)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".bin")).toList()) {
                files.put(cache.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void fourAtATimeTrainsTheSameModelsAsOneByOne() throws Exception {
        Path file = dir.resolve("p.leaklab");
        Files.writeString(file, EXPERIMENT);
        ExperimentResults one = run(file, dir.resolve("one"), 1);
        ExperimentResults four = run(file, dir.resolve("four"), 4);
        Map<String, byte[]> a = outputs(dir.resolve("one"));
        Map<String, byte[]> b = outputs(dir.resolve("four"));
        // target, shadow models, four offline and two online reference models: members and non-members each
        assertThat(a.keySet()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            assertThat(java.util.Arrays.equals(b.get(name), a.get(name))).as(name).isTrue();
        }
        List<Double> aucs = new ArrayList<>();
        for (int i = 0; i < one.attacks().size(); i++) {
            assertThat(four.attacks().get(i).metrics().auc()).isEqualTo(one.attacks().get(i).metrics().auc());
            assertThat(four.attacks().get(i).intervals()).isEqualTo(one.attacks().get(i).intervals());
            aucs.add(one.attacks().get(i).metrics().auc());
        }
        assertThat(aucs).isNotEmpty();
    }
}
