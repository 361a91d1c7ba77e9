package dev.leaklab.core.defense;

import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.attack.Concat;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.attack.LabelOnly;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.attack.ShadowAttack;
import dev.leaklab.core.attack.ThresholdAttack;
import dev.leaklab.core.attack.TrainedAttack;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.task.CancellationToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates one trained attack against the target under any defence setting, reusing everything that does
 * not change between settings: the clean outputs, the noise draws, and (for a shadow attack that reads
 * embeddings) the first layer's product with the clean embeddings and with their noise. The first layer is
 * linear, so the embedding's part under noise sigma is {@code clean + sigma · noise}: a slider move then costs
 * the small outputs, one hidden layer and a ROC, not a product over every embedding value.
 *
 * <p>Three attackers: non-adaptive (trained on clean shadow outputs), adaptive (the same attack trained further
 * on shadow outputs released through the defence), and one that averages repeated queries.
 *
 * <p>Not thread-safe: one caller at a time (the GUI's evaluation thread, or the run).
 */
public final class DefenseEvaluator {

    /**
     * The result of one setting.
     *
     * @param settings the defence
     * @param adaptive whether the attacker adapted to it
     * @param attack   the attack's metrics on target members vs non-members
     * @param utility  the defended target's utility on its non-members
     * @param scores   the attack's score of each target sample, members first
     */
    public record Evaluation(DefenseSettings settings, boolean adaptive, AttackMetrics attack, Utility utility,
                             double[] scores) {

        /** The attack's member scores (the target's members come first in {@link #scores}). */
        public double[] memberScores(int members) {
            return java.util.Arrays.copyOfRange(scores, 0, members);
        }

        /** The attack's non-member scores. */
        public double[] nonMemberScores(int members) {
            return java.util.Arrays.copyOfRange(scores, members, scores.length);
        }

        /** Equal when every field is, the scores compared value by value. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Evaluation e && adaptive == e.adaptive && settings.equals(e.settings)
                    && attack.equals(e.attack) && utility.equals(e.utility) && java.util.Arrays.equals(scores, e.scores);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(settings, adaptive, attack, utility) * 31 + java.util.Arrays.hashCode(scores);
        }

        @Override
        public String toString() {
            return "Evaluation[settings=" + settings + ", adaptive=" + adaptive + ", attack=" + attack + ", utility="
                    + utility + ", scores=" + scores.length + " values]";
        }
    }

    private static final int CACHED_TABLES = 4;

    private final Released target;
    private final int members;
    private final boolean[] membership;
    private final Released shadowIn;
    private final Released shadowOut;
    private final TrainedAttack attack;
    private final Nmid targetDefense;
    private final Nmid shadowDefense;
    private final int adaptiveEpochs;
    private final Gemm gemm;
    private final float[] cleanEmbeddingPre;
    private final Map<String, NoiseTable> targetNoise = lru();
    private final Map<String, NoiseTable> shadowNoise = lru();
    private final Map<String, float[]> noisePre = lru();

    /**
     * Prepares the evaluation.
     *
     * @param targetIn       clean target outputs on its members
     * @param targetOut      on its non-members
     * @param shadowIn       clean shadow outputs on its members
     * @param shadowOut      on its non-members
     * @param attack         the non-adaptive attack, trained on the clean shadow outputs
     * @param targetDefense  the defence in front of the target (its spread from the target's reference data)
     * @param shadowDefense  the same defence as the attacker emulates it on the shadow model
     * @param adaptiveEpochs epochs the adaptive attacker trains on defended shadow outputs
     */
    public DefenseEvaluator(Released targetIn, Released targetOut, Released shadowIn, Released shadowOut,
                            TrainedAttack attack, Nmid targetDefense, Nmid shadowDefense, int adaptiveEpochs,
                            Gemm gemm) {
        this.target = Concat.of(targetIn, targetOut);
        this.members = targetIn.size();
        this.membership = new boolean[target.size()];
        java.util.Arrays.fill(membership, 0, members, true);
        this.shadowIn = shadowIn;
        this.shadowOut = shadowOut;
        this.attack = Objects.requireNonNull(attack, "attack");
        this.targetDefense = targetDefense;
        this.shadowDefense = shadowDefense;
        if (adaptiveEpochs < 1) {
            throw new IllegalArgumentException("adaptive epochs must be at least 1, was " + adaptiveEpochs);
        }
        this.adaptiveEpochs = adaptiveEpochs;
        this.gemm = gemm;
        this.cleanEmbeddingPre = fastPath()
                ? ((ShadowAttack) attack).embeddingProduct(target.embeddings(), target.size(),
                target.embeddingSize(), null, true, gemm)
                : null;
    }

    private boolean fastPath() {
        return attack instanceof ShadowAttack s && s.features().has(Feature.EMBEDDING);
    }

    /** The clean shadow outputs on the shadow models' members. */
    public Released shadowIn() {
        return shadowIn;
    }

    /** The clean shadow outputs on the shadow models' non-members. */
    public Released shadowOut() {
        return shadowOut;
    }

    /** The clean target outputs, members first. */
    public Released target() {
        return target;
    }

    /** The number of target members (the first samples of {@link #target()}). */
    public int members() {
        return members;
    }

    /** The attack this evaluator runs. */
    public TrainedAttack attack() {
        return attack;
    }

    /**
     * Evaluates one setting.
     *
     * @param adaptive whether the attacker retrains on defended shadow outputs
     */
    public Evaluation evaluate(DefenseSettings settings, boolean adaptive, CancellationToken cancel) {
        if (adaptive) {
            return adaptive(settings, cancel);
        }
        double[] scores;
        Released released;
        NoiseTable noise = settings.isNone() ? null : table(targetNoise, target, settings, 0);
        if (attack instanceof LabelOnly labelOnly) {
            released = targetDefense.release(target, settings, noise, false);
            return result(settings, false, labelOnly.score(released, variantsReleased(labelOnly, settings)),
                    labelOnly.threshold(), released);
        }
        if (cleanEmbeddingPre != null && settings.mask(Feature.EMBEDDING) == Mask.RELEASED) {
            released = targetDefense.release(target, settings, noise, false);
            float se = (float) settings.sigma(Feature.EMBEDDING);
            scores = ((ShadowAttack) attack).scoreWithEmbeddingPart(released, cleanEmbeddingPre, se,
                    se == 0f ? null : noisePre(settings, noise));
        } else {
            released = targetDefense.release(target, settings, noise, true);
            scores = attack.score(released);
        }
        return result(settings, false, scores, attack.threshold(), released);
    }

    /**
     * Evaluates the attacker who sends each query {@code queries} times and averages the released outputs:
     * fresh noise averages away, keyed noise does not.
     */
    public Evaluation evaluateAveraged(DefenseSettings settings, int queries, CancellationToken cancel) {
        if (queries < 1) {
            throw new IllegalArgumentException("queries must be at least 1, was " + queries);
        }
        if (attack instanceof LabelOnly labelOnly) {
            return averagedLabels(labelOnly, settings, queries, cancel);
        }
        Released first = null;
        double[] logits = new double[2 * target.size()];
        double[] confidence = new double[target.size()];
        double[] loss = new double[target.size()];
        double[] emb = new double[target.embeddings().length];
        for (int q = 0; q < queries; q++) {
            cancel.throwIfCancelled();
            // why: the table holds the few outputs' draws only (width 0) and the embeddings are released into
            // the sum a sample at a time; two arrays of every embedding value per query made most of a run's
            // garbage in its defence stage, and each young collection they caused held up the window
            NoiseTable noise = settings.isNone() ? null
                    : NoiseTable.draw(target.ids(), 0, settings.seed(), settings.noise(), q);
            Released r = targetDefense.release(target, settings, noise, false);
            if (first == null) {
                first = r;
            }
            add(logits, r.logits());
            add(confidence, r.confidence());
            add(loss, r.loss());
            targetDefense.addReleasedEmbeddings(target, settings, q, emb);
        }
        Released averaged = new Released(target.ids(), target.labels(), first.predicted(), mean(logits, queries),
                mean(confidence, queries), mean(loss, queries), mean(emb, queries), target.embeddingSize(),
                first.withheld());
        return result(settings, false, attack.score(averaged), attack.threshold(), averaged);
    }

    /** The label-only attacker who asks each query, the sample's and its variants', {@code queries} times. */
    private Evaluation averagedLabels(LabelOnly labelOnly, DefenseSettings settings, int queries,
                                      CancellationToken cancel) {
        java.util.List<Released> answers = new java.util.ArrayList<>(queries);
        java.util.List<Released> variantAnswers = new java.util.ArrayList<>(queries);
        Released variants = labelOnly.targetVariants();
        for (int q = 0; q < queries; q++) {
            cancel.throwIfCancelled();
            answers.add(targetDefense.release(target, settings, draw(target, settings, q), false));
            variantAnswers.add(targetDefense.release(variants, settings, draw(variants, settings, q), false));
        }
        Released voted = LabelOnly.voted(answers);
        return result(settings, false, labelOnly.score(voted, LabelOnly.voted(variantAnswers)),
                labelOnly.threshold(), voted);
    }

    /** The defended target's answers on the label-only attack's variants (the clean ones when undefended). */
    private Released variantsReleased(LabelOnly labelOnly, DefenseSettings settings) {
        Released variants = labelOnly.targetVariants();
        if (settings.isNone()) {
            return variants;
        }
        return targetDefense.release(variants, settings, table(targetNoise, variants, settings, 0), false);
    }

    private Evaluation adaptive(DefenseSettings settings, CancellationToken cancel) {
        NoiseTable inNoise = settings.isNone() ? null : table(shadowNoise, shadowIn, settings, 0);
        NoiseTable outNoise = settings.isNone() ? null : table(shadowNoise, shadowOut, settings, 0);
        Released in = shadowDefense.release(shadowIn, settings, inNoise, true);
        Released out = shadowDefense.release(shadowOut, settings, outNoise, true);
        TrainedAttack adapted;
        if (attack instanceof ShadowAttack s) {
            adapted = s.adapted(in, out, adaptiveEpochs, cancel);
        } else if (attack instanceof ThresholdAttack t) {
            adapted = ThresholdAttack.fit(t.kind(), in, out);
        } else if (attack instanceof LabelOnly labelOnly) {
            // why: the attacker sends its shadow models' samples and variants through the defence and picks its
            // threshold on what comes back
            adapted = labelOnly.recalibrated(in, out, v -> shadowDefense.release(v, settings, draw(v, settings), false));
        } else if (attack instanceof dev.leaklab.core.attack.Recalibrating r) {
            // why: the attacker adds the defence's noise to its own reference models' outputs, as to its shadow
            // model's, and asks the defended target about its population samples
            adapted = r.recalibrated(ref -> shadowDefense.release(ref, settings, draw(ref, settings), true),
                    pop -> targetDefense.release(pop, settings, draw(pop, settings), true));
        } else {
            throw new IllegalStateException(attack.kind().id() + " has no adaptive form");
        }
        NoiseTable noise = settings.isNone() ? null : table(targetNoise, target, settings, 0);
        boolean labelOnly = adapted instanceof LabelOnly;
        Released released = targetDefense.release(target, settings, noise, !labelOnly);
        double[] scores = labelOnly ? ((LabelOnly) adapted).score(released, variantsReleased((LabelOnly) adapted,
                settings)) : adapted.score(released);
        return result(settings, true, scores, adapted.threshold(), released);
    }

    private Evaluation result(DefenseSettings settings, boolean adaptive, double[] scores, double threshold,
                              Released released) {
        AttackMetrics metrics = AttackMetrics.of(scores, membership, threshold);
        Utility utility = Utility.of(target.labels(), released.predicted(), target.predicted(), members,
                target.size());
        return new Evaluation(settings, adaptive, metrics, utility, scores);
    }

    /** The noise of one query of {@code of}'s samples under {@code s}; none when undefended. */
    private static NoiseTable draw(Released of, DefenseSettings s) {
        return draw(of, s, 0);
    }

    private static NoiseTable draw(Released of, DefenseSettings s, int query) {
        return s.isNone() ? null : NoiseTable.draw(of.ids(), of.embeddingSize(), s.seed(), s.noise(), query);
    }

    private static String tableKey(Released of, DefenseSettings s, int query) {
        return System.identityHashCode(of) + "/" + s.seed() + "/" + s.noise() + "/" + query;
    }

    private static String noiseKey(DefenseSettings s) {
        return s.seed() + "/" + s.noise();
    }

    private NoiseTable table(Map<String, NoiseTable> cache, Released of, DefenseSettings s, int query) {
        String key = tableKey(of, s, query);
        return cache.computeIfAbsent(key, k -> NoiseTable.draw(of.ids(), of.embeddingSize(), s.seed(), s.noise(),
                query));
    }

    private float[] noisePre(DefenseSettings s, NoiseTable noise) {
        return noisePre.computeIfAbsent(noiseKey(s), k -> {
            double[] spread = targetDefense.spread().embedding();
            float[] scale = new float[spread.length];
            for (int j = 0; j < spread.length; j++) {
                scale[j] = (float) spread[j];
            }
            return ((ShadowAttack) attack).embeddingProduct(noise.embedding(), target.size(),
                    target.embeddingSize(), scale, false, gemm);
        });
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHED_TABLES;
            }
        };
    }

    private static void add(double[] sum, float[] values) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    private static float[] mean(double[] sum, int n) {
        float[] r = new float[sum.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (sum[i] / n);
        }
        return r;
    }
}
