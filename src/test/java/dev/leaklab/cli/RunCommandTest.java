package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path dir;


    /** A small experiment over 800 generated functions: two tiny BiLSTMs, two epochs, a short sweep. */
    static String tinyExperiment() {
        return """
                {
                  "schemaVersion": 2,
                  "name": "tiny",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 800, "seed": 7}},
                  "model": {"arch": "bilstm", "embedding": 16, "hidden": 16, "epochs": 2, "maxLength": 120},
                  "attacks": [
                    {"attack": "shadow-mlp", "features": "gray-box"},
                    {"attack": "shadow-logistic", "features": ["loss"]},
                    {"attack": "entropy-threshold"},
                    {"attack": "lira-offline", "referenceModels": 2}
                  ],
                  "attackModel": {"epochs": 5},
                  "defense": {"sigma": 1.0, "noise": "fresh", "queries": 4},
                  "sweep": {"sigmas": [0, 1, 3], "adaptive": true},
                  "seed": 3
                }
                """;
    }

    @Test
    void runsAnExperimentAndWritesResultsTablesAndCharts() throws Exception {
        Path file = dir.resolve("tiny.leaklab");
        Files.writeString(file, tinyExperiment());
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("training 4 models").contains("attack 4/4: lira-offline on logits");
        for (String name : List.of("results.json", "results.csv", "report.html", "roc.png", "roc-loglog.png",
                "scores.png", "frontier.png")) {
            assertThat(out.resolve(name)).isRegularFile();
        }
        JsonNode json = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.at("/provenance/dataHash").asText()).hasSize(64);
        assertThat(json.at("/provenance/seeds/experiment").asLong()).isEqualTo(3);
        for (String side : List.of("target", "shadow")) {
            for (String m : List.of("accuracy", "precision", "recall", "f1", "auc")) {
                assertThat(json.at("/" + side + "/utility/" + m).isNumber()).as(side + " " + m).isTrue();
            }
        }
        JsonNode attacks = json.get("attacks");
        // every attack, LiRA too, has an undefended row, defended and adaptive rows, an averaged one and six in the
        // sweep (three sigmas, adaptive or not)
        assertThat(attacks).hasSize(4 * (1 + 2 + 1 + 6));
        JsonNode first = attacks.get(0);
        assertThat(first.get("attack").asText()).isEqualTo("shadow-mlp");
        assertThat(first.get("features")).hasSize(4);
        assertThat(first.get("defense").isNull()).isTrue();
        for (String m : List.of("auc", "tprAt1pctFpr", "tprAt01pctFpr", "advantage", "accuracy", "precision",
                "recall", "f1")) {
            assertThat(first.get(m).isNumber()).as(m).isTrue();
        }
        assertThat(first.at("/utility/labelFlipRate").asDouble()).isZero();
        assertThat(first.get("slices").findValuesAsText("by")).contains("label", "cwe", "length");
        JsonNode defended = attacks.get(1);
        assertThat(defended.at("/defense/sigma").asDouble()).isEqualTo(1.0);
        assertThat(defended.at("/defense/noise").asText()).isEqualTo("fresh");
        assertThat(attacks.get(2).get("adaptive").asBoolean()).isTrue();
        assertThat(attacks.get(3).get("queries").asInt()).isEqualTo(4);
        // sigma 0 of the sweep reproduces the undefended numbers exactly
        JsonNode sweepZero = attacks.get(4);
        assertThat(sweepZero.at("/defense/sigma").asDouble()).isZero();
        assertThat(sweepZero.get("auc").asDouble()).isEqualTo(first.get("auc").asDouble());
        JsonNode frontier = json.get("frontier");
        assertThat(frontier).hasSize(3);
        assertThat(frontier.get(0).get("sigma").asDouble()).isZero();
        assertThat(frontier.get(2).has("attackAuc")).isTrue();
        assertThat(frontier.get(2).has("utilityF1")).isTrue();
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(attacks.size() + 1);

        // a second run reuses the trained models and gives the same numbers
        Cli.Result again = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("epoch 1/2");
        JsonNode second = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(second.at("/provenance/modelsReused").asBoolean()).isTrue();
        assertThat(second.get("attacks")).isEqualTo(json.get("attacks"));
        assertThat(second.get("target")).isEqualTo(withoutSeconds(json.get("target")));
    }

    private static JsonNode withoutSeconds(JsonNode target) {
        ObjectNode copy = target.deepCopy();
        copy.put("trainSeconds", 0.0);
        return copy;
    }

    @Test
    void everyProblemOfABadExperimentIsListedWithItsPlace() throws Exception {
        Path file = dir.resolve("bad.leaklab");
        Files.writeString(file, """
                {
                  "schemaVersion": 2,
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 400, "seed": 1}},
                  "attacks": [
                    {"attack": "shadow-mlp", "features": ["logits"]},
                    {"attack": "shadow-mlp", "features": ["logits", "loss", "logit"]}
                  ],
                  "defense": {"masks": {"loss": "hidden"}, "sigma": -1}
                }
                """);
        Cli.Result r = Cli.run("run", file.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":6: attacks[1].features[2]: unknown feature \"logit\"; expected one "
                + "of embedding, logits, loss, confidence");
        assertThat(r.err()).contains(file + ":8: defense.masks.loss: unknown mask \"hidden\"");
        assertThat(r.err()).contains("defense sigma must be a number >= 0, was -1.0");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUnknownSchemaVersionAndAMissingFileAreRefused() throws Exception {
        Path file = dir.resolve("future.leaklab");
        Files.writeString(file, "{\"schemaVersion\": 9, \"dataset\": {\"paths\": [\"x\"]}}");
        Cli.Result r = Cli.run("run", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("schemaVersion 9 is not one this LeakLab reads");
        Cli.Result missing = Cli.run("run", dir.resolve("nope.leaklab").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.leaklab").contains("no such file");
    }

    @Test
    void subsetsWithOneClassAreRefusedBeforeTraining() throws Exception {
        Path data = dir.resolve("one-class.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            lines.append("{\"func\": \"int f").append(i).append("(int a) { return a + ").append(i)
                    .append("; }\", \"target\": ").append(i == 0 ? 1 : 0).append("}\n");
        }
        Files.writeString(data, lines);
        Path file = dir.resolve("exp.leaklab");
        Files.writeString(file, tinyExperiment());
        Cli.Result r = Cli.run("run", file.toString(), "--data", data.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).containsAnyOf("only non-vulnerable samples", "one class");
    }
}
