package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.Json;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.synthetic.SyntheticCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leaklab audit} end to end on each kind of fixture: an outputs file, a Keras model through DL4J and an
 * ONNX model through ONNX Runtime, each to results.json and report.html; LeakLab's own run exported as an
 * outputs file and audited again gives the same attack results; bad input exits 2 with one line.
 */
class AuditCommandTest {

    static final Path FIXTURES = Path.of("src/test/fixtures/import");

    @TempDir
    Path dir;

    /** Tiny shadow models and a short sweep, so each audit takes seconds. */
    private Path spec(boolean lira) throws Exception {
        String attacks = """
                    {"attack": "shadow-mlp", "features": "black-box"},
                    {"attack": "shadow-mlp", "features": "gray-box"},
                    {"attack": "loss-threshold"}""" + (lira ? ",\n{\"attack\": \"lira-offline\", \"referenceModels\": 2}" : "");
        return Files.writeString(dir.resolve("spec.leaklab"), """
                {
                  "schemaVersion": 3,
                  "name": "tiny audit",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 800, "seed": 7}},
                  "model": {"arch": "bilstm", "embedding": 16, "hidden": 16, "epochs": 2, "maxLength": 120},
                  "attacks": [%s],
                  "attackModel": {"epochs": 5},
                  "defense": {"sigma": 1.0, "noise": "keyed", "queries": 4},
                  "sweep": {"sigmas": [0, 1], "adaptive": true},
                  "seed": 3
                }
                """.formatted(attacks));
    }

