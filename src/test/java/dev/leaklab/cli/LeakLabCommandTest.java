package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import dev.leaklab.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakLabCommandTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LeakLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsTheVersion() {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("LeakLab ");
    }

    @Test
    void printsStatsOfTheCgdFileAsJson() throws Exception {
        Result r = run("dataset", "stats", SharedData.cgd("cwe399_cgd.txt").toString(), "--json");
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
        Result r = run("dataset", "stats", "sample-projects/quickstart/quickstart.leaklab");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("samples         4,000").contains("vulnerable      2,000 (50.0%)");
    }

    @Test
    void printsTheSplit() {
        Result r = run("dataset", "split", "sample-projects/quickstart/quickstart.leaklab", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"target-in\"").contains("\"shadow-out\"");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"func\": \"x\", \"target\": 1}\n{\"func\": \"y\", ");
        Result r = run("dataset", "stats", file.toString(), "--strict");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + file + ":2: truncated JSON: unexpected end of input"
                + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aDatasetOfOneClassIsBadInput() throws Exception {
        Path file = Files.writeString(dir.resolve("one.jsonl"), "{\"func\": \"x\", \"target\": 1}\n");
        Result r = run("dataset", "stats", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(file + ": only one class: all 1 samples are labelled 1");
    }

    @Test
    void unknownFormatsAndOptionsAreBadInput() {
        Result format = run("dataset", "stats", "x.txt", "--format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).startsWith("error: unknown dataset format 'xml'");
        Result option = run("dataset", "stats", "x.txt", "--frobnicate");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option");
        Result missing = run("dataset", "stats", dir.resolve("nothing.txt").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing.txt: no such file or folder");
    }

    @Test
    void benchmarksAFileAndPrintsJson() throws Exception {
        Result r = run("bench", "data", SharedData.cgd("cwe399_cgd.txt").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("samples").asInt()).isEqualTo(21_885);
        assertThat(json.get("seconds").asDouble()).isPositive();
        assertThat(json.get("samplesPerSecond").asLong()).isPositive();
        assertThat(json.get("peakHeapMiB").asDouble()).isPositive();
    }
}
