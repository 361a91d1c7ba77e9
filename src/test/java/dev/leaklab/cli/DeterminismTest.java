package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled quickstart experiment (its data, split, model, attacks, defence and seed; two epochs instead of
 * twenty, to keep the test short) gives the same numbers twice in a row in one process, with models trained
 * afresh each time, and again in a new process: nothing depends on timing, thread order or a clock.
 */
class DeterminismTest {

    @TempDir
    Path dir;

    @Test
    void theQuickstartGivesIdenticalNumbersTwiceAndAfterARestart() throws Exception {
        String quickstart = Files.readString(Path.of("sample-projects/quickstart/quickstart.leaklab"));
        assertThat(quickstart).contains("\"epochs\" : 20");
        Path file = Files.writeString(dir.resolve("quickstart.leaklab"),
                quickstart.replace("\"epochs\" : 20", "\"epochs\" : 2"));

        JsonNode first = runHere(file, dir.resolve("first"));
        JsonNode second = runHere(file, dir.resolve("second"));
        JsonNode restarted = runInNewProcess(file, dir.resolve("restarted"));

        assertThat(first.get("attacks").size()).isGreaterThan(10);
        assertThat(second).isEqualTo(first);
        assertThat(restarted).isEqualTo(first);
    }

    private static JsonNode runHere(Path file, Path out) throws IOException {
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return numbers(out);
    }

    private static JsonNode runInNewProcess(Path file, Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.leaklab.Launcher", "run",
                file.toString(), "--out", out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling("restarted.log").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the second process finishes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(out.resolveSibling("restarted.log"))).isZero();
        return numbers(out);
    }

    /** results.json without what rightly differs between runs: times, host and whether models were reused. */
    private static JsonNode numbers(Path out) throws IOException {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(out.resolve("results.json").toFile());
        json.remove("provenance");
        for (String side : new String[] {"target", "shadow"}) {
            if (json.get(side) instanceof ObjectNode o) {
                o.remove("trainSeconds");
            }
        }
        return json;
    }
}
