package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.model.pretrained.RobertaReference;
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
    void theVectorisableExpOfNonPositiveValuesIsWithin1e5DownToMinus30AndStopsThere() {
        double worst = 0;
        for (float y = -30f; y <= 0f; y += 0.00731f) {
            double exact = Math.exp(y);
            worst = Math.max(worst, Math.abs(FastMath.expNonPositive(y) - exact) / exact);
        }
        assertThat(worst).isLessThan(1e-5);
        assertThat(FastMath.expNonPositive(0f)).isEqualTo(1f);
        assertThat(FastMath.expNonPositive(-500f)).isEqualTo(FastMath.expNonPositive(-30f)).isPositive();
        assertThat((double) FastMath.expNonPositive(-30f)).isCloseTo(Math.exp(-30), org.assertj.core.data.Offset
                .offset(1e-18));
    }

    @Test
    void sigmoidAndTanhMatchTheLibrary() {
        for (float x = -20f; x <= 20f; x += 0.01f) {
            assertThat((double) FastMath.sigmoid(x)).isCloseTo(1 / (1 + Math.exp(-x)),
                    org.assertj.core.data.Offset.offset(2e-7));
            assertThat((double) FastMath.tanh(x)).isCloseTo(Math.tanh(x), org.assertj.core.data.Offset.offset(4e-7));
        }
    }

    @Test
    void erfAndGeluMatchTheExactForms() {
        double worstErf = 0;
        double worstGelu = 0;
        double worstGrad = 0;
        for (float x = -12f; x <= 12f; x += 0.0031f) {
            worstErf = Math.max(worstErf, Math.abs(FastMath.erf(x) - RobertaReference.erf(x)));
            double gelu = RobertaReference.gelu(x);
            worstGelu = Math.max(worstGelu, Math.abs(FastMath.gelu(x) - gelu) / Math.max(1, Math.abs(gelu)));
            double grad = 0.5 * (1 + RobertaReference.erf(x / Math.sqrt(2)))
                    + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            worstGrad = Math.max(worstGrad, Math.abs(FastMath.geluGrad(x) - grad));
        }
        assertThat(worstErf).isLessThan(1e-6);
        assertThat(worstGelu).isLessThan(1e-6);
        assertThat(worstGrad).isLessThan(1e-6);
        assertThat(FastMath.erf(0f)).isZero();
        assertThat(FastMath.erf(100f)).isEqualTo(1f);
        assertThat(FastMath.erf(-100f)).isEqualTo(-1f);
    }

    @Test
    void theBulkGeluGradientIsTheScalarOneBitForBit() {
        java.util.Random random = new java.util.Random(7);
        int n = 3001;
        float[] x = new float[n];
        float[] dy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 3);
            dy[i] = (float) random.nextGaussian();
        }
        x[0] = 0f;
        x[1] = -40f;
        x[2] = 40f;
        float[] bulk = dy.clone();
        FastMath.timesGeluGrad(bulk, x, n - 1, new float[n - 1]);
        for (int i = 0; i < n - 1; i++) {
            assertThat(bulk[i]).as("value %d", i).isEqualTo(dy[i] * FastMath.geluGrad(x[i]));
        }
        assertThat(bulk[n - 1]).as("beyond n").isEqualTo(dy[n - 1]);
    }
}
