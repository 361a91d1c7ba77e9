package dev.leaklab.core.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.AttackNetwork;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.attack.ShadowAttack;
import dev.leaklab.core.attack.SyntheticOutputs;
import dev.leaklab.core.attack.ThresholdAttack;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmidTest {

    private static final CancellationToken NONE = CancellationToken.none();
    private final ModelOutputs targetOutModel = SyntheticOutputs.of("to", 400, 6, false, 3, 4);
    private final Released targetIn = SyntheticOutputs.released("ti", 400, 6, true, 3, 3);
    private final Released targetOut = Released.clean(targetOutModel);
    private final Released shadowIn = SyntheticOutputs.released("si", 400, 6, true, 3, 1);
    private final Released shadowOut = SyntheticOutputs.released("so", 400, 6, false, 3, 2);
    private final Nmid nmid = new Nmid(Spread.of(targetOutModel));

    private DefenseEvaluator evaluator(AttackKind kind, FeatureSet features) {
        var attack = kind.takesFeatures()
                ? ShadowAttack.train(kind, features, shadowIn, shadowOut, AttackNetwork.Settings.mlp(3), Gemm.java(),
                NONE)
                : ThresholdAttack.fit(kind, shadowIn, shadowOut);
        Nmid shadowNmid = new Nmid(Spread.of(SyntheticOutputs.of("so", 400, 6, false, 3, 2)));
        return new DefenseEvaluator(targetIn, targetOut, shadowIn, shadowOut, attack, nmid, shadowNmid, 3,
                Gemm.java());
    }

    @Test
    void sigmaZeroReproducesTheUndefendedNumbersExactly() {
        DefenseEvaluator e = evaluator(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX);
        var clean = e.evaluate(DefenseSettings.NONE, false, NONE);
        var zero = e.evaluate(DefenseSettings.noise(0), false, NONE);
        assertThat(zero.attack().auc()).isEqualTo(clean.attack().auc());
        assertThat(zero.attack().roc()).isEqualTo(clean.attack().roc());
        assertThat(zero.utility()).isEqualTo(clean.utility());
        assertThat(clean.utility().labelFlipRate()).isZero();
        assertThat(clean.attack().auc()).isGreaterThan(0.9);
        Released released = nmid.release(targetOut, DefenseSettings.noise(0), 0);
        assertThat(released.logits()).containsExactly(targetOut.logits());
        assertThat(released.loss()).containsExactly(targetOut.loss());
        assertThat(released.confidence()).containsExactly(targetOut.confidence());
    }

    @Test
    void largeSigmaDrivesTheAttackTowardsChance() {
        DefenseEvaluator e = evaluator(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX);
        double clean = e.evaluate(DefenseSettings.NONE, false, NONE).attack().auc();
        double noisy = e.evaluate(DefenseSettings.noise(50).withLabelPreserving(false), false, NONE).attack().auc();
        assertThat(clean).isGreaterThan(0.9);
        assertThat(noisy).isBetween(0.4, 0.62);
    }

    @Test
    void labelPreservingNeverChangesTheArgmax() {
        for (double sigma : new double[] {0.1, 1, 5, 100}) {
            for (NoiseMode mode : NoiseMode.values()) {
                DefenseSettings s = DefenseSettings.noise(sigma).withNoise(mode);
                Released r = nmid.release(targetOut, s, 3);
                assertThat(r.predicted()).containsExactly(targetOut.predicted());
                float[] z = r.logits();
                for (int i = 0; i < r.size(); i++) {
                    assertThat(z[2 * i + 1] >= z[2 * i] ? 1 : 0).isEqualTo(targetOut.predicted()[i]);
                }
                assertThat(Utility.of(r, targetOut).labelFlipRate()).isZero();
            }
        }
        Released free = nmid.release(targetOut, DefenseSettings.noise(5).withLabelPreserving(false), 0);
        assertThat(Utility.of(free, targetOut).labelFlipRate()).isGreaterThan(0.1);
    }

    @Test
    void keyedNoiseAnswersTheSameTwiceFreshNoiseDoesNot() {
        DefenseSettings keyed = DefenseSettings.noise(1).withNoise(NoiseMode.KEYED);
        assertThat(nmid.release(targetOut, keyed, 0).logits()).containsExactly(nmid.release(targetOut, keyed, 1).logits());
        DefenseSettings fresh = DefenseSettings.noise(1).withNoise(NoiseMode.FRESH);
        assertThat(nmid.release(targetOut, fresh, 0).logits()).containsExactly(nmid.release(targetOut, fresh, 0).logits());
        assertThat(nmid.release(targetOut, fresh, 0).logits()).isNotEqualTo(nmid.release(targetOut, fresh, 1).logits());
    }

    @Test
    void aSampleGetsTheSameReleaseAloneOrInABatch() {
        DefenseSettings s = DefenseSettings.noise(0.7).withNoise(NoiseMode.FRESH);
        Released batch = nmid.release(targetOut, s, 2);
        ModelOutputs one = SyntheticOutputs.of("to", 400, 6, false, 3, 4);
        for (int i : new int[] {0, 17, 399}) {
            Released alone = Released.clean(ModelOutputs.of(List.of(one.ids().get(i)), new int[] {one.label(i)},
                    new float[] {one.logit(i, 0), one.logit(i, 1)}, slice(one.embeddings(), i, 6), 6));
            Released r = nmid.release(alone, s, 2);
            assertThat(r.logits()[0]).isEqualTo(batch.logits()[2 * i]);
            assertThat(r.logits()[1]).isEqualTo(batch.logits()[2 * i + 1]);
            assertThat(r.confidence()[0]).isEqualTo(batch.confidence()[i]);
            assertThat(r.embeddings()).containsExactly(slice(batch.embeddings(), i, 6));
        }
    }

    @Test
    void theFastPathAgreesWithTheFullComputation() {
        DefenseEvaluator fast = evaluator(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX);
        DefenseSettings s = DefenseSettings.noise(0.8).withSigma(Feature.EMBEDDING, 1.5);
        var viaFastPath = fast.evaluate(s, false, NONE);
        Released released = nmid.release(fast.target(), s, 0);
        double[] scores = fast.attack().score(released);
        var full = dev.leaklab.core.attack.AttackMetrics.of(java.util.Arrays.copyOfRange(scores, 0, 400),
                java.util.Arrays.copyOfRange(scores, 400, 800), fast.attack().threshold());
        assertThat(viaFastPath.attack().auc()).isCloseTo(full.auc(), within(1e-3));
        assertThat(viaFastPath.utility()).isEqualTo(Utility.of(released.labels(), released.predicted(),
                fast.target().predicted(), 400, 800));
    }

    /** A gray-box MLP attack, the defence and its evaluator over 5,000 target samples (2,500 members). */
    private record FiveThousand(ShadowAttack attack, Nmid defence, DefenseEvaluator evaluator) {
    }

    private FiveThousand fiveThousand() {
        ModelOutputs outModel = SyntheticOutputs.of("to", 2500, 6, false, 3, 4);
        Released in = SyntheticOutputs.released("ti", 2500, 6, true, 3, 3);
        ShadowAttack attack = ShadowAttack.train(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX, shadowIn, shadowOut,
                AttackNetwork.Settings.mlp(3), Gemm.java(), NONE);
        Nmid defence = new Nmid(Spread.of(outModel));
        return new FiveThousand(attack, defence, new DefenseEvaluator(in, Released.clean(outModel), shadowIn,
                shadowOut, attack, defence, new Nmid(Spread.of(SyntheticOutputs.of("so", 400, 6, false, 3, 2))), 3,
                Gemm.java()));
    }

    @Test
    void aSettingScoresTheSameOnOneThreadAndOnAll() {
        // why: the release goes in runs of at least 2,048 samples and the scores block by block (1,024) over the
        // allowed cores; 5,000 samples are two runs and five blocks
        FiveThousand f = fiveThousand();
        DefenseSettings s = DefenseSettings.noise(0.8).withSigma(Feature.EMBEDDING, 1.5);
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            dev.leaklab.core.task.Parallel.setThreads(1);
            double[] one = f.evaluator().evaluate(s, false, NONE).scores();
            Released releasedOne = f.defence().release(f.evaluator().target(), s, 0);
            dev.leaklab.core.task.Parallel.setThreads(cores);
            double[] all = f.evaluator().evaluate(s, false, NONE).scores();
            Released releasedAll = f.defence().release(f.evaluator().target(), s, 0);
            assertThat(all).hasSize(5000).containsExactly(one);
            assertThat(releasedAll.logits()).containsExactly(releasedOne.logits());
            assertThat(releasedAll.confidence()).containsExactly(releasedOne.confidence());
            assertThat(releasedAll.loss()).containsExactly(releasedOne.loss());
            assertThat(releasedAll.predicted()).containsExactly(releasedOne.predicted());
            double[] full = f.attack().score(f.defence().release(f.evaluator().target(), s, 0));
            for (int i = 0; i < full.length; i++) {
                assertThat(all[i]).as("sample %d", i).isCloseTo(full[i], within(1e-3 * (1 + Math.abs(full[i]))));
            }
        } finally {
            dev.leaklab.core.task.Parallel.setThreads(cores);
        }
    }

    @Test
    void averagingQueriesDefeatsFreshNoiseNotKeyedNoise() {
        DefenseEvaluator e = evaluator(AttackKind.LOSS_THRESHOLD, null);
        DefenseSettings fresh = DefenseSettings.noise(3).withNoise(NoiseMode.FRESH);
        DefenseSettings keyed = DefenseSettings.noise(3).withNoise(NoiseMode.KEYED);
        double freshOnce = e.evaluate(fresh, false, NONE).attack().auc();
        double freshAveraged = e.evaluateAveraged(fresh, 32, NONE).attack().auc();
        double keyedOnce = e.evaluate(keyed, false, NONE).attack().auc();
        double keyedAveraged = e.evaluateAveraged(keyed, 32, NONE).attack().auc();
        assertThat(freshAveraged).isGreaterThan(freshOnce + 0.05);
        assertThat(keyedAveraged).isCloseTo(keyedOnce, within(1e-12));
    }

    @Test
    void theAveragingAttackerSeesTheMeanOfFullReleasesBitForBit() {
        // why: the averaged evaluation releases embeddings into its sum a sample at a time; the mean of whole
        // releases, query by query, is what it must equal, under every embedding mask and on any thread count
        FiveThousand f = fiveThousand();
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            for (Mask mask : Mask.values()) {
                for (double embeddingSigma : new double[] {0, 1.5}) {
                    DefenseSettings s = DefenseSettings.noise(0.8).withNoise(NoiseMode.FRESH)
                            .withSigma(Feature.EMBEDDING, embeddingSigma).withMask(Feature.EMBEDDING, mask);
                    double[] expected = f.attack().score(meanOfReleases(f.defence(), f.evaluator().target(), s, 5));
                    for (int threads : new int[] {1, cores}) {
                        dev.leaklab.core.task.Parallel.setThreads(threads);
                        assertThat(f.evaluator().evaluateAveraged(s, 5, NONE).scores())
                                .as("%s, embedding sigma %s, %d thread(s)", mask, embeddingSigma, threads)
                                .containsExactly(expected);
                    }
                }
            }
        } finally {
            dev.leaklab.core.task.Parallel.setThreads(cores);
        }
    }

    @Test
    void aSampleEmbeddingRowIsItsRowOfTheTable() {
        List<String> ids = List.of("a", "b", "c");
        for (NoiseMode mode : NoiseMode.values()) {
            NoiseTable table = NoiseTable.draw(ids, 7, 11, mode, 2);
            float[] row = new float[7];
            for (int i = 0; i < ids.size(); i++) {
                NoiseTable.embeddingRow(ids.get(i), 11, mode, 2, row);
                assertThat(row).containsExactly(java.util.Arrays.copyOfRange(table.embedding(), 7 * i, 7 * i + 7));
            }
            assertThat(NoiseTable.draw(ids, 0, 11, mode, 2).logits()).containsExactly(table.logits());
            assertThat(NoiseTable.draw(ids, 0, 11, mode, 2).loss()).containsExactly(table.loss());
        }
    }

    /** The averaging attacker's view the plain way: every query released whole, then the mean of each value. */
    private static Released meanOfReleases(Nmid defence, Released target, DefenseSettings s, int queries) {
        Released first = defence.release(target, s, 0);
        double[][] sums = new double[4][];
        float[][] firstValues = {first.logits(), first.confidence(), first.loss(), first.embeddings()};
        for (int k = 0; k < 4; k++) {
            sums[k] = new double[firstValues[k].length];
        }
        for (int q = 0; q < queries; q++) {
            Released r = defence.release(target, s, q);
            float[][] values = {r.logits(), r.confidence(), r.loss(), r.embeddings()};
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < values[k].length; i++) {
                    sums[k][i] += values[k][i];
                }
            }
        }
        float[][] means = new float[4][];
        for (int k = 0; k < 4; k++) {
            means[k] = new float[sums[k].length];
            for (int i = 0; i < means[k].length; i++) {
                means[k][i] = (float) (sums[k][i] / queries);
            }
        }
        return new Released(target.ids(), target.labels(), first.predicted(), means[0], means[1], means[2], means[3],
                target.embeddingSize(), first.withheld());
    }

    @Test
    void adaptiveAttackerRetrainsOnDefendedOutputs() {
        DefenseEvaluator e = evaluator(AttackKind.SHADOW_MLP, FeatureSet.BLACK_BOX);
        DefenseSettings s = DefenseSettings.noise(0.5).withMask(Feature.LOGITS, Mask.WITHHELD);
        var adaptive = e.evaluate(s, true, NONE);
        assertThat(adaptive.adaptive()).isTrue();
        assertThat(adaptive.attack().auc()).isBetween(0.5, 1.0);
        assertThat(e.evaluate(s, true, NONE)).isEqualTo(adaptive);
    }

    @Test
    void withheldOutputsReadAsMissing() {
        Released r = nmid.release(targetOut, DefenseSettings.NONE.withMask(Feature.LOSS, Mask.WITHHELD)
                .withMask(Feature.LOGITS, Mask.REDUCED), 0);
        assertThat(r.isWithheld(Feature.LOSS)).isTrue();
        assertThat(r.loss()[0]).isNaN();
        assertThat(r.logits()[0] + r.logits()[1]).isEqualTo(1f);
    }

    @Test
    void confidenceAndLossFollowTheNoisyLogits() {
        Released r = nmid.release(targetOut, DefenseSettings.noise(2).withLabelPreserving(false)
                .withSigma(Feature.CONFIDENCE, 0).withSigma(Feature.LOSS, 0), 0);
        ModelOutputs recomputed = ModelOutputs.of(r.ids(), r.labels(), r.logits(), new float[0], 0);
        for (int i = 0; i < r.size(); i++) {
            assertThat((double) r.confidence()[i]).isCloseTo(recomputed.confidence(i), within(1e-6));
            assertThat((double) r.loss()[i]).isCloseTo(recomputed.loss(i), within(1e-5));
        }
    }

    private static float[] slice(float[] all, int i, int width) {
        return java.util.Arrays.copyOfRange(all, i * width, (i + 1) * width);
    }
}
