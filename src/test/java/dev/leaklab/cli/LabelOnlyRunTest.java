package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label-only attack end to end: the target and shadow models are asked about variants of their samples,
 * label-preserving NMID leaves it exactly as strong, the answers are cached, and a cache that lost the model
 * itself gets one line.
 */
class LabelOnlyRunTest {

    @TempDir
    Path dir;

    private static String experiment(boolean labelPreserving) {
        return """
                {
                  "schemaVersion": 3,
                  "name": "label-only",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 600, "seed": 7}},
                  "model": {"arch": "bilstm", "embedding": 12, "hidden": 12, "epochs": 6, "maxLength": 100},
                  "attacks": [{"attack": "loss-threshold"}, {"attack": "label-only", "variants": 4}],
                  "defense": {"sigma": 1.0, "labelPreserving": %s},
                  "sweep": {"sigmas": [0, 2], "adaptive": true},
                  "seed": 5
                }
                """.formatted(labelPreserving);
    }

    @Test
    void labelPreservingNoiseLeavesTheLabelOnlyAttackAsStrongAndTheRerunAsksNothingAgain() throws Exception {
        Path file = dir.resolve("lo.leaklab");
        Files.writeString(file, experiment(true));
        Path cache = dir.resolve("cache");
        Cli.Result r = Cli.run("run", file.toString(), "--out", dir.resolve("out").toString(), "--cache",
                cache.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(dir.resolve("out/results.json").toFile());
        double undefended = Double.NaN;
        int rows = 0;
        for (JsonNode a : json.get("attacks")) {
            if (!a.get("attack").asText().equals("label-only")) {
                continue;
            }
            rows++;
            if (a.get("role").asText().equals("undefended")) {
                undefended = a.get("auc").asDouble();
            }
        }
        assertThat(rows).as("undefended, defended, adaptive, averaged and the sweep").isGreaterThanOrEqualTo(6);
        for (JsonNode a : json.get("attacks")) {
            if (a.get("attack").asText().equals("label-only")) {
                assertThat(a.get("auc").asDouble()).as(a.get("role").asText()).isEqualTo(undefended);
            }
        }
        List<Path> answers = variantFiles(cache);
        assertThat(answers).as("the target's and the shadow's answers, members and non-members").hasSize(3);

        Cli.Result again = Cli.run("run", file.toString(), "--out", dir.resolve("again").toString(), "--cache",
                cache.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(variantFiles(cache)).isEqualTo(answers);
        JsonNode second = Json.mapper().readTree(dir.resolve("again/results.json").toFile());
        assertThat(second.get("attacks")).isEqualTo(json.get("attacks"));
    }

    @Test
    void labelFlippingNoiseWeakensItAndACacheWithoutTheModelIsNamed() throws Exception {
        Path file = dir.resolve("flip.leaklab");
        Files.writeString(file, experiment(false));
        Path cache = dir.resolve("cache");
        Cli.Result r = Cli.run("run", file.toString(), "--out", dir.resolve("out").toString(), "--cache",
                cache.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(dir.resolve("out/results.json").toFile());
        double undefended = Double.NaN;
        double strongNoise = Double.NaN;
        for (JsonNode a : json.get("attacks")) {
            if (a.get("attack").asText().equals("label-only") && !a.get("adaptive").asBoolean()) {
                if (a.get("role").asText().equals("undefended")) {
                    undefended = a.get("auc").asDouble();
                } else if (a.get("role").asText().equals("sweep") && a.get("defense").get("sigma").asDouble() == 2) {
                    strongNoise = a.get("auc").asDouble();
                }
            }
        }
        assertThat(Math.abs(strongNoise - 0.5)).as("sigma 2, labels free to flip").isLessThan(
                Math.abs(undefended - 0.5) + 1e-9);

        try (Stream<Path> files = Files.walk(cache)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (p.getFileName().toString().startsWith("variants-") || p.toString().contains("/model/")
                        || p.getFileName().toString().equals("model") && Files.isDirectory(p)) {
                    Files.delete(p);
                }
            }
        }
        Cli.Result lost = Cli.run("run", file.toString(), "--out", dir.resolve("lost").toString(), "--cache",
                cache.toString());
        assertThat(lost.code()).isNotZero();
        List<String> lines = lost.err().strip().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("error: label-only needs the target model itself")
                .contains(cache.toString());
        assertThat(lost.err()).doesNotContain("Exception");
    }

    private static List<Path> variantFiles(Path cache) throws Exception {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(p -> p.getFileName().toString().startsWith("variants-")).sorted().toList();
        }
    }
}
