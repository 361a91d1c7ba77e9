package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LiRA and RMIA in a real run: attacks of one form share their reference models, every attack reaches the
 * results, and settings the attacker's data cannot support are refused in one line naming them.
 */
class ReferenceAttacksRunTest {

    @TempDir
    Path dir;

    private static String experiment(String attacks, String split) {
        return """
                {
                  "schemaVersion": 3,
                  "name": "references",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 600, "seed": 7}},
                  %s
                  "model": {"arch": "bilstm", "embedding": 12, "hidden": 12, "epochs": 2, "maxLength": 100},
                  "attacks": [%s],
                  "attackModel": {"epochs": 3},
                  "sweep": {"sigmas": [0, 1], "adaptive": false},
                  "seed": 5
                }
                """.formatted(split, attacks);
    }

    @Test
    void offlineAndOnlineAttacksShareTheirFormsReferenceModelsAndAllReport() throws Exception {
        Path file = dir.resolve("refs.leaklab");
        Files.writeString(file, experiment("""
                {"attack": "lira-offline", "referenceModels": 2}, {"attack": "rmia-offline", "referenceModels": 2},
                {"attack": "lira-online", "referenceModels": 2}, {"attack": "rmia-online", "referenceModels": 2},
                {"attack": "loss-threshold"}""", ""));
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // target, one shadow, two offline and two online reference models: not eight
        assertThat(r.err()).contains("training 6 models");
        JsonNode json = Json.mapper().readTree(out.resolve("results.json").toFile());
        Set<String> undefended = new HashSet<>();
        for (JsonNode a : json.get("attacks")) {
            if (a.get("role").asText().equals("undefended")) {
                undefended.add(a.get("attack").asText());
                assertThat(a.at("/metrics/auc").asDouble()).as(a.get("attack").asText()).isBetween(0.0, 1.0);
            }
        }
        for (JsonNode a : json.get("attacks")) {
            JsonNode ci = a.get("intervals");
            if (a.get("role").asText().equals("sweep")) {
                assertThat(ci).isNull();
                continue;
            }
            assertThat(ci.get("level").asDouble()).isEqualTo(0.95);
            assertThat(ci.at("/auc/0").asDouble()).isLessThanOrEqualTo(ci.at("/auc/1").asDouble());
            assertThat(ci.at("/tprAt1pctFpr/1").asDouble()).isBetween(0.0, 1.0);
            assertThat(ci.get("nonMembersAt01pctFpr").asDouble()).isLessThan(1.0);
        }
        assertThat(json.get("warnings").toString()).contains("TPR at 0.1% FPR");
        // the adaptive attacker recalibrates LiRA and RMIA on its own defended reference models
        Set<String> adaptive = new HashSet<>();
        for (JsonNode a : json.get("attacks")) {
            if (a.get("adaptive").asBoolean()) {
                adaptive.add(a.get("attack").asText());
            }
        }
        assertThat(adaptive).contains("lira-offline", "rmia-offline", "lira-online", "rmia-online");
        assertThat(Files.readAllLines(out.resolve("results.csv")).get(0)).endsWith(
                "aucLow,aucHigh,tprAt1pctFprLow,tprAt1pctFprHigh,tprAt01pctFprLow,tprAt01pctFprHigh");
        assertThat(Files.readString(out.resolve("report.html"))).contains("bootstrap intervals");
        assertThat(undefended).containsExactlyInAnyOrder("lira-offline", "rmia-offline", "lira-online", "rmia-online",
                "loss-threshold");
    }

    /** The one error line of a failed run (progress lines may come before it). */
    private static String errorLine(Cli.Result r) {
        var lines = r.err().strip().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        return lines.get(0);
    }

    @Test
    void referenceSettingsTheDataCannotSupportAreRefusedInOneLine() throws Exception {
        Path odd = dir.resolve("odd.leaklab");
        Files.writeString(odd, experiment("{\"attack\": \"rmia-online\", \"referenceModels\": 3}", ""));
        Cli.Result r = Cli.run("run", odd.toString(), "--out", dir.resolve("o1").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(errorLine(r)).contains("referenceModels").contains("even");

        Path small = dir.resolve("small.leaklab");
        Files.writeString(small, experiment("{\"attack\": \"rmia-offline\", \"referenceModels\": 2}",
                "\"split\": {\"targetIn\": 0.4, \"targetOut\": 0.3, \"shadowIn\": 0.15, \"shadowOut\": 0.15},"));
        r = Cli.run("run", small.toString(), "--out", dir.resolve("o2").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(errorLine(r)).contains("target's training size")
                .contains("split.shadowIn");

        Path lonely = dir.resolve("lonely.leaklab");
        Files.writeString(lonely, experiment("{\"attack\": \"loss-threshold\", \"referenceModels\": 4}", ""));
        r = Cli.run("run", lonely.toString(), "--out", dir.resolve("o3").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(errorLine(r)).contains("uses no reference models");
    }

    @Test
    void oneAttackAtSeveralKIsReportedAndEvaluatedApart() throws Exception {
        Path file = dir.resolve("ks.leaklab");
        Files.writeString(file, experiment("""
                {"attack": "rmia-offline", "referenceModels": 1}, {"attack": "rmia-offline", "referenceModels": 2}""",
                ""));
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("rmia-offline k=1 ").contains("rmia-offline k=2 ");
        JsonNode json = Json.mapper().readTree(out.resolve("results.json").toFile());
        java.util.List<Integer> ks = new java.util.ArrayList<>();
        for (JsonNode a : json.get("attacks")) {
            if (a.get("role").asText().equals("undefended")) {
                ks.add(a.get("referenceModels").asInt());
            }
        }
        assertThat(ks).containsExactly(1, 2);
        assertThat(json.get("frontier")).isNotEmpty();
    }
}
