package dev.leaklab.core.experiment;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.defense.DefenseSettings;
import dev.leaklab.core.defense.Utility;
import dev.leaklab.core.metrics.BootstrapIntervals;
import java.util.List;

/**
 * One evaluated (attack, feature set, defence setting, attacker) combination.
 *
 * @param attack   the attack
 * @param features the outputs it reads
 * @param role     {@code undefended}, {@code defended} (the experiment's setting), {@code averaged} (the
 *                 attacker averages repeated queries) or {@code sweep}
 * @param defense  the defence, {@code null} when undefended
 * @param adaptive whether the attacker trained on defended shadow outputs
 * @param queries  queries averaged (1 unless averaged)
 * @param metrics  the attack's metrics on target members vs non-members
 * @param utility  the target's utility on its non-members under the defence
 * @param slices   the same metrics by true label, CWE and length (undefended results only)
 * @param intervals bootstrap confidence intervals of the AUC and the TPRs at low FPR; {@code null} for the
 *                  sweep's rows, which show a trend, not a figure to quote
 * @param referenceModels LiRA's or RMIA's reference models, {@code null} for the other attacks: one run may hold
 *                  the same attack at several k
 */
public record AttackResult(AttackKind attack, FeatureSet features, String role, DefenseSettings defense,
                           boolean adaptive, int queries, AttackMetrics metrics, Utility utility, List<Slice> slices,
                           BootstrapIntervals intervals, Integer referenceModels) {

    /** A result of an attack without reference models. */
    public AttackResult(AttackKind attack, FeatureSet features, String role, DefenseSettings defense,
                        boolean adaptive, int queries, AttackMetrics metrics, Utility utility, List<Slice> slices,
                        BootstrapIntervals intervals) {
        this(attack, features, role, defense, adaptive, queries, metrics, utility, slices, intervals, null);
    }

    /** The same result, of the attack with {@code k} reference models. */
    public AttackResult withReferenceModels(Integer k) {
        return new AttackResult(attack, features, role, defense, adaptive, queries, metrics, utility, slices, intervals,
                k);
    }

    /**
     * Why this result reads below chance, when its whole AUC interval lies below 0.5: the attack ranks the target's
     * members below its non-members, so what it learnt on the shadow models does not carry over to the target,
     * and its AUC says nothing about privacy. Empty otherwise, or without an interval.
     */
    public java.util.Optional<String> belowChance() {
        return belowChance(attackName(), features, metrics.auc(), intervals);
    }

    /** As {@link #belowChance()}, for an attack's name, outputs, AUC and intervals. */
    public static java.util.Optional<String> belowChance(String attack, FeatureSet features, double auc,
                                                         dev.leaklab.core.metrics.BootstrapIntervals ci) {
        if (ci == null || ci.auc().high() >= 0.5) {
            return java.util.Optional.empty();
        }
        // why: two models trained apart lay out their representations differently, so a rule learnt on the shadow
        // model's embeddings need not carry over to the target's, and may carry over reversed
        String why = features.has(dev.leaklab.core.attack.Feature.EMBEDDING)
                ? ": a rule learnt on the shadow model's embeddings need not hold for the target's, since two models "
                + "trained apart lay out their embeddings differently"
                : ": what it learnt on the shadow models holds the other way round on this target";
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "%s on %s ranks the target's members "
                + "below its non-members (AUC %.3f, interval %.3f to %.3f)%s; its AUC says the attack does not carry "
                + "over, not that the model is private", attack, features.name(), auc, ci.auc().low(), ci.auc().high(),
                why));
    }

    /** The attack's name with its reference models: {@code rmia-offline k=16}, or just {@code loss-threshold}. */
    public String attackName() {
        return referenceModels == null ? attack.id() : attack.id() + " k=" + referenceModels;
    }

    /** A result without intervals. */
    public AttackResult(AttackKind attack, FeatureSet features, String role, DefenseSettings defense,
                        boolean adaptive, int queries, AttackMetrics metrics, Utility utility, List<Slice> slices) {
        this(attack, features, role, defense, adaptive, queries, metrics, utility, slices, null);
    }

    /**
     * The attack's metrics on one slice of the target's samples.
     *
     * @param by         {@code label}, {@code cwe} or {@code length}
     * @param value      the slice, e.g. {@code 1}, {@code CWE-119}, {@code 51-100}
     * @param members    target members in it
     * @param nonMembers target non-members in it
     * @param auc        the attack's AUC on it
     * @param tprAt1pctFpr  TPR at 1% FPR
     * @param advantage  max(TPR - FPR)
     */
    public record Slice(String by, String value, int members, int nonMembers, double auc, double tprAt1pctFpr,
                        double advantage) {
    }

    /** Keeps an unmodifiable copy of the slices. */
    public AttackResult {
        slices = slices == null ? List.of() : List.copyOf(slices);
    }

    /** The sigma of the defence, 0 when undefended. */
    public double sigma() {
        return defense == null ? 0 : defense.sigma();
    }
}
