package dev.leaklab.core.metrics;

import java.util.Objects;

/**
 * The utility of a vulnerability-prediction model on one labelled subset (usually its held-out test set):
 * threshold metrics from the {@link ConfusionMatrix} and the threshold-free ROC AUC from the scores. Leakage
 * is only meaningful next to utility, so every trained model reports one of these.
 *
 * <p>Zero denominators give 0, as in {@link ConfusionMatrix}. The AUC is NaN when the subset holds only one
 * class, since no ranking of positives above negatives exists; {@link #hasAuc()} tells, and nothing else is
 * affected.
 *
 * @param accuracy  {@link ConfusionMatrix#accuracy()}
 * @param precision {@link ConfusionMatrix#precision()}
 * @param recall    {@link ConfusionMatrix#recall()}
 * @param f1        {@link ConfusionMatrix#f1()}
 * @param auc       {@link RocCurve#auc()} of the scores, or NaN when only one class is present
 * @param confusion the counts the four ratios come from
 * @param samples   the number of samples, equal to {@code confusion.total()}
 */
public record ClassificationMetrics(double accuracy, double precision, double recall, double f1, double auc,
                                    ConfusionMatrix confusion, int samples) {

    /** The threshold {@link #ofProbabilities(float[], int[])} applies to P(vulnerable). */
    public static final double PROBABILITY_THRESHOLD = 0.5;

    /**
     * Checks that {@code samples} matches the confusion matrix and that the ratios lie in [0, 1] (the AUC may
     * also be NaN).
     *
     * @throws IllegalArgumentException when they do not
     */
    public ClassificationMetrics {
        Objects.requireNonNull(confusion, "confusion");
        if (samples != confusion.total()) {
            throw new IllegalArgumentException("samples (" + samples + ") differs from the confusion total ("
                    + confusion.total() + ")");
        }
        requireRate("accuracy", accuracy);
        requireRate("precision", precision);
        requireRate("recall", recall);
        requireRate("f1", f1);
        if (!Double.isNaN(auc)) {
            requireRate("auc", auc);
        }
    }

    /**
     * Metrics of scores against true labels, predicting vulnerable when {@code score >= threshold}.
     *
     * @param positiveScores one finite score per sample, higher meaning more likely vulnerable
     * @param actual         the true label of each sample, 0 or 1 (1 = vulnerable)
     * @param threshold      the decision threshold, not NaN
     * @return the metrics; the AUC is NaN when {@code actual} holds only one class
     * @throws IllegalArgumentException when the arrays differ in length or are empty, a score is NaN or
     *                                  infinite, a label is not 0 or 1, or the threshold is NaN
     */
    public static ClassificationMetrics of(double[] positiveScores, int[] actual, double threshold) {
        // why: check the scores even when the AUC is skipped, so a NaN never passes as a negative prediction
        MetricInputs.requireFiniteScores(positiveScores);
        MetricInputs.requireBinaryLabels("actual", actual);
        MetricInputs.requireSameLength(positiveScores.length, actual.length);
        MetricInputs.requireSamples(actual.length);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        boolean[] positives = new boolean[actual.length];
        for (int i = 0; i < actual.length; i++) {
            positives[i] = actual[i] == 1;
            boolean predicted = positiveScores[i] >= threshold;
            if (predicted) {
                if (positives[i]) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (positives[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        ConfusionMatrix confusion = new ConfusionMatrix(tp, fp, tn, fn);
        boolean bothClasses = confusion.actualPositives() > 0 && confusion.actualNegatives() > 0;
        double auc = bothClasses ? RocCurve.of(positiveScores, positives).auc() : Double.NaN;
        return of(confusion, auc);
    }

    /**
     * Metrics of a model's P(vulnerable) against true labels, predicting vulnerable when the probability is
     * at least {@value #PROBABILITY_THRESHOLD}.
     *
     * <p>A probability of exactly 0.5 counts as vulnerable. That differs from taking the arg-max of a
     * two-way softmax, which picks class 0 on an exact tie; the difference is at most the samples scored
     * exactly 0.5.
     *
     * @param pVulnerable one probability per sample, in [0, 1]
     * @param actual      the true label of each sample, 0 or 1 (1 = vulnerable)
     * @return the metrics; the AUC (from the probabilities) is NaN when {@code actual} holds only one class
     * @throws IllegalArgumentException as {@link #of(double[], int[], double)}, or when a probability is NaN
     *                                  or outside [0, 1]
     */
    public static ClassificationMetrics ofProbabilities(float[] pVulnerable, int[] actual) {
        Objects.requireNonNull(pVulnerable, "pVulnerable");
        double[] scores = new double[pVulnerable.length];
        for (int i = 0; i < pVulnerable.length; i++) {
            float p = pVulnerable[i];
            if (Float.isNaN(p)) {
                throw new IllegalArgumentException("probability " + i + " is NaN");
            }
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("probability " + i + " is " + p + ", outside [0, 1]");
            }
            scores[i] = p;
        }
        return of(scores, actual, PROBABILITY_THRESHOLD);
    }

    /**
     * Metrics from a confusion matrix and an AUC computed elsewhere.
     *
     * @param confusion the counts
     * @param auc       the AUC in [0, 1], or NaN when it is undefined
     * @return the metrics
     */
    public static ClassificationMetrics of(ConfusionMatrix confusion, double auc) {
        Objects.requireNonNull(confusion, "confusion");
        return new ClassificationMetrics(confusion.accuracy(), confusion.precision(), confusion.recall(),
                confusion.f1(), auc, confusion, confusion.total());
    }

    /** Whether the AUC is defined, that is, whether the subset held both classes. */
    public boolean hasAuc() {
        return !Double.isNaN(auc);
    }

    /** {@link ConfusionMatrix#specificity()}. */
    public double specificity() {
        return confusion.specificity();
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]; got " + value);
        }
    }
}
