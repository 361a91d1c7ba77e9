package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pitfall rows: an attack classifier trained on the target's own members and non-members and scored on
 * those same samples finds far more than the same classifier scored on samples it did not train on. That gap is
 * the protocol's, not the model's.
 */
class PitfallRunTest {

    @TempDir
    Path dir;

    @Test
    void scoringAnAttackOnItsTrainingSamplesInflatesItsAuc() throws Exception {
        Path file = dir.resolve("pitfall.leaklab");
        Files.writeString(file, """
                {
                  "schemaVersion": 3,
                  "name": "pitfall",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 600, "seed": 7}},
                  "model": {"arch": "bilstm", "embedding": 12, "hidden": 12, "epochs": 2, "maxLength": 100},
                  "attacks": [{"attack": "shadow-mlp", "features": "gray-box"}],
                  "attackModel": {"epochs": 200, "hidden": 128, "weightDecay": 0, "pitfalls": true},
                  "sweep": {"sigmas": [0], "adaptive": false},
                  "seed": 5
                }
                """);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(out.resolve("results.json").toFile());
        double same = Double.NaN;
        double heldOut = Double.NaN;
        for (JsonNode a : json.get("attacks")) {
            switch (a.get("role").asText()) {
                case "pitfall-same-samples" -> same = a.get("auc").asDouble();
                case "pitfall-held-out" -> heldOut = a.get("auc").asDouble();
                default -> { }
            }
        }
        assertThat(same).as("scored on its training samples").isGreaterThan(0.85);
        assertThat(heldOut).as("held out").isLessThan(same - 0.15);
        // the pitfall rows never become the strongest attack
        assertThat(json.get("attacks").get(json.get("headline").asInt()).get("role").asText()).isEqualTo("undefended");
    }
}
