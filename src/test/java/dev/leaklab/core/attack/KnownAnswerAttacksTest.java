package dev.leaklab.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.metrics.BootstrapIntervals;
import dev.leaklab.core.model.ModelOutputs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * LiRA and RMIA on a case whose best possible attack is known in closed form. Each sample has its own
 * difficulty {@code d_i}; a model's margin on it is {@code d_i + μ} when it trained on it and {@code d_i}
 * otherwise, plus Gaussian noise of spread {@code s}. The optimal test knows {@code d_i} and thresholds
 * {@code margin - d_i}: its AUC is {@code Φ(μ / (s √2))} and its TPR at FPR f is {@code 1 - Φ(Φ⁻¹(1 - f) - μ / s)}.
 * With enough reference models an attack that calibrates per sample must come within the bootstrap interval of
 * that, and a loss threshold, which ignores the difficulties, must not.
 */
class KnownAnswerAttacksTest {

    private static final int N = 2_000;
    private static final int POPULATION = 2_000;
    private static final double GAIN = 0.6;
    private static final double NOISE = 0.5;
    private static final int REFERENCES = 32;

    private final Random random = new Random(42);
    private final double[] difficulty = new double[N + POPULATION];
    private final List<String> ids = new ArrayList<>();
    private final int[] labels = new int[N + POPULATION];

    KnownAnswerAttacksTest() {
        for (int i = 0; i < N + POPULATION; i++) {
            difficulty[i] = -2.5 + random.nextGaussian();
            ids.add((i < N ? "c" : "z") + i);
            labels[i] = random.nextInt(2);
        }
    }

