package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memorisation canaries, the known leak: planted canaries repeated in the target's training data are found far
 * more easily than the ordinary members, and each canary is scored once.
 */
class CanaryRunTest {

    @TempDir
    Path dir;

    @Test
    void plantedCanariesAreFoundAndReportedApart() throws Exception {
        Path file = dir.resolve("canaries.leaklab");
        Files.writeString(file, """
                {
                  "schemaVersion": 3,
                  "name": "canaries",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 600, "seed": 7}},
                  "split": {"canaries": 40, "canaryRepeats": 16},
                  "model": {"arch": "bilstm", "embedding": 24, "hidden": 24, "epochs": 14, "maxLength": 100},
                  "attacks": [{"attack": "loss-threshold"}],
                  "sweep": {"sigmas": [0], "adaptive": false},
                  "seed": 5
                }
                """);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("canaries (40 planted, each trained on 16 times; 40 held out)");
        JsonNode json = Json.mapper().readTree(out.resolve("results.json").toFile());
        JsonNode undefended = json.get("attacks").get(0);
        double canary = Double.NaN;
        double ordinary = Double.NaN;
        for (JsonNode slice : undefended.get("slices")) {
            if (slice.get("by").asText().equals("canary")) {
                if (slice.get("value").asText().equals("canary")) {
                    canary = slice.get("auc").asDouble();
                    assertThat(slice.get("members").asInt()).as("each canary scored once").isEqualTo(40);
                } else {
                    ordinary = slice.get("auc").asDouble();
                }
            }
        }
        assertThat(canary).as("planted canaries, ordinary " + ordinary).isGreaterThan(0.8).isGreaterThan(ordinary + 0.1);
    }

    @Test
    void anAuditCannotPlantCanaries() throws Exception {
        Path file = dir.resolve("bad.leaklab");
        Files.writeString(file, """
                {
                  "schemaVersion": 3,
                  "name": "bad",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 200, "seed": 7}},
                  "split": {"canaryRepeats": 4},
                  "seed": 5
                }
                """);
        Cli.Result r = Cli.run("run", file.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("split.canaryRepeats needs split.canaries");
    }
}
