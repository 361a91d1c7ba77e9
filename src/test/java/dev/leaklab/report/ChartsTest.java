package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.report.Charts.FrontierPoint;
import dev.leaklab.report.Charts.RocSeries;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders every chart headless into a temporary folder and reads the PNGs back. */
class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void rocIsA900By600Picture() throws IOException {
        Path png = dir.resolve("roc.png");
        Charts.writeRoc(png, "ROC of the loss attack",
                List.of(roc("LiRA", 2.0, 5_000, 1), roc("Loss", 0.7, 800, 2)));
        assertIsAChart(png);
    }

    @Test
    void logLogRocClampsZeroRates() throws IOException {
        Path png = dir.resolve("roc-loglog.png");
        RocSeries withZeros = new RocSeries("Steps", new double[] {0, 0, 0.001, 0.5, 1},
                new double[] {0, 0.2, 0.3, 0.9, 1});
        Charts.writeRocLogLog(png, "Low-FPR regime", List.of(roc("LiRA", 2.0, 5_000, 3), withZeros));
        assertIsAChart(png);
    }

    @Test
    void a40000PointRocRendersOnBothAxes() throws IOException {
        RocSeries big = roc("Big", 1.5, 20_000, 4);
        assertThat(big.fpr()).hasSizeGreaterThanOrEqualTo(39_000);

        Path linear = dir.resolve("big.png");
        Path logLog = dir.resolve("big-loglog.png");
        Charts.writeRoc(linear, "40k points", List.of(big));
        Charts.writeRocLogLog(logLog, "40k points", List.of(big));
        assertIsAChart(linear);
        assertIsAChart(logLog);
    }

    @Test
    void thinningKeepsEndsAndAtMostTwoThousandPoints() {
        RocSeries big = roc("Big", 1.5, 20_000, 5);
        for (boolean logLog : new boolean[] {false, true}) {
            int[] kept = Charts.thinnedIndices(big.fpr(), big.tpr(), logLog, Charts.MAX_ROC_POINTS);
            assertThat(kept.length).isBetween(50, Charts.MAX_ROC_POINTS);
            assertThat(kept[0]).isZero();
            assertThat(kept[kept.length - 1]).isEqualTo(big.fpr().length - 1);
            assertThat(kept).isSorted();
        }
    }

    @Test
    void thinningFallsBackToAStrideForACurveThatDoublesBack() {
        int n = 40_000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i % 2 == 0 ? 0.0 : 1.0;
            ys[i] = (double) i / (n - 1);
        }
        int[] kept = Charts.thinnedIndices(xs, ys, false, Charts.MAX_ROC_POINTS);
        assertThat(kept.length).isLessThanOrEqualTo(Charts.MAX_ROC_POINTS);
        assertThat(kept[0]).isZero();
        assertThat(kept[kept.length - 1]).isEqualTo(n - 1);
    }

    @Test
    void shortCurvesAreNotThinned() {
        double[] xs = {0, 0.5, 1};
        assertThat(Charts.thinnedIndices(xs, xs, true, Charts.MAX_ROC_POINTS)).containsExactly(0, 1, 2);
    }

    @Test
    void histogramOverlaysMembersAndNonMembers() throws IOException {
        Random random = new Random(6);
        double[] members = random.doubles(3_000).map(u -> 1.0 + random.nextGaussian()).toArray();
        double[] nonMembers = random.doubles(2_000).map(u -> random.nextGaussian()).toArray();
        Path png = dir.resolve("scores.png");
        Charts.writeScoreHistogram(png, "Attack scores", members, nonMembers);
        assertIsAChart(png);
    }

    @Test
    void histogramOfIdenticalScoresStillRenders() throws IOException {
        Path png = dir.resolve("flat.png");
        Charts.writeScoreHistogram(png, "All the same", new double[] {0.25, 0.25, 0.25}, new double[] {0.25});
        assertIsAChart(png);
    }

    @Test
    void frontierWithAndWithoutAHighlight() throws IOException {
        List<FrontierPoint> points = List.of(
                new FrontierPoint(2.0, 0.52, 0.61), new FrontierPoint(0.0, 0.81, 0.78),
                new FrontierPoint(0.5, 0.70, 0.76), new FrontierPoint(1.0, 0.60, 0.71),
                new FrontierPoint(0.25, 0.76, 0.775));
        Path marked = dir.resolve("frontier.png");
        Path plain = dir.resolve("frontier-plain.png");
        Charts.writeFrontier(marked, "Privacy-utility frontier", points, 0.5);
        Charts.writeFrontier(plain, null, points, null);
        assertIsAChart(marked);
        assertIsAChart(plain);
    }

    @Test
    void frontierOfOnePointRenders() throws IOException {
        Path png = dir.resolve("one.png");
        Charts.writeFrontier(png, "One sigma", List.of(new FrontierPoint(1.0, 0.6, 0.7)), 1.0);
        assertIsAChart(png);
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path png = dir.resolve("nested/again.png");
        Charts.writeRoc(png, "first", List.of(roc("A", 1.0, 300, 7)));
        Charts.writeRocLogLog(png, "second", List.of(roc("A", 1.0, 300, 7)));
        assertIsAChart(png);
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertThat(files).containsExactly(png);
        }
    }

    @Test
    void thePngGetsTheUsualPermissionsNotThoseOfATemporaryFile() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.createFile(dir.resolve("reference"));
        Path png = dir.resolve("perm.png");
        Charts.writeRoc(png, "t", List.of(roc("A", 1.0, 100, 9)));
        assertThat(Files.getPosixFilePermissions(png)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void badRocInputIsRejectedNamingTheSeries() {
        Path png = dir.resolve("bad.png");
        RocSeries nan = new RocSeries("Nanny", new double[] {0, Double.NaN, 1}, new double[] {0, 0.5, 1});
        RocSeries mismatched = new RocSeries("Lopsided", new double[] {0, 1}, new double[] {0, 0.5, 1});
        RocSeries empty = new RocSeries("Hollow", new double[0], new double[0]);
        RocSeries outside = new RocSeries("Wild", new double[] {0, 1}, new double[] {0, 1.5});

        assertThatThrownBy(() -> Charts.writeRoc(png, "t", List.of(nan)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nanny")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Charts.writeRocLogLog(png, "t", List.of(mismatched)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Lopsided")
                .hasMessageContaining("2").hasMessageContaining("3");
        assertThatThrownBy(() -> Charts.writeRoc(png, "t", List.of(empty)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Hollow")
                .hasMessageContaining("no points");
        assertThatThrownBy(() -> Charts.writeRoc(png, "t", List.of(outside)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Wild")
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> Charts.writeRoc(png, "t", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        RocSeries ok = roc("Twin", 1.0, 100, 8);
        assertThatThrownBy(() -> Charts.writeRoc(png, "t", List.of(ok, ok)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Twin");
        assertThat(png).doesNotExist();
    }

    @Test
    void badHistogramAndFrontierInputIsRejected() {
        Path png = dir.resolve("bad.png");
        assertThatThrownBy(() -> Charts.writeScoreHistogram(png, "t", new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member scores are empty");
        assertThatThrownBy(() -> Charts.writeScoreHistogram(png, "t", new double[] {1}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-member scores are empty");
        double[] withNan = {1, Double.NaN};
        assertThatThrownBy(() -> Charts.writeScoreHistogram(png, "t", withNan, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member scores[1] is NaN");
        assertThatThrownBy(() -> Charts.writeFrontier(png, "t", List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one point");
        List<FrontierPoint> nanPoint = List.of(new FrontierPoint(1, Double.NaN, 0.5));
        assertThatThrownBy(() -> Charts.writeFrontier(png, "t", nanPoint, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Charts.writeFrontier(png, "t", List.of(new FrontierPoint(1, 0.6, 0.5)), 2.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("σ=2.0");
        assertThat(png).doesNotExist();
    }

    @Test
    void sigmasReadShort() {
        assertThat(Charts.sigma(0.5)).isEqualTo("0.5");
        assertThat(Charts.sigma(2)).isEqualTo("2");
        assertThat(Charts.sigma(0)).isEqualTo("0");
        assertThat(Charts.sigma(0.001)).isEqualTo("0.001");
        assertThat(Charts.sigma(1e-5)).isEqualTo("1E-5");
    }

    /**
     * The empirical ROC of {@code perClass} member scores drawn from N(separation, 1) against as many
     * non-member scores from N(0, 1): 2 * perClass + 1 points, ascending fpr.
     */
    private static RocSeries roc(String name, double separation, int perClass, long seed) {
        Random random = new Random(seed);
        int n = 2 * perClass;
        double[][] scored = new double[n][];
        for (int i = 0; i < n; i++) {
            boolean member = i < perClass;
            scored[i] = new double[] {random.nextGaussian() + (member ? separation : 0), member ? 1 : 0};
        }
        Arrays.sort(scored, (a, b) -> Double.compare(b[0], a[0]));
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < n; i++) {
            if (scored[i][1] == 1) {
                tp++;
            } else {
                fp++;
            }
            fpr[i + 1] = (double) fp / perClass;
            tpr[i + 1] = (double) tp / perClass;
        }
        return new RocSeries(name, fpr, tpr);
    }

    private static void assertIsAChart(Path png) throws IOException {
        assertThat(png).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a readable PNG at %s", png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
        assertThat(image.getRGB(2, 2) & 0xFFFFFF).as("white background").isEqualTo(0xFFFFFF);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("distinct colours in %s", png).hasSizeGreaterThan(3);
    }

    @Test
    void aFileNamedSvgGetsAnSvgDocument(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path svg = tmp.resolve("roc.svg");
        Charts.writeRoc(svg, "ROC", java.util.List.of(new Charts.RocSeries("a", new double[] {0, 0.5, 1},
                new double[] {0, 0.8, 1})));
        String text = java.nio.file.Files.readString(svg);
        assertThat(text).startsWith("<?xml").contains("<svg").contains("</svg>");
    }
}
