package dev.leaklab.core.model.array;

/**
 * A float exponential for the networks' hot loops. Why: {@code Math.exp} costs about ten nanoseconds, and an
 * encoder's attention softmax alone takes heads × length² of them per block and sample (320,000 at four
 * heads, two blocks, 200 tokens); this one is a few multiply-adds, accurate to about one float ulp.
 */
final class FastMath {

    private FastMath() {
    }

    /**
     * e^x in float, after Cephes' {@code expf}: x = n·ln2 + r with the reduction done in two parts (Cody and
     * Waite) so r keeps its precision, then a degree-7 polynomial for e^r and 2^n from the exponent bits.
     * Underflows to 0 below -87; overflows to infinity above 88.
     */
    static float exp(float x) {
        if (x < -87f) {
            return 0f;
        }
        if (x > 88f) {
            return Float.POSITIVE_INFINITY;
        }
        // why: adding 1.5 · 2^23 rounds to the nearest integer in the float unit itself, where Math.floor
        // would go through double; the integer then sits in the low mantissa bits
        float shifted = x * 1.44269504088896341f + 12582912f;
        float n = shifted - 12582912f;
        float r = x - n * 0.693359375f + n * 2.12194440e-4f;
        float z = r * r;
        float p = ((((((1.9875691500E-4f * r + 1.3981999507E-3f) * r + 8.3334519073E-3f) * r + 4.1665795894E-2f) * r
                + 1.6666665459E-1f) * r + 5.0000001201E-1f) * z) + r + 1f;
        return Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - 0x4B400000 + 127) << 23) * p;
    }

    /** The logistic function. */
    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** The hyperbolic tangent, as 2σ(2x) − 1 written to keep precision near 0. */
    static float tanh(float x) {
        if (x > 9f) {
            return 1f;
        }
        if (x < -9f) {
            return -1f;
        }
        float e = exp(2f * x);
        return (e - 1f) / (e + 1f);
    }

    /**
     * The error function in float, a rational minimax fit of odd degree 13 over degree 8 on [-4, 4] (the one
     * Eigen and XLA use), with x clamped there: erf(4) is 1 to float precision. Why: no exponential, no
     * branch and no division by a variable other than the one at the end, so a feed-forward layer's GELU over
     * a whole activation array costs a few nanoseconds a value instead of twenty.
     */
    static float erf(float x) {
        float c = Math.max(-4f, Math.min(4f, x));
        float z = c * c;
        float p = -2.72614225801306e-10f;
        p = p * z + 2.77068142495902e-08f;
        p = p * z + -2.10102402082508e-06f;
        p = p * z + -5.69250639462346e-05f;
        p = p * z + -7.34990630326855e-04f;
        p = p * z + -2.95459980854025e-03f;
        p = p * z + -1.60960333262415e-02f;
        p = c * p;
        float q = -1.45660718464996e-05f;
        q = q * z + -2.13374055278905e-04f;
        q = q * z + -1.68282697438203e-03f;
        q = q * z + -7.37332916720468e-03f;
        q = q * z + -1.42647390514189e-02f;
        return p / q;
    }

    /** GELU in its exact form, x · Φ(x) = x/2 · (1 + erf(x / √2)), as {@code hidden_act="gelu"} means. */
    static float gelu(float x) {
        return 0.5f * x * (1f + erf(x * 0.70710678f));
    }

    /** The derivative of {@link #gelu}: Φ(x) + x · φ(x). */
    static float geluGrad(float x) {
        float cdf = 0.5f * (1f + erf(x * 0.70710678f));
        return cdf + x * expNonPositive(-0.5f * x * x) * 0.39894228f;
    }

    /**
     * {@code dy[i] *= geluGrad(x[i])} for i below {@code n}, bit for bit as that loop, using the first
     * {@code n} floats of {@code scratch} (overwritten). Why this shape: written as that one loop, C2 (JDK 17)
     * vectorised neither half and it took 10 ns a value, a tenth of the encoder's training time. Split into
     * x · φ(x) in one loop and Φ(x) plus it in a second, each vectorises: 0.85 ns a value for the two (measured
     * on AVX2). The scratch is as long as the data, not a small reused chunk, since a loop that reads one array
     * at {@code from + i} and another at {@code i} does not vectorise either (10.6 ns).
     */
    static void timesGeluGrad(float[] dy, float[] x, int n, float[] scratch) {
        for (int i = 0; i < n; i++) {
            float v = x[i];
            scratch[i] = v * expNonPositive(-0.5f * v * v) * 0.39894228f;
        }
        for (int i = 0; i < n; i++) {
            float cdf = 0.5f * (1f + erf(x[i] * 0.70710678f));
            dy[i] *= cdf + scratch[i];
        }
    }

    /**
     * e^y for y at most 0, within 1e-5 relative for y down to −30, where it stops falling (e^−30 is 1e-13;
     * both callers add it to terms near 1): the [4/4] Padé approximant of e^(y/32), squared five times.
     * Why not {@link #exp}: its 2^n is built from bits, and on JDK 17 a loop that moves floats to ints
     * never vectorises; this one is plain float arithmetic, so a softmax row or a GELU gradient over a whole
     * array runs 8 to 16 values an instruction (0.45 ns a value against 5.5 ns, measured on AVX2).
     */
    static float expNonPositive(float y) {
        float u = Math.max(-30f, Math.min(0f, y)) * (1f / 32);
        float u2 = u * u;
        float odd = u * (0.5f + u2 * (1f / 84));
        float even = 1f + u2 * (3f / 28 + u2 * (1f / 1680));
        float r = (even + odd) / (even - odd);
        r *= r;
        r *= r;
        r *= r;
        r *= r;
        return r * r;
    }
}
