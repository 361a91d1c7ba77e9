package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled quickstart, run as shipped, makes the study's point: a target that predicts well still leaks, and
 * NMID at the study's setting brings every attack below 0.65 without costing the predictions. This is the first
 * thing a class sees, so a change to the generator, the engine or the defence that breaks the story fails here.
 */
class QuickstartStoryTest {

    @TempDir
    Path dir;

    @Test
    void aGoodPredictorLeaksAndNmidAtTheStudysSettingStopsEveryAttackWithoutCostingF1() throws Exception {
        Path out = dir.resolve("results");
        Cli.Result r = Cli.run("run", "sample-projects/quickstart/quickstart.leaklab", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = Json.mapper().readTree(Files.readString(out.resolve("results.json")));

        double f1 = results.get("target").get("utility").get("f1").asDouble();
        assertThat(f1).as("the target's F1 on its non-members").isGreaterThanOrEqualTo(0.85);
        double strongestUndefended = 0;
        int defended = 0;
        for (JsonNode a : results.get("attacks")) {
            String role = a.get("role").asText();
            String what = a.get("attack").asText() + " on " + a.get("features") + ", " + role
                    + (a.get("adaptive").asBoolean() ? ", adaptive" : "");
            if (role.equals("undefended")) {
                strongestUndefended = Math.max(strongestUndefended, a.get("auc").asDouble());
            } else if (role.equals("defended") || role.equals("averaged")) {
                defended++;
                assertThat(a.get("auc").asDouble()).as(what).isLessThan(0.65);
                assertThat(a.get("utility").get("f1").asDouble()).as(what).isCloseTo(f1,
                        offset(0.02));
            }
        }
        assertThat(strongestUndefended).as("the strongest undefended attack").isGreaterThanOrEqualTo(0.75);
        assertThat(defended).as("defended rows").isGreaterThanOrEqualTo(12);
    }
}
