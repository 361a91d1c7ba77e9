package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.TrainingProgress;
import dev.leaklab.core.task.CancellationToken;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a tiny real experiment once and checks the HTML report written from its results. */
class HtmlReportTest {

    private static final Pattern IMAGE = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static ExperimentResults results;
    private static Path html;
    private static String page;

    /** 400 generated functions, two tiny BiLSTMs, one epoch, two attacks and a two-sigma sweep. */
    private static String tinyExperiment() {
        return """
                {
                  "schemaVersion": 2,
                  "name": "tiny <script>x</script>",
                  "description": "Report check: \\"quotes\\" & 'apostrophes'",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 400, "seed": 7}},
                  "model": {"arch": "bilstm", "embedding": 8, "hidden": 8, "epochs": 1, "maxLength": 80},
                  "attacks": [
                    {"attack": "shadow-mlp", "features": "black-box"},
                    {"attack": "loss-threshold"}
                  ],
                  "attackModel": {"epochs": 3},
                  "defense": {"sigma": 1.0, "queries": 2},
                  "sweep": {"sigmas": [0, 1], "adaptive": true},
                  "seed": 3
                }
                """;
    }

    @BeforeAll
    static void runExperiment() throws Exception {
        Path file = shared.resolve("tiny.leaklab");
        Files.writeString(file, tinyExperiment());
        ProjectSpec project = ProjectStore.load(file);
        ExperimentRunner.Listener quiet = new ExperimentRunner.Listener() {
            @Override
            public void stage(String description) {
            }

            @Override
            public void onProgress(TrainingProgress progress) {
            }
        };
        results = ExperimentRunner.run(project, file, new ExperimentRunner.Options(null, false, Trainers.standard(),
                Trainers.gemm()), quiet, CancellationToken.none());
        html = shared.resolve("report.html");
        HtmlReport.write(results, html);
        page = Files.readString(html, StandardCharsets.UTF_8);
    }

    @Test
    void writesASelfContainedPageWithEverySection() {
        assertThat(html).isRegularFile();
        assertThat(page.startsWith("<!DOCTYPE html>")).as("starts with the doctype").isTrue();
        assertContains("<title>LeakLab report: tiny &lt;script&gt;x&lt;/script&gt;</title>");
        assertContains("<h1>LeakLab report: tiny &lt;script&gt;x&lt;/script&gt;</h1>");
        assertContains("Report check: &quot;quotes&quot; &amp; &#39;apostrophes&#39;");
        int at = -1;
        for (String heading : List.of("Data", "Models", "Strongest attack", "All attacks", "Privacy-utility frontier",
                "Slices", "Provenance")) {
            int next = page.indexOf("\">" + heading + "</h2>");
            assertThat(next).as("section %s after the one before", heading).isGreaterThan(at);
            at = next;
        }
        assertContains("<code>" + results.dataHash() + "</code>");
        assertContains("<code>" + results.trainingKey() + "</code>");
        assertContains("&quot;name&quot; : &quot;tiny &lt;script&gt;x&lt;/script&gt;&quot;");
    }

    @Test
    void embedsFourReadableChartsAndNothingExternal() throws IOException {
        List<String> images = new ArrayList<>();
        Matcher m = IMAGE.matcher(page);
        while (m.find()) {
            images.add(m.group(1));
        }
        assertThat(images).hasSizeGreaterThanOrEqualTo(4);
        for (String base64 : images) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        }
        String lower = page.toLowerCase(Locale.ROOT);
        for (String external : List.of("<script", "<link", "src=\"http", "url(", "@import")) {
            assertThat(lower.contains(external)).as("page contains %s", external).isFalse();
        }
    }

    @Test
    void allAttacksTableHasOneRowPerResultOutsideTheSweep() {
        int start = page.indexOf("<table id=\"all-attacks-table\">");
        assertThat(start).isNotNegative();
        String table = page.substring(start, page.indexOf("</table>", start));
        String body = table.substring(table.indexOf("<tbody>"));
        long expected = results.attacks().stream().filter(r -> !"sweep".equals(r.role())).count();
        assertThat(expected).isLessThan(results.attacks().size());
        assertThat(occurrences(body, "<tr")).isEqualTo(expected);
        assertThat(occurrences(body, "class=\"marked\"")).isEqualTo(1);
    }

    @Test
    void writingAgainReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path again = dir.resolve("out").resolve("report.html");
        Files.createDirectories(again.getParent());
        Files.writeString(again, "stale");
        HtmlReport.write(results, again);
        assertThat(Files.readString(again).startsWith("<!DOCTYPE html>")).as("replaced").isTrue();
        HtmlReport.write(results, again);

        assertThat(Files.readString(again).startsWith("<!DOCTYPE html>")).as("replaced again").isTrue();
        try (Stream<Path> files = Files.list(again.getParent())) {
            assertThat(files).containsExactly(again);
        }
    }

    @Test
    void escapesTheFiveHtmlCharacters() {
        assertThat(HtmlReport.escape("<a href='x'>\"Tom & Jerry\"</a>"))
                .isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;Tom &amp; Jerry&quot;&lt;/a&gt;");
        assertThat(HtmlReport.escape("CWE-119")).isEqualTo("CWE-119");
        assertThat(HtmlReport.escape(null)).isEmpty();
    }

    /** Checks without AssertJ's echo of the whole page, which is hundreds of kilobytes of base64. */
    private static void assertContains(String part) {
        assertThat(page.contains(part)).as("page contains %s", part).isTrue();
    }

    private static long occurrences(String text, String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
