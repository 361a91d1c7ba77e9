package dev.leaklab.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.defense.DefenseEvaluator;
import dev.leaklab.core.defense.DefenseSettings;
import dev.leaklab.core.defense.Nmid;
import dev.leaklab.core.defense.NoiseMode;
import dev.leaklab.core.defense.Spread;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The label-only attack on made-up answers: members keep their true label over their variants more often than
 * non-members do. Label-preserving noise leaves it exactly as strong; noise that flips labels weakens it.
 */
class LabelOnlyTest {

    private static final int V = 8;

    @Test
    void robustMembersAreFoundAndTheThresholdComesFromTheShadow() {
        Released shadowIn = samples("si", 400, 0.9, 1);
        Released shadowOut = samples("so", 400, 0.6, 2);
        Released targetIn = samples("ti", 400, 0.9, 3);
        Released targetOut = samples("to", 400, 0.6, 4);
        LabelOnly attack = fit(shadowIn, shadowOut, targetIn, targetOut, 0.9, 0.6);
        double[] in = attack.score(targetIn);
        double[] out = attack.score(targetOut);
        AttackMetrics m = AttackMetrics.of(in, out, attack.threshold());
        assertThat(m.auc()).isGreaterThan(0.8);
        assertThat(attack.threshold()).isBetween(0.6, 1.0);
        for (double s : in) {
            assertThat(s * (V + 1)).as("a share of V + 1 queries").isCloseTo(Math.rint(s * (V + 1)),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void noSignalGivesChance() {
        LabelOnly attack = fit(samples("si", 400, 0.7, 1), samples("so", 400, 0.7, 2), samples("ti", 400, 0.7, 3),
                samples("to", 400, 0.7, 4), 0.7, 0.7);
        AttackMetrics m = AttackMetrics.of(attack.score(samples("ti", 400, 0.7, 3)),
                attack.score(samples("to", 400, 0.7, 4)), attack.threshold());
        assertThat(m.auc()).isBetween(0.45, 0.55);
    }

    @Test
    void labelPreservingNoiseCannotTouchItAndLabelFlippingNoiseWeakensIt() {
        Released shadowIn = samples("si", 400, 0.9, 1);
        Released shadowOut = samples("so", 400, 0.6, 2);
        Released targetIn = samples("ti", 400, 0.9, 3);
        Released targetOut = samples("to", 400, 0.6, 4);
        LabelOnly attack = fit(shadowIn, shadowOut, targetIn, targetOut, 0.9, 0.6);
        Nmid defense = new Nmid(Spread.of(targetOut));
        DefenseEvaluator evaluator = new DefenseEvaluator(targetIn, targetOut, shadowIn, shadowOut, attack, defense,
                new Nmid(Spread.of(shadowOut)), 5, Gemm.java());
        DefenseEvaluator.Evaluation clean = evaluator.evaluate(DefenseSettings.NONE, false, CancellationToken.none());
        DefenseSettings preserving = new DefenseSettings(2.0, java.util.Map.of(), java.util.Map.of(), true, NoiseMode.KEYED, 1, 7);
        DefenseSettings flipping = new DefenseSettings(2.0, java.util.Map.of(), java.util.Map.of(), false, NoiseMode.KEYED, 1, 7);
        DefenseEvaluator.Evaluation kept = evaluator.evaluate(preserving, false, CancellationToken.none());
        assertThat(kept.attack().auc()).isEqualTo(clean.attack().auc());
        assertThat(evaluator.evaluate(preserving, true, CancellationToken.none()).attack().auc())
                .isEqualTo(clean.attack().auc());
        assertThat(evaluator.evaluateAveraged(preserving, 5, CancellationToken.none()).attack().auc())
                .isEqualTo(clean.attack().auc());
        DefenseEvaluator.Evaluation flipped = evaluator.evaluate(flipping, false, CancellationToken.none());
        assertThat(flipped.utility().labelFlipRate()).isGreaterThan(0.1);
        assertThat(flipped.attack().auc()).isLessThan(clean.attack().auc() - 0.05);
    }

    @Test
    void votingKeepsTheMajorityLabel() {
        Released a = samples("x", 3, 1.0, 1);
        int[] ones = {1, 1, 1};
        int[] zeros = {0, 0, 0};
        Released one = new Released(a.ids(), a.labels(), ones, a.logits(), a.confidence(), a.loss(), a.embeddings(),
                0, a.withheld());
        Released zero = new Released(a.ids(), a.labels(), zeros, a.logits(), a.confidence(), a.loss(), a.embeddings(),
                0, a.withheld());
        assertThat(LabelOnly.voted(List.of(zero, one, one)).predicted()).containsExactly(1, 1, 1);
        assertThat(LabelOnly.voted(List.of(zero, one)).predicted()).as("a tie keeps the first").containsExactly(0, 0, 0);
    }

    @Test
    void variantsOfTheWrongSizeAreRefused() {
        Released in = samples("si", 10, 0.9, 1);
        Released out = samples("so", 10, 0.6, 2);
        assertThatThrownBy(() -> LabelOnly.fit(in, out, variants(in, 0.9, 5), List.of(), variants(in, 0.9, 5), V))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shadow variants hold");
    }

    /** Members' variants answered right with probability {@code inRight}, non-members' with {@code outRight}. */
    private static LabelOnly fit(Released shadowIn, Released shadowOut, Released targetIn, Released targetOut,
                                 double inRight, double outRight) {
        List<String> candidates = new ArrayList<>(targetIn.ids());
        candidates.addAll(targetOut.ids());
        Released shadowVariants = Concat.of(variants(shadowIn, inRight, 11), variants(shadowOut, outRight, 12));
        Released targetVariants = Concat.of(variants(targetIn, inRight, 13), variants(targetOut, outRight, 14));
        return LabelOnly.fit(shadowIn, shadowOut, shadowVariants, candidates, targetVariants, V);
    }

    /** {@code n} samples each answered right with probability {@code right}; their logits agree. */
    private static Released samples(String prefix, int n, double right, long seed) {
        List<String> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
            labels[i] = i % 2;
        }
        return answered(ids, labels, right, new Random(seed));
    }

    /** {@link #V} variants of each sample, each answered right with probability {@code right}. */
    private static Released variants(Released of, double right, long seed) {
        List<String> ids = new ArrayList<>(of.size() * V);
        int[] labels = new int[of.size() * V];
        for (int i = 0; i < of.size(); i++) {
            for (int v = 0; v < V; v++) {
                ids.add(of.ids().get(i) + "~" + (v + 1));
                labels[i * V + v] = of.labels()[i];
            }
        }
        return answered(ids, labels, right, new Random(seed));
    }

    /** Outputs whose arg-max is the true label with probability {@code right}. */
    private static Released answered(List<String> ids, int[] labels, double right, Random random) {
        float[] logits = new float[2 * labels.length];
        for (int i = 0; i < labels.length; i++) {
            int answer = random.nextDouble() < right ? labels[i] : 1 - labels[i];
            double margin = 0.3 + Math.abs(random.nextGaussian()) * 0.3;
            logits[2 * i + answer] = (float) margin;
            logits[2 * i + 1 - answer] = (float) -margin;
        }
        return Released.clean(ModelOutputs.of(ids, labels, logits, new float[0], 0));
    }
}