    /** One model's outputs on samples {@code from} to {@code to}; {@code in} says which it trained on. */
    private Released model(int from, int to, IntPredicate in) {
        int n = to - from;
        float[] logits = new float[2 * n];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            int i = from + k;
            y[k] = labels[i];
            double margin = difficulty[i] + (in.test(i) ? GAIN : 0) + random.nextGaussian() * NOISE;
            logits[2 * k + y[k]] = (float) (margin / 2);
            logits[2 * k + 1 - y[k]] = (float) (-margin / 2);
        }
        return Released.clean(ModelOutputs.of(ids.subList(from, to), y, logits, new float[0], 0));
    }

    private Released candidates(IntPredicate in) {
        return model(0, N, in);
    }

    private static boolean targetMember(int i) {
        return i < N / 2;
    }

    private record Fitted(List<Released> references, List<Set<String>> members) {
    }

    /** Offline: each reference model trains on a random half of the population, never on a candidate. */
    private Fitted offline() {
        List<Released> references = new ArrayList<>();
        List<Set<String>> members = new ArrayList<>();
        for (int m = 0; m < REFERENCES; m++) {
            Set<Integer> half = new HashSet<>();
            for (int i = N; i < N + POPULATION; i++) {
                if (random.nextBoolean()) {
                    half.add(i);
                }
            }
            references.add(model(0, N + POPULATION, half::contains));
            Set<String> names = new HashSet<>();
            half.forEach(i -> names.add(ids.get(i)));
            members.add(names);
        }
        return new Fitted(references, members);
    }

    /** Online: pairs of reference models on complementary halves of the candidates. */
    private Fitted online() {
        List<Released> references = new ArrayList<>();
        List<Set<String>> members = new ArrayList<>();
        for (int m = 0; m < REFERENCES; m += 2) {
            boolean[] first = new boolean[N];
            for (int i = 0; i < N; i++) {
                first[i] = random.nextBoolean();
            }
            for (int side = 0; side < 2; side++) {
                boolean mine = side == 0;
                references.add(model(0, N + POPULATION, i -> i < N && first[i] == mine));
                Set<String> names = new HashSet<>();
                for (int i = 0; i < N; i++) {
                    if (first[i] == mine) {
                        names.add(ids.get(i));
                    }
                }
                members.add(names);
            }
        }
        return new Fitted(references, members);
    }

    private static BootstrapIntervals intervals(double[] scores) {
        double[] in = new double[N / 2];
        double[] out = new double[N / 2];
        System.arraycopy(scores, 0, in, 0, N / 2);
        System.arraycopy(scores, N / 2, out, 0, N / 2);
        return BootstrapIntervals.of(in, out, 1_000, 0.95, 7);
    }

    private static double optimalAuc() {
        return phi(GAIN / (NOISE * Math.sqrt(2)));
    }

    private static double optimalTprAt1pct() {
        return 1 - phi(phiInverse(0.99) - GAIN / NOISE);
    }

    @Test
    void lossThresholdFallsShortOfTheOptimalTest() {
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        BootstrapIntervals loss = intervals(ThresholdAttack.scores(AttackKind.LOSS_THRESHOLD, target));
        assertThat(loss.auc().high()).isLessThan(optimalAuc() - 0.05);
    }

    @Test
    void offlineLiraWithPerSampleVarianceReachesTheOptimalTest() {
        Fitted refs = offline();
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        Lira lira = Lira.fit(target.ids(), refs.references(), null);
        assertThat(lira.perSampleVariance()).isTrue();
        BootstrapIntervals ci = intervals(lira.score(target));
        assertThat(ci.auc().contains(optimalAuc())).as("%s against %.4f", ci.auc(), optimalAuc()).isTrue();
        assertThat(ci.tprAt1pctFpr().contains(optimalTprAt1pct()))
                .as("%s against %.4f", ci.tprAt1pctFpr(), optimalTprAt1pct()).isTrue();
    }

    @Test
    void onlineLiraReachesTheOptimalTest() {
        Fitted refs = online();
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        Lira lira = Lira.fit(target.ids(), refs.references(), refs.members());
        BootstrapIntervals ci = intervals(lira.score(target));
        assertThat(ci.auc().contains(optimalAuc())).as("%s against %.4f", ci.auc(), optimalAuc()).isTrue();
    }

    @Test
    void offlineRmiaReachesTheOptimalTestAndChoosesItsAOnTheAttackersData() {
        Fitted refs = offline();
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        Released population = model(N, N + POPULATION, i -> false);
        Rmia rmia = Rmia.fit(target.ids(), population, refs.references(), refs.members(), false, Rmia.DEFAULT_GAMMA);
        assertThat(rmia.kind()).isEqualTo(AttackKind.RMIA_OFFLINE);
        // members' probabilities here are the non-members' scaled up, with no floor: a near 1 fits that best
        assertThat(rmia.a()).isGreaterThanOrEqualTo(0.7);
        BootstrapIntervals ci = intervals(rmia.score(target));
        assertThat(ci.auc().contains(optimalAuc())).as("%s against %.4f", ci.auc(), optimalAuc()).isTrue();
        assertThat(ci.tprAt1pctFpr().contains(optimalTprAt1pct()))
                .as("%s against %.4f", ci.tprAt1pctFpr(), optimalTprAt1pct()).isTrue();
    }

    @Test
    void onlineRmiaReachesTheOptimalTest() {
        Fitted refs = online();
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        Released population = model(N, N + POPULATION, i -> false);
        Rmia rmia = Rmia.fit(target.ids(), population, refs.references(), refs.members(), true, Rmia.DEFAULT_GAMMA);
        BootstrapIntervals ci = intervals(rmia.score(target));
        assertThat(ci.auc().contains(optimalAuc())).as("%s against %.4f", ci.auc(), optimalAuc()).isTrue();
    }

    @Test
    void rmiaScoresRankAsTheRatioAndStayWithinZeroAndOne() {
        Fitted refs = offline();
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        Rmia rmia = Rmia.fit(target.ids(), model(N, N + POPULATION, i -> false), refs.references(), refs.members(),
                false, 1);
        double[] scores = rmia.score(target);
        for (double s : scores) {
            assertThat(s).isBetween(0.0, 1.0);
        }
        assertThat(rmia.threshold()).isBetween(0.0, 1.0);
    }

    /** {@code r} with Gaussian noise of spread {@code sigma} on each logit margin. */
    private Released noisy(Released r, double sigma) {
        float[] z = r.logits().clone();
        for (int i = 0; i < r.size(); i++) {
            double e = random.nextGaussian() * sigma / 2;
            z[2 * i] -= (float) e;
            z[2 * i + 1] += (float) e;
        }
        return new Released(r.ids(), r.labels(), r.predicted(), z, r.confidence(), r.loss(), r.embeddings(),
                r.embeddingSize(), r.withheld());
    }

    @Test
    void theAdaptiveAttackerRecalibratesOnItsOwnDefendedReferenceModels() {
        Fitted refs = offline();
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        Released population = model(N, N + POPULATION, i -> false);
        Lira lira = Lira.fit(target.ids(), refs.references(), null);
        Rmia rmia = Rmia.fit(target.ids(), population, refs.references(), refs.members(), false, 2);
        // released as they are, the refit is the fit
        assertThat(lira.recalibrated(r -> r, r -> r).score(target)).containsExactly(lira.score(target));
        assertThat(rmia.recalibrated(r -> r, r -> r).score(target)).containsExactly(rmia.score(target));
        // through noise, the references' spread grows and the refit reads the defended target differently
        Released defended = noisy(target, 2.0);
        TrainedAttack adapted = lira.recalibrated(r -> noisy(r, 2.0), r -> r);
        assertThat(adapted.score(defended)).isNotEqualTo(lira.score(defended));
        TrainedAttack adaptedRmia = rmia.recalibrated(r -> noisy(r, 2.0), r -> noisy(r, 2.0));
        assertThat(adaptedRmia.score(defended)).isNotEqualTo(rmia.score(defended));
        assertThat(adapted.kind()).isEqualTo(AttackKind.LIRA_OFFLINE);
        assertThat(adaptedRmia.kind()).isEqualTo(AttackKind.RMIA_OFFLINE);
    }

    @Test
    void rmiaRefusesWhatItCannotUse() {
        Fitted refs = offline();
        Released target = candidates(KnownAnswerAttacksTest::targetMember);
        Released population = model(N, N + POPULATION, i -> false);
        assertThatThrownBy(() -> Rmia.fit(target.ids(), population, refs.references().subList(0, 1),
                refs.members().subList(0, 1), true, 2)).hasMessageContaining("at least 2 reference models");
        assertThatThrownBy(() -> Rmia.fit(target.ids(), population, refs.references(), refs.members(), false, 0))
                .hasMessageContaining("gamma");
        Released partial = model(0, 10, i -> false);
        assertThatThrownBy(() -> Rmia.fit(target.ids(), population, List.of(partial), List.of(Set.of()), false, 2))
                .hasMessageContaining("has no outputs for sample");
        assertThatThrownBy(() -> Rmia.fit(target.ids(), population, refs.references(), refs.members(), false, 2)
                .score(model(N, N + 5, i -> false))).hasMessageContaining("not an RMIA candidate");
    }

    static double phi(double x) {
        return dev.leaklab.core.metrics.BootstrapIntervalsTest.phi(x);
    }

    static double phiInverse(double p) {
        return dev.leaklab.core.metrics.BootstrapIntervalsTest.phiInverse(p);
    }
}
