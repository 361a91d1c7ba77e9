package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model cache entry written by another version, or damaged, is trained again and the run names the entry in
 * one line: never read as if it were this version's, never retrained without a word.
 */
class CacheVersionTest {

    @TempDir
    Path dir;

    @Test
    void anEntryOfAnotherFormatOrDamagedIsTrainedAgainAndNamed() throws Exception {
        Path file = dir.resolve("c.leaklab");
        Files.writeString(file, """
                {
                  "schemaVersion": 3,
                  "name": "cache",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 300, "seed": 7}},
                  "model": {"arch": "bilstm", "embedding": 8, "hidden": 8, "epochs": 1, "maxLength": 60},
                  "attacks": [{"attack": "loss-threshold"}],
                  "sweep": {"sigmas": [0], "adaptive": false},
                  "seed": 5
                }
                """);
        Path cache = dir.resolve("cache");
        Cli.Result first = Cli.run("run", file.toString(), "--out", dir.resolve("a").toString(), "--cache",
                cache.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).doesNotContain("trained again");
        Path target = entry(cache, "target");
        ObjectNode about = (ObjectNode) Json.mapper().readTree(target.resolve("model.json").toFile());
        assertThat(about.get("cacheFormat").asInt()).isEqualTo(1);
        about.put("cacheFormat", 99).put("leaklab", "9.9.9");
        Files.write(target.resolve("model.json"), Json.mapper().writeValueAsBytes(about));

        Cli.Result second = Cli.run("run", file.toString(), "--out", dir.resolve("b").toString(), "--cache",
                cache.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).containsOnlyOnce("warning: model cache entry " + target
                + " was written by LeakLab 9.9.9 in cache format 99, and this LeakLab")
                .contains("target was trained again");
        assertThat(auc(dir.resolve("b"))).isEqualTo(auc(dir.resolve("a")));

        Path shadow = entry(cache, "shadow-1");
        Files.write(shadow.resolve("members.bin"), new byte[] {1, 2, 3});
        Cli.Result third = Cli.run("run", file.toString(), "--out", dir.resolve("c").toString(), "--cache",
                cache.toString());
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(third.err()).contains("members.bin").contains("shadow-1 was trained again");
        assertThat(auc(dir.resolve("c"))).isEqualTo(auc(dir.resolve("a")));
    }

    private static double auc(Path out) throws Exception {
        return Json.mapper().readTree(out.resolve("results.json").toFile()).get("attacks").get(0).get("auc")
                .asDouble();
    }

    private static Path entry(Path cache, String role) throws Exception {
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path p : entries.toList()) {
                JsonNode about = Json.mapper().readTree(p.resolve("model.json").toFile());
                if (role.equals(about.get("role").asText())) {
                    return p;
                }
            }
        }
        throw new AssertionError("no cache entry of " + role);
    }
}
