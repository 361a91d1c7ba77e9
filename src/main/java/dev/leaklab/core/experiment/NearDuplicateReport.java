package dev.leaklab.core.experiment;

import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.data.NearDuplicates;
import dev.leaklab.core.data.NormalizedSample;
import java.util.List;

/**
 * How much of a leak is duplicated code: the member / non-member pairs of the target that are near-duplicates
 * (MinHash over token shingles, {@link NearDuplicates}), and the strongest attack's AUC on all of the target's
 * samples against its AUC once every sample with a near-duplicate on the other side is left out. An attack
 * that mostly recognises code it has seen a copy of loses its edge without them.
 *
 * @param threshold         the Jaccard similarity at which a pair counts
 * @param pairs             member / non-member pairs at or above it
 * @param members           members with a near-duplicate non-member
 * @param nonMembers        non-members with a near-duplicate member
 * @param auc               the strongest attack's undefended AUC on all of the target's samples
 * @param aucWithout        its AUC without the samples that have one, or NaN when a side is left empty
 * @param membersLeft       members left for {@code aucWithout}
 * @param nonMembersLeft    non-members left
 */
public record NearDuplicateReport(double threshold, long pairs, int members, int nonMembers, double auc,
                                  double aucWithout, int membersLeft, int nonMembersLeft) {

    /** One line for people: the pairs, who has one, and the strongest attack with and without them. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "near-duplicates (Jaccard >= %.2f): %,d member / non-member "
                + "pairs; %,d members and %,d non-members have one; the strongest attack's AUC %.3f on all, %s "
                + "without them (%,d members, %,d non-members left)", threshold, pairs, members, nonMembers, auc,
                Double.isNaN(aucWithout) ? "none" : String.format(java.util.Locale.ROOT, "%.3f", aucWithout),
                membersLeft, nonMembersLeft);
    }

    /**
     * The report over the target's samples (members first) and the strongest attack's scores on them.
     *
     * @return the report, or {@code null} when the samples' code is not known (an audit from an outputs file)
     */
    static NearDuplicateReport of(List<NormalizedSample> samples, int members, double[] memberScores,
                                  double[] nonMemberScores, double threshold) {
        if (samples.stream().allMatch(s -> s.tokens().isEmpty())) {
            return null;
        }
        int[] side = new int[samples.size()];
        for (int i = members; i < side.length; i++) {
            side[i] = 1;
        }
        boolean[] flagged = new boolean[samples.size()];
        long[] pairs = {0};
        NearDuplicates.of(samples, threshold).pairs(side, true, (a, b) -> {
            pairs[0]++;
            flagged[a] = true;
            flagged[b] = true;
        });
        int flaggedMembers = 0;
        int flaggedNonMembers = 0;
        for (int i = 0; i < flagged.length; i++) {
            if (flagged[i]) {
                if (i < members) {
                    flaggedMembers++;
                } else {
                    flaggedNonMembers++;
                }
            }
        }
        double[] in = new double[members - flaggedMembers];
        double[] out = new double[samples.size() - members - flaggedNonMembers];
        for (int i = 0, x = 0, y = 0; i < flagged.length; i++) {
            if (flagged[i]) {
                continue;
            }
            if (i < members) {
                in[x++] = memberScores[i];
            } else {
                out[y++] = nonMemberScores[i - members];
            }
        }
        double all = AttackMetrics.of(memberScores, nonMemberScores, 0).auc();
        double without = in.length == 0 || out.length == 0 ? Double.NaN : AttackMetrics.of(in, out, 0).auc();
        return new NearDuplicateReport(threshold, pairs[0], flaggedMembers, flaggedNonMembers, all, without,
                in.length, out.length);
    }
}
