package dev.leaklab.core.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile-bootstrap confidence intervals for an attack's AUC and its TPR at 1% and 0.1% FPR: members
 * and non-members are resampled with replacement, each class on its own (so every resample keeps the class
 * sizes, as the experiment fixed them), the three figures are computed exactly as {@link RocCurve} computes
 * them, and the interval is the central {@code level} of their resampled values.
 *
 * <p>The scores are sorted once; a resample is only a count of how often each sample is drawn, so one costs a
 * pass over the sorted scores, not a sort.
 *
 * <p>A TPR at an FPR rests on the non-members above the threshold: at 0.1% of 4,000 non-members that is four
 * samples, and the interval is wide for it. {@link #nonMembersAt01pctFpr()} says how many; below one, the FPR is
 * finer than the data can resolve.
 *
 * @param auc                    the AUC's interval
 * @param tprAt1pctFpr           TPR at 1% FPR
 * @param tprAt01pctFpr          TPR at 0.1% FPR
 * @param level                  the coverage asked for, such as 0.95
 * @param resamples              how many resamples
 * @param nonMembersAt1pctFpr    how many non-members 1% of them is (the false positives the rate allows)
 * @param nonMembersAt01pctFpr   how many 0.1% is
 */
public record BootstrapIntervals(Interval auc, Interval tprAt1pctFpr, Interval tprAt01pctFpr, double level,
                                 int resamples, double nonMembersAt1pctFpr, double nonMembersAt01pctFpr) {

    /** The default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 1_000;
    /** The default coverage. */
    public static final double DEFAULT_LEVEL = 0.95;

    /**
     * A two-sided interval.
     *
     * @param low  its lower end
     * @param high its upper end
     */
    public record Interval(double low, double high) {

        /** Whether {@code value} lies in it, ends included. */
        public boolean contains(double value) {
            return value >= low && value <= high;
        }
    }

    /**
     * The intervals of member and non-member scores.
     *
     * @param seed the resampling seed: the same seed gives the same intervals
     * @throws IllegalArgumentException when a side is empty, a score is not finite, or the level or resample
     *                                  count is out of range
     */
    public static BootstrapIntervals of(double[] members, double[] nonMembers, int resamples, double level,
                                        long seed) {
        if (members.length == 0 || nonMembers.length == 0) {
            throw new IllegalArgumentException("bootstrap intervals need members and non-members; had "
                    + members.length + " and " + nonMembers.length);
        }
        if (resamples < 10) {
            throw new IllegalArgumentException("bootstrap needs at least 10 resamples; got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be between 0 and 1; got " + level);
        }
        MetricInputs.requireFiniteScores(members);
        MetricInputs.requireFiniteScores(nonMembers);
        int p = members.length;
        int n = nonMembers.length;
        // the samples in descending score order; group[k] marks where a run of equal scores starts
        int[] order = new int[p + n];
        double[] scores = new double[p + n];
        for (int i = 0; i < p; i++) {
            scores[i] = members[i];
        }
        for (int j = 0; j < n; j++) {
            scores[p + j] = nonMembers[j];
        }
        Integer[] idx = new Integer[p + n];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        // why: -0.0 and 0.0 are one threshold, as in RocCurve, so compare with a normalised key
        Arrays.sort(idx, (x, y) -> Double.compare(scores[y] + 0.0, scores[x] + 0.0));
        boolean[] starts = new boolean[idx.length];
        for (int k = 0; k < idx.length; k++) {
            order[k] = idx[k];
            starts[k] = k == 0 || scores[idx[k]] != scores[idx[k - 1]];
        }

        SplittableRandom random = new SplittableRandom(seed);
        int[] weight = new int[p + n];
        double[] auc = new double[resamples];
        double[] tpr1 = new double[resamples];
        double[] tpr01 = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(weight, 0);
            for (int i = 0; i < p; i++) {
                weight[random.nextInt(p)]++;
            }
            for (int j = 0; j < n; j++) {
                weight[p + random.nextInt(n)]++;
            }
            double twiceArea = 0;
            long tp = 0;
            long fp = 0;
            double best1 = 0;
            double best01 = 0;
            int k = 0;
            while (k < order.length) {
                long tpBefore = tp;
                long fpBefore = fp;
                do {
                    int s = order[k];
                    if (s < p) {
                        tp += weight[s];
                    } else {
                        fp += weight[s];
                    }
                    k++;
                } while (k < order.length && !starts[k]);
                twiceArea += (double) (fp - fpBefore) * (tp + tpBefore);
                double fpr = (double) fp / n;
                double tpr = (double) tp / p;
                if (fpr <= 0.01) {
                    best1 = tpr;
                }
                if (fpr <= 0.001) {
                    best01 = tpr;
                }
            }
            auc[r] = twiceArea / 2 / ((double) p * n);
            tpr1[r] = best1;
            tpr01[r] = best01;
        }
        return new BootstrapIntervals(interval(auc, level), interval(tpr1, level), interval(tpr01, level), level,
                resamples, 0.01 * n, 0.001 * n);
    }

    /** The intervals at the default level and resample count. */
    public static BootstrapIntervals of(double[] members, double[] nonMembers, long seed) {
        return of(members, nonMembers, DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    private static Interval interval(double[] values, double level) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new Interval(quantile(sorted, tail), quantile(sorted, 1 - tail));
    }

    /** The {@code q} quantile of sorted values, interpolated linearly (NumPy's default). */
    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Whether 0.1% of the non-members is less than one: TPR there is the TPR at no false positive at all. */
    public boolean tprAt01pctFprUnresolved() {
        return nonMembersAt01pctFpr < 1;
    }
}
