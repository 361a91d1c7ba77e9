package dev.leaklab.core.attack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The label-only attack (Choquette-Choo et al., "Label-Only Membership Inference Attacks", ICML 2021): it reads
 * nothing but the predicted label, which output masking and label-preserving noise leave untouched, so it is
 * the attack that breaks confidence-masking defences. A model that trained on a sample tends to keep labelling
 * it right under small meaning-preserving changes; one that did not, less so. The score of a sample is the
 * share of its queries answered with its true label: the sample itself and its variants
 * ({@link dev.leaklab.core.code.CodeVariants}). The member threshold is chosen on the shadow models' members and
 * non-members and their variants.
 *
 * <p>The variants' outputs are grouped by sample: rows {@code i·v} to {@code i·v + v − 1} of a variants
 * {@link Released} belong to candidate {@code i} of the matching candidates.
 */
public final class LabelOnly implements TrainedAttack {

    /** Variants a sample is queried with unless the experiment says otherwise. */
    public static final int DEFAULT_VARIANTS = 16;
    /** The most variants an experiment may ask for. */
    public static final int MAX_VARIANTS = 256;

    private final Released shadowIn;
    private final Released shadowOut;
    private final Released shadowVariants;
    private final Map<String, Integer> shadowIndex;
    private final Released targetVariants;
    private final Map<String, Integer> targetIndex;
    private final int variants;
    private final double threshold;

    private LabelOnly(Released shadowIn, Released shadowOut, Released shadowVariants, Map<String, Integer> shadowIndex,
                      Released targetVariants, Map<String, Integer> targetIndex, int variants, double threshold) {
        this.shadowIn = shadowIn;
        this.shadowOut = shadowOut;
        this.shadowVariants = shadowVariants;
        this.shadowIndex = shadowIndex;
        this.targetVariants = targetVariants;
        this.targetIndex = targetIndex;
        this.variants = variants;
        this.threshold = threshold;
    }

    /**
     * Fits the threshold on the shadow models' answers.
     *
     * @param shadowIn         the shadow models' outputs on their members
     * @param shadowOut        on their non-members
     * @param shadowVariants   their outputs on the variants of shadowIn's samples then shadowOut's, grouped
     * @param targetCandidates the target's candidates (members first), in the order of {@code targetVariants}
     * @param targetVariants   the target's clean outputs on the candidates' variants, grouped
     * @param variants         variants a sample
     */
    public static LabelOnly fit(Released shadowIn, Released shadowOut, Released shadowVariants,
                                List<String> targetCandidates, Released targetVariants, int variants) {
        if (variants < 1) {
            throw new IllegalArgumentException("variants must be at least 1, was " + variants);
        }
        List<String> shadowIds = new java.util.ArrayList<>(shadowIn.ids());
        shadowIds.addAll(shadowOut.ids());
        Map<String, Integer> shadowIndex = index(shadowIds, shadowVariants, variants, "shadow");
        Map<String, Integer> targetIndex = index(targetCandidates, targetVariants, variants, "target");
        double t = bestThreshold(shadowIn, shadowOut, shadowVariants, shadowIndex, variants);
        return new LabelOnly(shadowIn, shadowOut, shadowVariants, shadowIndex, targetVariants, targetIndex, variants, t);
    }

    private static Map<String, Integer> index(List<String> ids, Released variantsOf, int variants, String whose) {
        if (variantsOf.size() != (long) ids.size() * variants) {
            throw new IllegalArgumentException("the " + whose + " variants hold " + variantsOf.size() + " rows, not "
                    + ids.size() + " samples × " + variants);
        }
        Map<String, Integer> index = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i * variants);
        }
        return index;
    }

    private static double bestThreshold(Released in, Released out, Released variantsOf, Map<String, Integer> index,
                                        int variants) {
        return AttackMetrics.bestThreshold(scores(in, variantsOf, index, variants),
                scores(out, variantsOf, index, variants));
    }

    /** The target's clean outputs on its candidates' variants, grouped by candidate. */
    public Released targetVariants() {
        return targetVariants;
    }

    /** Variants a sample. */
    public int variants() {
        return variants;
    }

    @Override
    public AttackKind kind() {
        return AttackKind.LABEL_ONLY;
    }

    @Override
    public FeatureSet features() {
        return AttackKind.LABEL_ONLY.fixedFeatures();
    }

    @Override
    public double threshold() {
        return threshold;
    }

    /** Scores target candidates against the target's clean answers on their variants. */
    @Override
    public double[] score(Released released) {
        return score(released, targetVariants);
    }

    /**
     * Scores target candidates given the answers the (defended) target released on their variants.
     *
     * @param releasedVariants the target's released outputs on the variants, in {@link #targetVariants()}'s order
     */
    public double[] score(Released released, Released releasedVariants) {
        if (releasedVariants.size() != targetVariants.size()) {
            throw new IllegalArgumentException("released variants hold " + releasedVariants.size() + " rows, not "
                    + targetVariants.size());
        }
        return scores(released, releasedVariants, targetIndex, variants);
    }

    /**
     * The adaptive attacker: the same attack with its threshold chosen again on the shadow models' answers
     * released through the defence.
     *
     * @param defendedIn  the shadow models' members as the defence releases them
     * @param defendedOut their non-members
     * @param defence     the defence, applied to the shadow models' variants
     */
    public LabelOnly recalibrated(Released defendedIn, Released defendedOut, UnaryOperator<Released> defence) {
        return new LabelOnly(shadowIn, shadowOut, shadowVariants, shadowIndex, targetVariants, targetIndex, variants,
                bestThreshold(defendedIn, defendedOut, defence.apply(shadowVariants), shadowIndex, variants));
    }

    /**
     * The label most of {@code answers} gave each sample (the first answer's on a tie): what an attacker who asks
     * each query several times keeps. The other outputs are the first answer's.
     */
    public static Released voted(List<Released> answers) {
        Released first = answers.get(0);
        int n = first.size();
        int[] ones = new int[n];
        for (Released r : answers) {
            if (r.size() != n) {
                throw new IllegalArgumentException("answers disagree in size");
            }
            int[] p = r.predicted();
            for (int i = 0; i < n; i++) {
                ones[i] += p[i];
            }
        }
        int[] predicted = new int[n];
        int q = answers.size();
        for (int i = 0; i < n; i++) {
            predicted[i] = 2 * ones[i] > q ? 1 : 2 * ones[i] < q ? 0 : first.predicted()[i];
        }
        return new Released(first.ids(), first.labels(), predicted, first.logits(), first.confidence(), first.loss(),
                first.embeddings(), first.embeddingSize(), first.withheld());
    }

    private static double[] scores(Released of, Released variantsOf, Map<String, Integer> index, int variants) {
        int n = of.size();
        double[] s = new double[n];
        int[] labels = of.labels();
        int[] predicted = of.predicted();
        int[] variantPredicted = variantsOf.predicted();
        for (int k = 0; k < n; k++) {
            Integer at = index.get(of.ids().get(k));
            if (at == null) {
                throw new IllegalArgumentException("sample " + of.ids().get(k) + " has no variants");
            }
            int right = predicted[k] == labels[k] ? 1 : 0;
            for (int v = 0; v < variants; v++) {
                if (variantPredicted[at + v] == labels[k]) {
                    right++;
                }
            }
            s[k] = right / (double) (variants + 1);
        }
        return s;
    }

    @Override
    public String toString() {
        return "LabelOnly[variants=" + variants + ", threshold=" + threshold + "]";
    }
}
