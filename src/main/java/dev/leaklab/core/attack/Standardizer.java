package dev.leaklab.core.attack;

/**
 * Centres and scales each feature column by its mean and standard deviation on the attacker's shadow data
 * only. A missing value (NaN, a withheld output) becomes the mean, 0; a constant column stays 0.
 */
public final class Standardizer {

    private final float[] mean;
    private final float[] inverseStd;

    private Standardizer(float[] mean, float[] inverseStd) {
        this.mean = mean;
        this.inverseStd = inverseStd;
    }

    /** Fits on {@code n} rows of width {@code d}. */
    public static Standardizer fit(float[] x, int n, int d) {
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        int[] count = new int[d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                float v = x[o + j];
                if (!Float.isNaN(v)) {
                    sum[j] += v;
                    count[j]++;
                }
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = count[j] == 0 ? 0f : (float) (sum[j] / count[j]);
        }
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                float v = x[o + j];
                if (!Float.isNaN(v)) {
                    double c = v - mean[j];
                    sumSq[j] += c * c;
                }
            }
        }
        float[] inverse = new float[d];
        for (int j = 0; j < d; j++) {
            double std = count[j] < 2 ? 0 : Math.sqrt(sumSq[j] / count[j]);
            inverse[j] = std > 1e-12 ? (float) (1 / std) : 0f;
        }
        return new Standardizer(mean, inverse);
    }

    /** Standardises {@code n} rows in place. */
    public void apply(float[] x, int n) {
        int d = mean.length;
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                float v = x[o + j];
                x[o + j] = Float.isNaN(v) ? 0f : (v - mean[j]) * inverseStd[j];
            }
        }
    }

    /** The mean of column {@code j}. */
    float mean(int j) {
        return mean[j];
    }

    /** One over the standard deviation of column {@code j} (0 for a constant column). */
    float inverseStd(int j) {
        return inverseStd[j];
    }
}
