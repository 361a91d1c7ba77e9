package dev.leaklab.core.attack;

import dev.leaklab.core.metrics.ConfusionMatrix;
import dev.leaklab.core.metrics.RocCurve;

/**
 * How well an attack tells members from non-members: its ROC over the member and non-member scores, and the
 * classification metrics at the threshold chosen on shadow data (members are the positive class).
 *
 * @param roc           the ROC curve
 * @param auc           area under it
 * @param tprAt1pctFpr  true-positive rate at 1% false positives
 * @param tprAt01pctFpr at 0.1%
 * @param advantage     max(TPR - FPR)
 * @param threshold     the decision threshold (score at or above: member)
 * @param accuracy      at the threshold
 * @param precision     at the threshold
 * @param recall        at the threshold
 * @param f1            at the threshold
 */
public record AttackMetrics(RocCurve roc, double auc, double tprAt1pctFpr, double tprAt01pctFpr, double advantage,
                            double threshold, double accuracy, double precision, double recall, double f1) {

    /**
     * The metrics of member and non-member scores at {@code threshold}.
     *
     * @throws IllegalArgumentException when a side is empty or a score is NaN or infinite
     */
    public static AttackMetrics of(double[] members, double[] nonMembers, double threshold) {
        if (members.length == 0 || nonMembers.length == 0) {
            throw new IllegalArgumentException("attack metrics need members and non-members; had " + members.length
                    + " and " + nonMembers.length);
        }
        double[] scores = new double[members.length + nonMembers.length];
        boolean[] positives = new boolean[scores.length];
        System.arraycopy(members, 0, scores, 0, members.length);
        System.arraycopy(nonMembers, 0, scores, members.length, nonMembers.length);
        java.util.Arrays.fill(positives, 0, members.length, true);
        return of(scores, positives, threshold);
    }

    /** The metrics of scores with their membership at {@code threshold}. */
    public static AttackMetrics of(double[] scores, boolean[] members, double threshold) {
        RocCurve roc = RocCurve.of(scores, members);
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean hit = scores[i] >= threshold;
            if (members[i]) {
                if (hit) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (hit) {
                fp++;
            } else {
                tn++;
            }
        }
        ConfusionMatrix c = new ConfusionMatrix(tp, fp, tn, fn);
        return new AttackMetrics(roc, roc.auc(), roc.tprAtFpr(0.01), roc.tprAtFpr(0.001), roc.advantage(), threshold,
                c.accuracy(), c.precision(), c.recall(), c.f1());
    }

    /**
     * The threshold with the best accuracy on member and non-member scores (the attacker's shadow data): a
     * score at or above it means member. Ties go to the higher threshold.
     */
    public static double bestThreshold(double[] members, double[] nonMembers) {
        double[] scores = new double[members.length + nonMembers.length];
        boolean[] positives = new boolean[scores.length];
        System.arraycopy(members, 0, scores, 0, members.length);
        System.arraycopy(nonMembers, 0, scores, members.length, nonMembers.length);
        java.util.Arrays.fill(positives, 0, members.length, true);
        RocCurve roc = RocCurve.of(scores, positives);
        double[] fpr = roc.fpr();
        double[] tpr = roc.tpr();
        double[] thresholds = roc.thresholds();
        double best = -1;
        double bestThreshold = thresholds.length > 1 ? thresholds[1] : 0;
        for (int k = 1; k < thresholds.length; k++) {
            double correct = tpr[k] * members.length + (1 - fpr[k]) * nonMembers.length;
            if (correct > best) {
                best = correct;
                bestThreshold = thresholds[k];
            }
        }
        return bestThreshold;
    }
}
