package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deduplication as a setting in a real run: every run reports the target's member / non-member near-duplicates
 * and the strongest attack without them; {@code "dedup": "near"} also removes same-label near-duplicates before
 * the split, and a bad setting is one line naming it.
 */
class NearDuplicateRunTest {

    @TempDir
    Path dir;

    private static String experiment(String split) {
        return """
                {
                  "schemaVersion": 3,
                  "name": "near duplicates",
                  "dataset": {"paths": ["data.jsonl"]},
                  "split": {%s},
                  "model": {"arch": "bilstm", "embedding": 12, "hidden": 12, "epochs": 2, "maxLength": 100},
                  "attacks": [{"attack": "loss-threshold"}],
                  "sweep": {"sigmas": [0], "adaptive": false},
                  "seed": 5
                }
                """.formatted(split);
    }

    /**
     * 300 generated functions and a type-3 clone of each (one statement added at the top of its body), as a
     * JSON Lines dataset: a split puts one pair in eight across the target's members and non-members.
     */
    private void dataset() throws Exception {
        StringBuilder b = new StringBuilder();
        com.fasterxml.jackson.databind.ObjectWriter w = Json.mapper().writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        for (dev.leaklab.core.data.Sample s : dev.leaklab.core.data.synthetic.SyntheticCorpus.generate(
                new dev.leaklab.core.data.synthetic.SyntheticCorpus.Spec(300, 17))) {
            String clone = s.code().replaceFirst("\\{", "{\n    int extra_count = 0;");
            for (String[] row : new String[][] {{s.id(), s.code()}, {s.id() + "-clone", clone}}) {
                b.append(w.writeValueAsString(Json.mapper().createObjectNode().put("idx", row[0]).put("func", row[1])
                        .put("target", s.label()))).append('\n');
            }
        }
        Files.writeString(dir.resolve("data.jsonl"), b);
    }

    private JsonNode run(String name, String split) throws Exception {
        dataset();
        Path file = dir.resolve(name + ".leaklab");
        Files.writeString(file, experiment(split));
        Path out = dir.resolve(name);
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("near-duplicates (Jaccard >= ");
        assertThat(Files.readString(out.resolve("report.html"))).contains("id=\"near-duplicates\"");
        return Json.mapper().readTree(out.resolve("results.json").toFile());
    }

    @Test
    void everyRunReportsNearDuplicatesAndNearDedupRemovesThem() throws Exception {
        JsonNode exact = run("exact", "");
        JsonNode nd = exact.get("nearDuplicates");
        assertThat(nd.get("threshold").asDouble()).isEqualTo(0.8);
        // with four equal subsets, one clone pair in eight lands across target members and non-members: 37 of 300
        assertThat(nd.get("pairs").asLong()).isBetween(15L, 80L);
        assertThat(nd.get("members").asInt() + nd.get("membersLeft").asInt())
                .isEqualTo(exact.at("/data/targetIn").asInt());
        assertThat(exact.at("/data/dedup").asText()).isEqualTo("exact");

        JsonNode near = run("near", "\"dedup\": \"near\", \"nearThreshold\": 0.8");
        assertThat(near.at("/data/dedup").asText()).isEqualTo("near");
        assertThat(near.at("/data/nearDuplicatesRemoved").asInt()).isPositive();
        int before = exact.at("/data/targetIn").asInt() + exact.at("/data/targetOut").asInt();
        int after = near.at("/data/targetIn").asInt() + near.at("/data/targetOut").asInt();
        assertThat(after).isLessThan(before);
        assertThat(near.at("/data/nearDuplicatesRemoved").asInt()).isBetween(250, 300);
        // what is left has (almost) no near-duplicate across members and non-members
        assertThat(near.at("/nearDuplicates/pairs").asLong()).isLessThan(nd.get("pairs").asLong() / 10);
    }

    @Test
    void aBadDedupSettingIsOneLineNamingIt() throws Exception {
        dataset();
        Path file = dir.resolve("bad.leaklab");
        Files.writeString(file, experiment("\"dedup\": \"fuzzy\""));
        Cli.Result r = Cli.run("run", file.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement().asString()
                .contains("dedup").contains("exact, near or none");
    }
}
