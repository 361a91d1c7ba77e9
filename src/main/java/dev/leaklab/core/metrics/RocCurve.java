package dev.leaklab.core.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A receiver operating characteristic curve: for each decision threshold, the false-positive rate and the
 * true-positive rate of the rule "positive when score &gt;= threshold".
 *
 * <p>{@link #of(double[], boolean[])} follows scikit-learn's {@code roc_curve(y, s, drop_intermediate=False)}
 * (and Tribuo's {@code LabelEvaluationUtil.generateROCCurve}) point for point: the first point is (0, 0) with
 * threshold {@code +Infinity}; then there is one point per distinct score, in descending order, so samples
 * that share a score enter together and a tie between the classes draws one diagonal segment; the last
 * point is (1, 1) at the lowest score. {@link #auc()} is the trapezoidal area under these points, which is
 * exactly scikit-learn's {@code roc_auc_score}: a tied positive/negative pair gets half credit, so AUC equals
 * the Mann–Whitney U statistic divided by {@code positives * negatives}.
 *
 * <p>Immutable: the public constructor and the accessors copy the arrays.
 */
public final class RocCurve {

    private final double[] fpr;
    private final double[] tpr;
    private final double[] thresholds;

    /**
     * Copies the arrays and checks that they describe a ROC curve: equal lengths, at least two points, both
     * rates non-decreasing within [0, 1] from (0, 0) to (1, 1), thresholds strictly decreasing.
     *
     * @param fpr        false-positive rates, non-decreasing, from 0 to 1
     * @param tpr        true-positive rates, non-decreasing, from 0 to 1
     * @param thresholds the score threshold of each point, strictly decreasing; a sample is predicted positive
     *                   at a point when its score is at least the threshold
     * @throws IllegalArgumentException when they do not, naming the first offending point
     */
    public RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
        this(Objects.requireNonNull(fpr, "fpr").clone(), Objects.requireNonNull(tpr, "tpr").clone(),
                Objects.requireNonNull(thresholds, "thresholds").clone(), true);
    }

    /**
     * Takes the arrays as they are. Why: {@link #of} builds them exactly sized and valid by construction, and a
     * slider move builds one curve of 20,000 points; copying it again was a third of the move's memory.
     */
    private RocCurve(double[] fpr, double[] tpr, double[] thresholds, boolean check) {
        this.fpr = fpr;
        this.tpr = tpr;
        this.thresholds = thresholds;
        if (check) {
            check();
        }
    }

    private void check() {
        int n = fpr.length;
        if (tpr.length != n || thresholds.length != n) {
            throw new IllegalArgumentException("ROC arrays differ in length: " + n + " fpr, " + tpr.length
                    + " tpr, " + thresholds.length + " thresholds");
        }
        if (n < 2) {
            throw new IllegalArgumentException("a ROC curve needs at least 2 points; got " + n);
        }
        if (fpr[0] != 0 || tpr[0] != 0 || fpr[n - 1] != 1 || tpr[n - 1] != 1) {
            throw new IllegalArgumentException("a ROC curve runs from (0, 0) to (1, 1); got (" + fpr[0] + ", "
                    + tpr[0] + ") to (" + fpr[n - 1] + ", " + tpr[n - 1] + ")");
        }
        for (int i = 1; i < n; i++) {
            // why: written with ! so that NaN fails too
            if (!(fpr[i] >= fpr[i - 1]) || !(tpr[i] >= tpr[i - 1])) {
                throw new IllegalArgumentException("ROC point " + i + " (" + fpr[i] + ", " + tpr[i]
                        + ") goes back from (" + fpr[i - 1] + ", " + tpr[i - 1] + ")");
            }
            if (!(thresholds[i] < thresholds[i - 1])) {
                throw new IllegalArgumentException("ROC threshold " + i + " (" + thresholds[i]
                        + ") is not below the previous one (" + thresholds[i - 1] + ")");
            }
        }
    }

    /**
     * The ROC curve of scores against true classes, as scikit-learn's
     * {@code roc_curve(positives, scores, drop_intermediate=False)} computes it (see the type's description).
     * Runs in {@code O(n log n)} without boxing.
     *
     * @param scores    one score per sample; higher means more likely positive; finite
     * @param positives the true class of each sample ({@code true} = positive)
     * @return the curve, with at most {@code scores.length + 1} points
     * @throws IllegalArgumentException when the arrays differ in length, are empty, a score is NaN or
     *                                  infinite, or only one class is present (no rate can then be computed)
     */
    public static RocCurve of(double[] scores, boolean[] positives) {
        MetricInputs.requireFiniteScores(scores);
        Objects.requireNonNull(positives, "positives");
        MetricInputs.requireSameLength(scores.length, positives.length);
        MetricInputs.requireSamples(scores.length);
        int p = 0;
        for (boolean positive : positives) {
            if (positive) {
                p++;
            }
        }
        int n = scores.length - p;
        if (p == 0 || n == 0) {
            throw new IllegalArgumentException("ROC needs both positives and negatives; all " + scores.length
                    + " are " + (p == 0 ? "negative" : "positive"));
        }
        // why: sorting each class on its own and merging from the top gives the descending sweep with a
        // plain sort of doubles (RadixSort), with no index array to carry along and no boxing; both classes
        // share this thread's working array (positives first), so a slider move allocates only the curve
        double[] sorted = RadixSort.scratch().doubles(scores.length);
        for (int i = 0, a = 0, b = p; i < scores.length; i++) {
            if (positives[i]) {
                sorted[a++] = scores[i];
            } else {
                sorted[b++] = scores[i];
            }
        }
        RadixSort.sort(sorted, 0, p);
        RadixSort.sort(sorted, p, p + n);

        int points = 1 + merge(sorted, p, n, null, null, null);
        double[] fpr = new double[points];
        double[] tpr = new double[points];
        double[] thresholds = new double[points];
        thresholds[0] = Double.POSITIVE_INFINITY;
        merge(sorted, p, n, fpr, tpr, thresholds);
        return new RocCurve(fpr, tpr, thresholds, false);
    }

    /**
     * Merges the two ascending runs {@code sorted[0, p)} (positives) and {@code sorted[p, p + n)} (negatives)
     * from the top, one point per distinct value (by {@code ==}, so -0.0 and 0.0 are one threshold, as in
     * NumPy), and returns how many. With arrays given, writes each point's rates and threshold from index 1;
     * with {@code null}, only counts (so that {@link #of} can size the curve exactly before filling it).
     */
    private static int merge(double[] sorted, int p, int n, double[] fpr, double[] tpr, double[] thresholds) {
        int count = 0;
        int i = p - 1;
        int j = p + n - 1;
        int tp = 0;
        int fp = 0;
        while (i >= 0 || j >= p) {
            double t = i < 0 ? sorted[j] : j < p ? sorted[i] : Math.max(sorted[i], sorted[j]);
            while (i >= 0 && sorted[i] == t) {
                tp++;
                i--;
            }
            while (j >= p && sorted[j] == t) {
                fp++;
                j--;
            }
            count++;
            if (fpr != null) {
                // why: divide the counts (as sklearn divides by fps[-1]) so that k/N is the correctly rounded
                // rate and the last point is exactly (1, 1)
                fpr[count] = (double) fp / n;
                tpr[count] = (double) tp / p;
                thresholds[count] = t;
            }
        }
        return count;
    }

    /** A copy of the false-positive rates. */
    public double[] fpr() {
        return fpr.clone();
    }

    /** A copy of the true-positive rates. */
    public double[] tpr() {
        return tpr.clone();
    }

    /** A copy of the thresholds; the first is {@code +Infinity} for a curve built by {@link #of}. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** The number of points. */
    public int size() {
        return fpr.length;
    }

    /** The false-positive rate of point {@code k}, without copying the curve. */
    public double fprAt(int k) {
        return fpr[k];
    }

    /** The true-positive rate of point {@code k}, without copying the curve. */
    public double tprAt(int k) {
        return tpr[k];
    }

    /**
     * The area under the curve by the trapezoidal rule, as scikit-learn's {@code roc_auc_score}: 0.5 for a
     * score that does not separate the classes, 1 for a perfect one, 0 for a perfectly inverted one; a tie
     * between a positive and a negative counts half.
     */
    public double auc() {
        double twiceArea = 0;
        for (int k = 1; k < fpr.length; k++) {
            twiceArea += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]);
        }
        return twiceArea / 2;
    }

    /**
     * The highest true-positive rate among the points whose false-positive rate is at most {@code maxFpr}:
     * the "TPR at 1% FPR" that Carlini et al. (2022, "Membership Inference Attacks From First Principles")
     * report for membership attacks, where what matters is confident hits at a low false-alarm rate.
     *
     * <p>No interpolation: only thresholds that exist are used, so the value is what an attacker could
     * achieve with one real threshold, and on a tie that crosses {@code maxFpr} the whole tied step is left
     * out.
     *
     * @param maxFpr the false-positive budget, in [0, 1]
     * @return the TPR, 0 when no threshold keeps within the budget except the trivial one at +Infinity
     * @throws IllegalArgumentException when {@code maxFpr} is outside [0, 1] or NaN
     */
    public double tprAtFpr(double maxFpr) {
        if (!(maxFpr >= 0 && maxFpr <= 1)) {
            throw new IllegalArgumentException("maximum FPR must be in [0, 1]; got " + maxFpr);
        }
        double best = 0;
        // why: both rates are non-decreasing, so the last point within budget has the highest TPR
        for (int k = 0; k < fpr.length && fpr[k] <= maxFpr; k++) {
            best = tpr[k];
        }
        return best;
    }

    /**
     * The membership advantage {@code max(TPR - FPR)} over the points (Yeom et al., 2018, "Privacy Risk in
     * Machine Learning: Analyzing the Connection to Overfitting"): the best balanced accuracy gain of any one
     * threshold over guessing, scaled to [0, 1]. Never negative, since (0, 0) is a point.
     */
    public double advantage() {
        double best = 0;
        for (int k = 0; k < fpr.length; k++) {
            best = Math.max(best, tpr[k] - fpr[k]);
        }
        return best;
    }

    /**
     * A curve of at most {@code maxPoints} points that looks like this one, <b>for display only</b>: a chart
     * of 20,000 points is slow to draw and no better to read. The first and last points are always kept;
     * the others are chosen greedily where the curve departs most from the line drawn so far
     * (Ramer–Douglas–Peucker with a point budget), so corners survive and long straight runs collapse. Each
     * kept point keeps its threshold.
     *
     * <p>Do not report {@link #auc()}, {@link #tprAtFpr(double)} or {@link #advantage()} of a thinned curve:
     * they are close but not exact. Compute metrics on the full curve.
     *
     * @param maxPoints the most points to keep, at least 2
     * @return this curve when it already has at most {@code maxPoints} points, otherwise a thinned copy
     * @throws IllegalArgumentException when {@code maxPoints < 2}
     */
    public RocCurve thinned(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a thinned ROC curve needs at least 2 points; asked for "
                    + maxPoints);
        }
        int n = fpr.length;
        if (n <= maxPoints) {
            return this;
        }
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[n - 1] = true;
        int kept = 2;
        // why: a stable order among equal deviations keeps the output deterministic
        PriorityQueue<Split> queue = new PriorityQueue<>(Comparator.comparingDouble(Split::deviation)
                .reversed().thenComparingInt(Split::at));
        offer(queue, 0, n - 1);
        while (kept < maxPoints && !queue.isEmpty()) {
            Split s = queue.poll();
            keep[s.at()] = true;
            kept++;
            offer(queue, s.from(), s.at());
            offer(queue, s.at(), s.to());
        }
        double[] f = new double[kept];
        double[] t = new double[kept];
        double[] th = new double[kept];
        for (int k = 0, m = 0; k < n; k++) {
            if (keep[k]) {
                f[m] = fpr[k];
                t[m] = tpr[k];
                th[m] = thresholds[k];
                m++;
            }
        }
        return new RocCurve(f, t, th);
    }

    /** The point between {@code from} and {@code to} (exclusive) farthest from their chord. */
    private record Split(int from, int to, int at, double deviation) {
    }

    private void offer(PriorityQueue<Split> queue, int from, int to) {
        if (to - from < 2) {
            return;
        }
        double x0 = fpr[from];
        double y0 = tpr[from];
        double dx = fpr[to] - x0;
        double dy = tpr[to] - y0;
        double length = Math.hypot(dx, dy);
        int at = -1;
        double worst = -1;
        for (int k = from + 1; k < to; k++) {
            double ex = fpr[k] - x0;
            double ey = tpr[k] - y0;
            double d = length > 0 ? Math.abs(dx * ey - dy * ex) / length : Math.hypot(ex, ey);
            if (d > worst) {
                worst = d;
                at = k;
            }
        }
        // why: points on the chord add nothing to the picture; dropping them lets a curve thin below the budget
        if (worst > 0) {
            queue.add(new Split(from, to, at, worst));
        }
    }

    /** Equal when all three arrays are equal element by element. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve other && Arrays.equals(fpr, other.fpr) && Arrays.equals(tpr, other.tpr)
                && Arrays.equals(thresholds, other.thresholds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Arrays.hashCode(thresholds);
    }

    /** The size and AUC, and the points when there are few enough to read. */
    @Override
    public String toString() {
        if (fpr.length > 12) {
            return "RocCurve[points=" + fpr.length + ", auc=" + auc() + "]";
        }
        return "RocCurve[fpr=" + Arrays.toString(fpr) + ", tpr=" + Arrays.toString(tpr) + ", thresholds="
                + Arrays.toString(thresholds) + "]";
    }
}
