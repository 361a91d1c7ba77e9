package dev.leaklab.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.model.ModelOutputs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * LiRA on made-up outputs where samples differ widely in how easy they are: a member's margin is its own
 * baseline plus a fixed gain, so a raw loss threshold is confused by the baselines while LiRA, which compares
 * each sample with itself under reference models, is not.
 */
class LiraTest {

    private static final int N = 400;
    private final Random random = new Random(11);
    private final double[] baseline = new double[N];
    private final List<String> ids = new ArrayList<>();

    LiraTest() {
        for (int i = 0; i < N; i++) {
            baseline[i] = random.nextGaussian() * 4;
            ids.add("c" + i);
        }
    }

    /** Outputs of one model over all candidates; {@code in} decides who it trained on. */
    private Released model(java.util.function.IntPredicate in) {
        int[] labels = new int[N];
        float[] logits = new float[2 * N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 2;
            double margin = baseline[i] + (in.test(i) ? 1.5 : 0) + random.nextGaussian() * 0.3;
            logits[2 * i + labels[i]] = (float) (margin / 2);
            logits[2 * i + 1 - labels[i]] = (float) (-margin / 2);
        }
        return Released.clean(ModelOutputs.of(ids, labels, logits, new float[0], 0));
    }

    private static double auc(TrainedAttack attack, Released target) {
        double[] scores = attack.score(target);
        boolean[] members = new boolean[N];
        for (int i = 0; i < N; i++) {
            members[i] = i < N / 2;
        }
        return AttackMetrics.of(scores, members, attack.threshold()).auc();
    }

    @Test
    void offlineLiraCalibratesPerSampleAndBeatsALossThreshold() {
        Released target = model(i -> i < N / 2);
        List<Released> references = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            references.add(model(i -> false));
        }
        Lira lira = Lira.fit(ids, references, null);
        assertThat(lira.kind()).isEqualTo(AttackKind.LIRA_OFFLINE);
        double liraAuc = auc(lira, target);
        double[] loss = ThresholdAttack.scores(AttackKind.LOSS_THRESHOLD, target);
        boolean[] members = new boolean[N];
        for (int i = 0; i < N / 2; i++) {
            members[i] = true;
        }
        double lossAuc = AttackMetrics.of(loss, members, 0).auc();
        assertThat(liraAuc).isGreaterThan(0.95);
        assertThat(lossAuc).isLessThan(0.75);
    }

    @Test
    void onlineLiraUsesReferenceModelsThatSawEachCandidate() {
        Released target = model(i -> i < N / 2);
        List<Released> references = new ArrayList<>();
        List<Set<String>> members = new ArrayList<>();
        Random split = new Random(3);
        for (int pair = 0; pair < 2; pair++) {
            boolean[] half = new boolean[N];
            for (int i = 0; i < N; i++) {
                half[i] = split.nextBoolean();
            }
            for (boolean side : new boolean[] {true, false}) {
                Set<String> in = new HashSet<>();
                for (int i = 0; i < N; i++) {
                    if (half[i] == side) {
                        in.add(ids.get(i));
                    }
                }
                references.add(model(i -> in.contains(ids.get(i))));
                members.add(in);
            }
        }
        Lira lira = Lira.fit(ids, references, members);
        assertThat(lira.kind()).isEqualTo(AttackKind.LIRA_ONLINE);
        assertThat(auc(lira, target)).isGreaterThan(0.95);
        // a target that trained on nobody gives the attack nothing
        assertThat(auc(lira, model(i -> false))).isBetween(0.4, 0.6);
    }

    @Test
    void withheldLogitsFallBackToTheConfidence() {
        Released target = model(i -> i < N / 2);
        Released withoutLogits = new Released(target.ids(), target.labels(), target.predicted(),
                nan(target.logits().length), target.confidence(), target.loss(), new float[0], 0,
                java.util.EnumSet.of(Feature.LOGITS));
        double[] a = Lira.statistic(target);
        double[] b = Lira.statistic(withoutLogits);
        for (int i = 0; i < N; i++) {
            if (Math.abs(a[i]) < 10) {
                assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }

    @Test
    void aCandidateNotFittedIsRefused() {
        Lira lira = Lira.fit(ids.subList(0, 10), List.of(model(i -> false)), null);
        assertThatThrownBy(() -> lira.score(model(i -> false))).hasMessageContaining("was not a LiRA candidate");
    }

    private static float[] nan(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
