package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import dev.leaklab.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakLabCommandTest {

    @TempDir
    Path dir;


    @Test
    void printsTheVersion() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("LeakLab ");
    }

    @Test
    void printsStatsOfTheCgdFileAsJson() throws Exception {
        Cli.Result r = Cli.run("dataset", "stats", SharedData.cgd("cwe399_cgd.txt").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("samples").asLong()).isEqualTo(21_885);
        assertThat(json.get("vulnerable").asLong()).isEqualTo(7_285);
        assertThat(json.get("notVulnerable").asLong()).isEqualTo(14_600);
        assertThat(json.get("distinctRaw").asLong()).isEqualTo(7_808);
        assertThat(json.get("duplicates").asLong()).isEqualTo(21_885 - json.get("distinct").asLong());
        assertThat(json.has("conflicting")).isTrue();
    }

    @Test
    void printsStatsOfTheQuickstartProject() {
        Cli.Result r = Cli.run("dataset", "stats", "sample-projects/quickstart/quickstart.leaklab");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("samples         12,000").contains("vulnerable      6,000 (50.0%)");
    }

    @Test
    void printsTheSplit() {
        Cli.Result r = Cli.run("dataset", "split", "sample-projects/quickstart/quickstart.leaklab", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"target-in\"").contains("\"shadow-out\"");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"func\": \"x\", \"target\": 1}\n{\"func\": \"y\", ");
        Cli.Result r = Cli.run("dataset", "stats", file.toString(), "--strict");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + file + ":2: truncated JSON: unexpected end of input"
                + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aDatasetOfOneClassIsBadInput() throws Exception {
        Path file = Files.writeString(dir.resolve("one.jsonl"), "{\"func\": \"x\", \"target\": 1}\n");
        Cli.Result r = Cli.run("dataset", "stats", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(file + ": only one class: all 1 samples are labelled 1");
    }

    @Test
    void unknownFormatsAndOptionsAreBadInput() {
        Cli.Result format = Cli.run("dataset", "stats", "x.txt", "--format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).startsWith("error: unknown dataset format 'xml'");
        Cli.Result option = Cli.run("dataset", "stats", "x.txt", "--frobnicate");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option");
        Cli.Result missing = Cli.run("dataset", "stats", dir.resolve("nothing.txt").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing.txt: no such file or folder");
    }

    @Test
    void benchmarksAFileAndPrintsJson() throws Exception {
        Cli.Result r = Cli.run("bench", "data", SharedData.cgd("cwe399_cgd.txt").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("samples").asInt()).isEqualTo(21_885);
        assertThat(json.get("seconds").asDouble()).isPositive();
        assertThat(json.get("samplesPerSecond").asLong()).isPositive();
        assertThat(json.get("peakHeapMiB").asDouble()).isPositive();
    }

    @Test
    void trainsTargetAndShadowAndWritesEverything() throws Exception {
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("train", "--data", "sample-projects/quickstart/quickstart.leaklab", "--arch", "bigru",
                "--epochs", "2", "--per-subset", "120", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        JsonNode metrics = Json.mapper().readTree(out.resolve("metrics.json").toFile());
        for (String side : new String[] {"target", "shadow"}) {
            for (String key : new String[] {"accuracy", "precision", "recall", "f1", "auc", "trainSeconds",
                "examplesPerSecond"}) {
                assertThat(metrics.path(side).path(key).isNumber()).as(side + "." + key).isTrue();
            }
            assertThat(metrics.path(side).path("heldOutSamples").asInt()).isEqualTo(120);
            assertThat(Files.isRegularFile(out.resolve("models/" + side + "/model.json"))).isTrue();
        }
        for (String subset : new String[] {"target-in", "target-out", "shadow-in", "shadow-out"}) {
            assertThat(dev.leaklab.core.model.OutputsStore.load(out.resolve("outputs/" + subset + ".bin")).size())
                    .isEqualTo(120);
        }
    }

    @Test
    void refusesBadModelSettingsBeforeTraining() {
        Cli.Result r = Cli.run("train", "--data", "sample-projects/quickstart/quickstart.leaklab", "--arch", "bilstm",
                "--max-len", "5000", "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: model setting maxLength must be between 2 and 1024, was 5000"
                + System.lineSeparator());
        Cli.Result missing = Cli.run("train", "--data", "sample-projects/quickstart/quickstart.leaklab", "--arch", "codebert",
                "--pretrained", dir.resolve("nowhere").toString(), "--out", dir.resolve("y").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: ").contains("nowhere");
    }
}
