package dev.leaklab.core.metrics;

import java.util.Objects;

/** Shared argument checks, so that every metric rejects bad input with the same one-line messages. */
final class MetricInputs {

    private MetricInputs() {
    }

    static void requireSameLength(int scores, int labels) {
        if (scores != labels) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores + " scores, "
                    + labels + " labels");
        }
    }

    static void requireSamples(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("no samples: metrics need at least one score and label");
        }
    }

    static void requireFiniteScores(double[] scores) {
        Objects.requireNonNull(scores, "scores");
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            if (Double.isInfinite(s)) {
                throw new IllegalArgumentException("score " + i + " is infinite (" + s + ")");
            }
        }
    }

    static void requireBinaryLabels(String which, int[] labels) {
        Objects.requireNonNull(labels, which);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(which + " label " + i + " is " + labels[i]
                        + "; labels are 0 (not vulnerable) or 1 (vulnerable)");
            }
        }
    }
}
