package dev.leaklab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final Offset<Double> EXACT = within(1e-12);

    @Test
    void countsEachCellAndDerivesTheRatios() {
        // index:      0  1  2  3  4  5  6  7
        // predicted:  1  1  0  0  0  1  0  0
        // actual:     1  1  1  0  0  0  1  0
        // cell:       TP TP FN TN TN FP FN TN  -> TP 2, FP 1, TN 3, FN 2
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {1, 1, 0, 0, 0, 1, 0, 0}, new int[] {1, 1, 1, 0, 0, 0, 1, 0});
        assertThat(m).isEqualTo(new ConfusionMatrix(2, 1, 3, 2));
        assertThat(m.total()).isEqualTo(8);
        assertThat(m.accuracy()).isCloseTo(5.0 / 8, EXACT);
        assertThat(m.precision()).isCloseTo(2.0 / 3, EXACT);
        assertThat(m.recall()).isCloseTo(2.0 / 4, EXACT);
        // 2PR / (P + R) = (2/3) / (7/6) = 4/7 = 2TP / (2TP + FP + FN)
        assertThat(m.f1()).isCloseTo(4.0 / 7, EXACT);
        assertThat(m.specificity()).isCloseTo(3.0 / 4, EXACT);
    }

    @Test
    void precisionIsZeroWhenNothingIsPredictedPositive() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0}, new int[] {1, 0});
        assertThat(m).isEqualTo(new ConfusionMatrix(0, 0, 1, 1));
        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(m.f1()).isZero();
        assertThat(m.accuracy()).isCloseTo(0.5, EXACT);
        assertThat(m.specificity()).isCloseTo(1.0, EXACT);
    }

    @Test
    void recallIsZeroWhenNothingIsActuallyPositive() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {1, 0}, new int[] {0, 0});
        assertThat(m).isEqualTo(new ConfusionMatrix(0, 1, 1, 0));
        assertThat(m.recall()).isZero();
        assertThat(m.precision()).isZero();
        assertThat(m.f1()).isZero();
        assertThat(m.specificity()).isCloseTo(0.5, EXACT);
    }

    @Test
    void onlyTrueNegativesGiveF1ZeroAsScikitLearnWithZeroDivisionZero() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 0}, new int[] {0, 0, 0});
        assertThat(m.accuracy()).isCloseTo(1.0, EXACT);
        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(m.f1()).isZero();
        assertThat(m.specificity()).isCloseTo(1.0, EXACT);
    }

    @Test
    void specificityIsZeroWhenNothingIsActuallyNegative() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {1, 0}, new int[] {1, 1});
        assertThat(m.specificity()).isZero();
        assertThat(m.precision()).isCloseTo(1.0, EXACT);
        assertThat(m.recall()).isCloseTo(0.5, EXACT);
        assertThat(m.f1()).isCloseTo(2.0 / 3, EXACT);
    }

    @Test
    void anEmptyMatrixHasAllRatiosZero() {
        ConfusionMatrix m = new ConfusionMatrix(0, 0, 0, 0);
        assertThat(ConfusionMatrix.of(new int[0], new int[0])).isEqualTo(m);
        assertThat(new double[] {m.accuracy(), m.precision(), m.recall(), m.f1(), m.specificity()})
                .containsOnly(0.0);
    }

    @Test
    void rejectsLabelsOtherThanZeroAndOne() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actual label 1 is 2; labels are 0 (not vulnerable) or 1 (vulnerable)");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {-1, 1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted label 0 is -1; labels are 0 (not vulnerable) or 1 (vulnerable)");
    }

    @Test
    void rejectsArraysOfDifferentLength() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predicted and actual labels differ in length: 3 predicted, 2 actual");
    }

    @Test
    void rejectsNegativeCountsAndOverflowingTotals() {
        assertThatThrownBy(() -> new ConfusionMatrix(1, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confusion counts must not be negative; got TP 1, FP -1, TN 0, FN 0");
        assertThatThrownBy(() -> new ConfusionMatrix(Integer.MAX_VALUE, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confusion counts sum to 2147483648, more than 2147483647");
    }
}
