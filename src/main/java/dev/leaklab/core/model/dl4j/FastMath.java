package dev.leaklab.core.model.dl4j;

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
        float n = (float) Math.floor(x * 1.44269504088896341f + 0.5f);
        float r = x - n * 0.693359375f + n * 2.12194440e-4f;
        float z = r * r;
        float p = ((((((1.9875691500E-4f * r + 1.3981999507E-3f) * r + 8.3334519073E-3f) * r + 4.1665795894E-2f) * r
                + 1.6666665459E-1f) * r + 5.0000001201E-1f) * z) + r + 1f;
        return Float.intBitsToFloat(((int) n + 127) << 23) * p;
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
}
