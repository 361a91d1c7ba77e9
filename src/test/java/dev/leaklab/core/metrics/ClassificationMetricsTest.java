package dev.leaklab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final Offset<Double> EXACT = within(1e-12);

    @Test
    void predictsPositiveAtOrAboveTheThreshold() {
        // threshold 0.4: predicted 0, 1, 0, 1 (0.4 itself counts) against actual 0, 0, 1, 1
        // -> TN (0.1), FP (0.4), FN (0.35), TP (0.8); AUC from the scores is 0.75 (sklearn's example)
        ClassificationMetrics m = ClassificationMetrics.of(new double[] {0.1, 0.4, 0.35, 0.8},
                new int[] {0, 0, 1, 1}, 0.4);
        assertThat(m.confusion()).isEqualTo(new ConfusionMatrix(1, 1, 1, 1));
        assertThat(m.samples()).isEqualTo(4);
        assertThat(m.accuracy()).isCloseTo(0.5, EXACT);
        assertThat(m.precision()).isCloseTo(0.5, EXACT);
        assertThat(m.recall()).isCloseTo(0.5, EXACT);
        assertThat(m.f1()).isCloseTo(0.5, EXACT);
        assertThat(m.specificity()).isCloseTo(0.5, EXACT);
        assertThat(m.auc()).isCloseTo(0.75, EXACT);
        assertThat(m.hasAuc()).isTrue();
    }

    @Test
    void probabilitiesUseThresholdOneHalfAndRankForAuc() {
        // p:      0.2  0.5  0.7  0.4  0.9
        // actual:   0    0    1    1    1
        // pred:     0    1    1    0    1   -> TN, FP, TP, FN, TP: TP 2, FP 1, TN 1, FN 1
        // AUC: positives {0.7, 0.4, 0.9} against negatives {0.2, 0.5}: 2 + 1 + 2 of 6 pairs ranked right
        ClassificationMetrics m = ClassificationMetrics.ofProbabilities(
                new float[] {0.2f, 0.5f, 0.7f, 0.4f, 0.9f}, new int[] {0, 0, 1, 1, 1});
        assertThat(m.confusion()).isEqualTo(new ConfusionMatrix(2, 1, 1, 1));
        assertThat(m.accuracy()).isCloseTo(3.0 / 5, EXACT);
        assertThat(m.precision()).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.recall()).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.f1()).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.auc()).isCloseTo(5.0 / 6, EXACT);
    }

    @Test
    void aucIsNanWhenOnlyOneClassIsPresent() {
        ClassificationMetrics m = ClassificationMetrics.ofProbabilities(new float[] {0.2f, 0.9f}, new int[] {1, 1});
        assertThat(m.hasAuc()).isFalse();
        assertThat(m.auc()).isNaN();
        assertThat(m.confusion()).isEqualTo(new ConfusionMatrix(1, 0, 0, 1));
        assertThat(m.precision()).isCloseTo(1.0, EXACT);
        assertThat(m.recall()).isCloseTo(0.5, EXACT);
        assertThat(m).isEqualTo(ClassificationMetrics.of(new ConfusionMatrix(1, 0, 0, 1), Double.NaN));
    }

    @Test
    void perfectAndInvertedProbabilities() {
        ClassificationMetrics perfect = ClassificationMetrics.ofProbabilities(new float[] {0.1f, 0.9f, 0.2f, 0.8f},
                new int[] {0, 1, 0, 1});
        assertThat(perfect.auc()).isCloseTo(1.0, EXACT);
        assertThat(perfect.accuracy()).isCloseTo(1.0, EXACT);
        assertThat(perfect.f1()).isCloseTo(1.0, EXACT);
        ClassificationMetrics inverted = ClassificationMetrics.ofProbabilities(new float[] {0.1f, 0.9f, 0.2f, 0.8f},
                new int[] {1, 0, 1, 0});
        assertThat(inverted.auc()).isCloseTo(0.0, EXACT);
        assertThat(inverted.accuracy()).isZero();
        assertThat(inverted.f1()).isZero();
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() {
        assertThatThrownBy(() -> ClassificationMetrics.ofProbabilities(new float[] {0.2f, 1.5f}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability 1 is 1.5, outside [0, 1]");
        assertThatThrownBy(() -> ClassificationMetrics.ofProbabilities(new float[] {Float.NaN, 1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability 0 is NaN");
    }

    @Test
    void rejectsANanScoreEvenWithOneClass() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new double[] {0.2, Double.NaN}, new int[] {1, 1}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score 1 is NaN");
    }

    @Test
    void rejectsBadShapesLabelsAndThreshold() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new double[] {0.2}, new int[] {1, 0}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores and labels differ in length: 1 scores, 2 labels");
        assertThatThrownBy(() -> ClassificationMetrics.of(new double[0], new int[0], 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no samples: metrics need at least one score and label");
        assertThatThrownBy(() -> ClassificationMetrics.of(new double[] {0.2}, new int[] {3}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actual label 0 is 3; labels are 0 (not vulnerable) or 1 (vulnerable)");
        assertThatThrownBy(() -> ClassificationMetrics.of(new double[] {0.2}, new int[] {1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold is NaN");
    }

    @Test
    void constructorRejectsASampleCountThatDisagreesWithTheCounts() {
        ConfusionMatrix c = new ConfusionMatrix(1, 1, 1, 1);
        assertThatThrownBy(() -> new ClassificationMetrics(0.5, 0.5, 0.5, 0.5, 0.5, c, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("samples (5) differs from the confusion total (4)");
        assertThatThrownBy(() -> new ClassificationMetrics(0.5, 0.5, 0.5, 1.5, 0.5, c, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("f1 must be in [0, 1]; got 1.5");
    }
}
