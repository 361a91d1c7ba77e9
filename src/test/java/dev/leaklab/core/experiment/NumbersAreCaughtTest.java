package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.metrics.ClassificationMetrics;
import dev.leaklab.core.metrics.RocCurve;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers that cannot mean anything are caught with a message, never turned into an AUC: non-finite outputs
 * and scores, scores that are all equal, a subset of one class, an empty feature set.
 */
class NumbersAreCaughtTest {

    @TempDir
    Path dir;

    @Test
    void nonFiniteModelOutputsAreRefusedNamingTheSample() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> ModelOutputs.of(List.of("a", "b"), new int[] {0, 1},
                    new float[] {0.1f, 0.2f, bad, 0.3f}, new float[0], 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sample b").hasMessageContaining("not usable");
            assertThatThrownBy(() -> ModelOutputs.of(List.of("a", "b"), new int[] {0, 1},
                    new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {1, bad}, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedding of sample b");
        }
    }

    @Test
    void nonFiniteScoresNeverBecomeAnAuc() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] scores = {0.2, bad, 0.7, 0.9};
            int[] labels = {0, 0, 1, 1};
            assertThatThrownBy(() -> RocCurve.of(scores, new boolean[] {false, false, true, true})).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("score 1");
            assertThatThrownBy(() -> ClassificationMetrics.of(scores, labels, 0.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score 1");
        }
    }

    @Test
    void anAttackWhoseWholeIntervalIsBelowChanceIsNamedAndTheEmbeddingsBlamed() {
        var below = new dev.leaklab.core.metrics.BootstrapIntervals(
                new dev.leaklab.core.metrics.BootstrapIntervals.Interval(0.341, 0.368), null, null, 0.95, 1000, 0, 0);
        var straddling = new dev.leaklab.core.metrics.BootstrapIntervals(
                new dev.leaklab.core.metrics.BootstrapIntervals.Interval(0.47, 0.52), null, null, 0.95, 1000, 0, 0);

        assertThat(AttackResult.belowChance("shadow-mlp", dev.leaklab.core.attack.FeatureSet.GRAY_BOX, 0.354, below))
                .hasValueSatisfying(w -> assertThat(w).contains("shadow-mlp on", "AUC 0.354", "0.341 to 0.368",
                        "embeddings"));
        assertThat(AttackResult.belowChance("shadow-mlp", dev.leaklab.core.attack.FeatureSet.BLACK_BOX, 0.354,
                below)).hasValueSatisfying(w -> assertThat(w).doesNotContain("embeddings"));
        assertThat(AttackResult.belowChance("loss-threshold", dev.leaklab.core.attack.FeatureSet.BLACK_BOX, 0.495,
                straddling)).isEmpty();
        assertThat(AttackResult.belowChance("loss-threshold", dev.leaklab.core.attack.FeatureSet.BLACK_BOX, 0.3,
                null)).isEmpty();
    }

    @Test
    void scoresThatAreAllEqualAreNamed() {
        assertThat(ExperimentRunner.constantScores(new double[] {0.5, 0.5, 0.5})).contains(0.5);
        assertThat(ExperimentRunner.constantScores(new double[] {0.5, 0.5, 0.50000001})).isEmpty();
        assertThat(ExperimentRunner.constantScores(new double[] {-0.0, 0.0})).isEmpty();
        assertThat(ExperimentRunner.constantScores(new double[0])).isEmpty();
    }

    @Test
    void warningsReachTheResultsFileAndTheReport() throws Exception {
        ExperimentResults r = SyntheticResults.of(200, 4, Gemm.java());
        ExperimentResults warned = new ExperimentResults(r.project(), r.config(), r.split(), r.dedup(),
                r.subsetSizes(), r.dataHash(), r.trainingKey(), r.started(), r.finished(), r.target(), r.shadow(),
                r.trainSeconds(), r.modelsReused(), r.attacks(), r.headline(), r.frontier(), r.memberScores(),
                r.nonMemberScores(), r.evaluators(), r.targetSamples(),
                List.of("loss-threshold on loss gives every target sample the same score (0.0)"), null, null);
        assertThat(warned.toJson().get("warnings").get(0).asText()).contains("same score");
        assertThat(r.toJson().get("warnings")).isEmpty();
        assertThat(html(warned)).contains("<strong>Warning:</strong> loss-threshold on loss");
    }

    private String html(ExperimentResults r) throws Exception {
        Path page = dir.resolve("report.html");
        HtmlReport.write(r, page);
        return Files.readString(page);
    }

    @Test
    void aDatasetOrASubsetOfOneClassIsRefusedBeforeAnyTraining() throws Exception {
        Path whole = project("all-vulnerable", 0);
        assertThatThrownBy(() -> run(whole)).isInstanceOf(dev.leaklab.core.data.DatasetException.class)
                .hasMessageContaining("all-vulnerable.jsonl: only one class");
        // two safe functions in 80: the dataset has both classes, but a quarter of it cannot
        Path subset = project("nearly-all-vulnerable", 2);
        assertThatThrownBy(() -> run(subset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds only vulnerable samples");
    }

    private Path project(String name, int safe) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            lines.add("{\"func\": \"int f" + i + "(int a) { return a + " + i + "; }\", \"target\": "
                    + (i < safe ? 0 : 1) + "}");
        }
        Files.write(dir.resolve(name + ".jsonl"), lines);
        return Files.writeString(dir.resolve(name + ".leaklab"), """
                {"schemaVersion": 2, "dataset": {"paths": ["%s.jsonl"]},
                 "model": {"arch": "bilstm", "embedding": 8, "hidden": 8, "epochs": 1}}
                """.formatted(name));
    }

    private static ExperimentResults run(Path file) throws Exception {
        return ExperimentRunner.run(ProjectStore.load(file), file,
                new ExperimentRunner.Options(null, false, null, Gemm.java()), new ExperimentRunner.Listener() {
                    @Override
                    public void stage(String description) {
                    }

                    @Override
                    public void onProgress(dev.leaklab.core.model.TrainingProgress progress) {
                    }
                }, CancellationToken.none());
    }

    @Test
    void anEmptyFeatureSetIsRefusedWithItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.leaklab"), """
                {
                  "schemaVersion": 2,
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 400, "seed": 1}},
                  "attacks": [
                    {"attack": "shadow-mlp", "features": []}
                  ]
                }
                """);
        assertThatThrownBy(() -> ProjectStore.load(file)).isInstanceOf(ProjectException.class)
                .hasMessage(file + ":5: attacks[0].features: must name at least one of embedding, logits, loss, "
                        + "confidence");
    }
}