    /** Generated C functions as a JSON Lines dataset (Devign's fields). */
    private Path dataset(int functions) throws Exception {
        List<Sample> samples = SyntheticCorpus.generate(new SyntheticCorpus.Spec(functions, 11));
        StringBuilder b = new StringBuilder();
        for (Sample s : samples) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("idx", s.id());
            o.put("func", s.code());
            o.put("target", s.label());
            b.append(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(o)).append('\n');
        }
        return Files.writeString(dir.resolve("data.jsonl"), b, StandardCharsets.UTF_8);
    }

    private static JsonNode results(Path out) throws Exception {
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("roc.png")).exists();
        return Json.mapper().readTree(out.resolve("results.json").toFile());
    }

    private static double undefendedAuc(JsonNode results, String attack, String features) {
        for (JsonNode a : results.get("attacks")) {
            List<String> names = new java.util.ArrayList<>();
            a.get("features").forEach(f -> names.add(f.asText()));
            if (a.get("attack").asText().equals(attack) && String.join("+", names).equals(features)
                    && a.get("role").asText().equals("undefended")) {
                return a.get("auc").asDouble();
            }
        }
        throw new AssertionError("no undefended " + attack + " on " + features);
    }

    @Test
    void anOutputsFileIsAuditedToResultsAndAReport() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("audit", "--outputs", FIXTURES.resolve("outputs.npz").toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = results(out);
        assertThat(results.get("audit").get("kind").asText()).isEqualTo("outputs");
        assertThat(results.get("audit").get("derived").toString()).contains("probabilities", "confidence");
        assertThat(undefendedAuc(results, "loss-threshold", "loss")).isGreaterThan(0.8);
        assertThat(r.err()).contains("audited: outputs file outputs.npz");
    }

    @Test
    void aKerasModelIsRunOverTheDataThroughDl4jAndAudited() throws Exception {
        Path out = dir.resolve("keras");
        Cli.Result r = Cli.run("audit", "--model", FIXTURES.resolve("keras-bilstm-k2.h5").toString(), "--data",
                dataset(400).toString(), "--vocabulary", FIXTURES.resolve("keras-vocabulary.json").toString(),
                "--spec", spec(true).toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = results(out);
        assertThat(results.get("audit").get("kind").asText()).isEqualTo("keras");
        assertThat(results.get("audit").get("description").asText()).contains("Bidirectional LSTM", "through DL4J");
        assertThat(results.get("warnings").toString()).contains("not the target's own architecture",
                "embedding has 12 values and the attacker's shadow models' 32");
        assertThat(undefendedAuc(results, "lira-offline", "logits")).isBetween(0.0, 1.0);
        assertThat(undefendedAuc(results, "shadow-mlp", "logits+loss+confidence")).isBetween(0.0, 1.0);
    }

    @Test
    void anOnnxModelIsRunThroughOnnxRuntimeAndAuditedWithAMembersFile() throws Exception {
        Path data = dataset(400);
        List<String> ids = SyntheticCorpus.generate(new SyntheticCorpus.Spec(400, 11)).stream().map(Sample::id)
                .limit(100).toList();
        Path members = Files.write(dir.resolve("members.txt"), ids);
        Path out = dir.resolve("onnx");
        Cli.Result r = Cli.run("audit", "--model", FIXTURES.resolve("onnx-bilstm.onnx").toString(), "--data",
                data.toString(), "--vocabulary", FIXTURES.resolve("keras-vocabulary.json").toString(), "--members",
                members.toString(), "--max-length", "24", "--spec", spec(false).toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = results(out);
        assertThat(results.get("audit").get("kind").asText()).isEqualTo("onnx");
        assertThat(results.get("audit").get("members").asText()).contains("members.txt");
        assertThat(results.get("data").get("targetIn").asInt()).isLessThanOrEqualTo(100).isGreaterThan(50);
    }

    @Test
    void leakLabsOwnRunExportedAsAnOutputsFileAuditsToTheSameResults() throws Exception {
        Path spec = spec(false);
        Path run = dir.resolve("run");
        Cli.Result trained = Cli.run("run", spec.toString(), "--out", run.toString(), "--export-outputs");
        assertThat(trained.code()).as(trained.err()).isZero();
        Path audit = dir.resolve("audit");
        Cli.Result audited = Cli.run("audit", "--outputs", run.resolve("outputs.csv").toString(), "--spec",
                spec.toString(), "--out", audit.toString());
        assertThat(audited.code()).as(audited.err()).isZero();
        JsonNode a = results(run).get("attacks");
        JsonNode b = results(audit).get("attacks");
        assertThat(b.size()).isEqualTo(a.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).get("attack")).isEqualTo(a.get(i).get("attack"));
            assertThat(b.get(i).get("role")).isEqualTo(a.get(i).get("role"));
            for (String field : List.of("features", "defense", "adaptive", "auc", "tprAt1pctFpr", "tprAt01pctFpr",
                    "advantage", "threshold", "accuracy", "f1", "utility", "roc")) {
                assertThat(b.get(i).get(field)).as("result %d %s %s: %s", i, a.get(i).get("attack"),
                        a.get(i).get("role"), field).isEqualTo(a.get(i).get(field));
            }
        }
    }

    @Test
    void theBundledAuditSampleRunsWithNoDatasetAndNoPython() throws Exception {
        Path out = dir.resolve("sample");
        Cli.Result r = Cli.run("run", "sample-projects/audit-outputs/audit-outputs.leaklab", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = results(out);
        assertThat(results.get("audit").get("shadow").asText()).contains("shadow-in and shadow-out rows");
        assertThat(undefendedAuc(results, "loss-threshold", "loss")).isGreaterThan(0.6);
        assertOneLine(Cli.run("dataset", "stats", "sample-projects/audit-outputs/audit-outputs.leaklab"),
                "audits an outputs file and names no dataset");
    }

    @Test
    void badInputExitsTwoWithOneLineNamingTheFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "id,role,label,logit0,logit1\na,target-in,1,0,2\n"
                + "b,target-out,7,1,0\n");
        assertOneLine(Cli.run("audit", "--outputs", bad.toString(), "--out", dir.resolve("o").toString()),
                "bad.csv:3: label '7' is not 0 or 1");
        assertOneLine(Cli.run("audit", "--model", FIXTURES.resolve("onnx-bad-op.onnx").toString(), "--data",
                dataset(100).toString(), "--vocabulary", FIXTURES.resolve("keras-vocabulary.json").toString(),
                "--out", dir.resolve("o").toString()), "onnx-bad-op.onnx: ONNX Runtime cannot run it");
        assertOneLine(Cli.run("audit", "--model", FIXTURES.resolve("keras-bilstm-k2.h5").toString(), "--out",
                dir.resolve("o").toString()), "--model needs --data");
        assertOneLine(Cli.run("audit", "--model", dir.resolve("model.txt").toString(), "--data", "x", "--out",
                dir.resolve("o").toString()), "is neither a Keras model (.h5) nor an ONNX model (.onnx)");
        assertThat(Files.exists(dir.resolve("o").resolve("results.json"))).isFalse();
    }

    private static void assertOneLine(Cli.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertThat(last).startsWith("error: ").contains(message);
    }
}
