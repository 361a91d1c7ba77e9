package dev.leaklab.core.metrics;

/**
 * The four counts of a binary classifier's predictions against the truth, with class 1 (vulnerable) as the
 * positive class.
 *
 * <p>Every ratio whose denominator is zero is 0, as scikit-learn computes it with {@code zero_division=0}:
 * precision with no predicted positives, recall with no actual positives, specificity with no actual
 * negatives, F1 when there are no true positives (so precision + recall is 0 or undefined), and accuracy of
 * an empty matrix. A degenerate split therefore reports 0 instead of NaN; check {@link #actualPositives()}
 * and {@link #predictedPositives()} when that distinction matters.
 *
 * @param truePositives  vulnerable samples predicted vulnerable
 * @param falsePositives non-vulnerable samples predicted vulnerable
 * @param trueNegatives  non-vulnerable samples predicted non-vulnerable
 * @param falseNegatives vulnerable samples predicted non-vulnerable
 */
public record ConfusionMatrix(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    /**
     * Checks that the counts are non-negative and that their sum fits an {@code int}.
     *
     * @throws IllegalArgumentException when they are not
     */
    public ConfusionMatrix {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("confusion counts must not be negative; got TP " + truePositives
                    + ", FP " + falsePositives + ", TN " + trueNegatives + ", FN " + falseNegatives);
        }
        long total = (long) truePositives + falsePositives + trueNegatives + falseNegatives;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("confusion counts sum to " + total + ", more than "
                    + Integer.MAX_VALUE);
        }
    }

    /**
     * Counts predictions against the truth.
     *
     * @param predicted the predicted label of each sample, 0 or 1
     * @param actual    the true label of each sample, 0 or 1 (1 = vulnerable)
     * @return the counts
     * @throws IllegalArgumentException when the arrays differ in length or hold a label other than 0 or 1
     */
    public static ConfusionMatrix of(int[] predicted, int[] actual) {
        MetricInputs.requireBinaryLabels("predicted", predicted);
        MetricInputs.requireBinaryLabels("actual", actual);
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("predicted and actual labels differ in length: "
                    + predicted.length + " predicted, " + actual.length + " actual");
        }
        int[] counts = new int[4];
        for (int i = 0; i < actual.length; i++) {
            // why: index = 2 * predicted + actual, so TN, FN, FP, TP in that order
            counts[2 * predicted[i] + actual[i]]++;
        }
        return new ConfusionMatrix(counts[3], counts[2], counts[0], counts[1]);
    }

    /** The number of samples counted. */
    public int total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** The number of vulnerable samples, {@code TP + FN}. */
    public int actualPositives() {
        return truePositives + falseNegatives;
    }

    /** The number of non-vulnerable samples, {@code TN + FP}. */
    public int actualNegatives() {
        return trueNegatives + falsePositives;
    }

    /** The number of samples predicted vulnerable, {@code TP + FP}. */
    public int predictedPositives() {
        return truePositives + falsePositives;
    }

    /** {@code (TP + TN) / total}; 0 for an empty matrix. */
    public double accuracy() {
        return ratio((long) truePositives + trueNegatives, total());
    }

    /** {@code TP / (TP + FP)}: how many flagged samples are vulnerable; 0 when nothing is flagged. */
    public double precision() {
        return ratio(truePositives, predictedPositives());
    }

    /** {@code TP / (TP + FN)}: how many vulnerable samples are flagged; 0 when none is vulnerable. */
    public double recall() {
        return ratio(truePositives, actualPositives());
    }

    /** {@code TN / (TN + FP)}: how many safe samples pass unflagged; 0 when none is safe. */
    public double specificity() {
        return ratio(trueNegatives, actualNegatives());
    }

    /**
     * The harmonic mean of precision and recall, {@code 2TP / (2TP + FP + FN)}; 0 when there is no true
     * positive. Computed from the counts, which equals {@code 2PR / (P + R)} whenever that is defined and
     * avoids rounding the two ratios first.
     */
    public double f1() {
        return ratio(2L * truePositives, 2L * truePositives + falsePositives + falseNegatives);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** The counts in the usual reading order. */
    @Override
    public String toString() {
        return "ConfusionMatrix[TP=" + truePositives + ", FP=" + falsePositives + ", TN=" + trueNegatives
                + ", FN=" + falseNegatives + "]";
    }
}
