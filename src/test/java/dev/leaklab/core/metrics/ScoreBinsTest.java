package dev.leaklab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScoreBinsTest {

    @Test
    void binsEachGroupAsItsOwnShareOverOneRange() {
        double[] scores = {0.9, 0.8, 0.95, 0.1, 0.2, 0.15, 0.12, 0.9};
        ScoreBins b = ScoreBins.of(scores, 3, 4, null);
        assertThat(b.low()).isEqualTo(0.1);
        assertThat(b.high()).isEqualTo(0.95);
        assertThat(Arrays.stream(b.members()).sum()).isCloseTo(1, within(1e-12));
        assertThat(Arrays.stream(b.nonMembers()).sum()).isCloseTo(1, within(1e-12));
        assertThat(b.members()).containsExactly(0, 0, 0, 1);
        assertThat(b.nonMembers()).containsExactly(0.8, 0, 0, 0.2);
        assertThat(b.overlap()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void coversOtherScoresAndSkipsNonFiniteOnes() {
        ScoreBins b = ScoreBins.of(new double[] {0.4, Double.NaN, 0.6}, 1, 2,
                ScoreBins.centralRange(new double[] {1, 0, Double.POSITIVE_INFINITY}));
        assertThat(b.low()).isZero();
        assertThat(b.high()).isEqualTo(1);
        assertThat(b.members()).containsExactly(1, 0);
        assertThat(b.nonMembers()).containsExactly(0, 1);
        assertThat(b.overlap()).isZero();
    }

    @Test
    void givesOneValueARangeAndOneBar() {
        ScoreBins b = ScoreBins.of(new double[] {2, 2, 2}, 1, 5, null);
        assertThat(b.high()).isGreaterThan(b.low());
        assertThat(b.overlap()).isCloseTo(1, within(1e-12));
    }

    @Test
    void keepsAFewOutliersFromSquashingTheRest() {
        double[] scores = new double[1000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = -(i % 100) / 100.0;
        }
        scores[7] = -24;
        ScoreBins b = ScoreBins.of(scores, 500, 10, null);
        assertThat(b.low()).isGreaterThan(-1);
        assertThat(Arrays.stream(b.members()).sum()).isCloseTo(1, within(1e-12));
        assertThat(b.members()[0]).as("the outlier counts in the first bin").isGreaterThan(0);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> ScoreBins.of(new double[] {1}, 2, 4, null)).hasMessageContaining("members must be");
        assertThatThrownBy(() -> ScoreBins.of(new double[] {1}, 1, 0, null)).hasMessageContaining("bins must be");
        assertThatThrownBy(() -> new ScoreBins(1, 1, new double[] {1}, new double[] {1}))
                .hasMessageContaining("high > low");
    }
}
