package dev.leaklab.core.defense;

import dev.leaklab.core.attack.Released;
import dev.leaklab.core.metrics.ConfusionMatrix;

/**
 * How useful the defended model still is on a subset: its released predictions against the true labels
 * (vulnerable is the positive class), and how often a prediction differs from the undefended model's.
 *
 * @param accuracy      fraction predicted right
 * @param precision     of the vulnerable predictions
 * @param recall        of the vulnerable samples
 * @param f1            harmonic mean of precision and recall
 * @param labelFlipRate fraction whose released prediction differs from the clean one
 */
public record Utility(double accuracy, double precision, double recall, double f1, double labelFlipRate) {

    /** The utility of {@code released} predictions against their labels and the {@code clean} predictions. */
    public static Utility of(Released released, Released clean) {
        return of(released.labels(), released.predicted(), clean.predicted(), 0, released.size());
    }

    /** The utility over samples {@code from} (inclusive) to {@code to} (exclusive) of the given arrays. */
    public static Utility of(int[] labels, int[] predicted, int[] original, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("utility needs at least one sample");
        }
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        int flips = 0;
        for (int i = from; i < to; i++) {
            if (predicted[i] != original[i]) {
                flips++;
            }
            if (predicted[i] == 1) {
                if (labels[i] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (labels[i] == 1) {
                fn++;
            } else {
                tn++;
            }
        }
        ConfusionMatrix c = new ConfusionMatrix(tp, fp, tn, fn);
        return new Utility(c.accuracy(), c.precision(), c.recall(), c.f1(), (double) flips / (to - from));
    }
}
