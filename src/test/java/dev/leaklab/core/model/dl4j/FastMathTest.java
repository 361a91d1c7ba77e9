package dev.leaklab.core.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastMathTest {

    @Test
    void expIsWithinAFewUlpsOverTheWholeRange() {
        double worst = 0;
        for (float x = -86f; x <= 87f; x += 0.0137f) {
            double exact = Math.exp(x);
            double relative = Math.abs(FastMath.exp(x) - exact) / exact;
            worst = Math.max(worst, relative);
        }
        assertThat(worst).isLessThan(5e-7);
        assertThat(FastMath.exp(-100f)).isZero();
        assertThat(FastMath.exp(100f)).isInfinite();
        assertThat(FastMath.exp(0f)).isEqualTo(1f);
    }

    @Test
    void sigmoidAndTanhMatchTheLibrary() {
        for (float x = -20f; x <= 20f; x += 0.01f) {
            assertThat((double) FastMath.sigmoid(x)).isCloseTo(1 / (1 + Math.exp(-x)),
                    org.assertj.core.data.Offset.offset(2e-7));
            assertThat((double) FastMath.tanh(x)).isCloseTo(Math.tanh(x), org.assertj.core.data.Offset.offset(4e-7));
        }
    }
}
