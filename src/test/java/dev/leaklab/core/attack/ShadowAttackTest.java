package dev.leaklab.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.task.CancellationToken;
import org.junit.jupiter.api.Test;

class ShadowAttackTest {

    private static final Gemm GEMM = Gemm.java();

    private static AttackMetrics run(AttackKind kind, FeatureSet features, double signal) {
        Released shadowIn = SyntheticOutputs.released("si", 600, 8, true, signal, 1);
        Released shadowOut = SyntheticOutputs.released("so", 600, 8, false, signal, 2);
        Released targetIn = SyntheticOutputs.released("ti", 600, 8, true, signal, 3);
        Released targetOut = SyntheticOutputs.released("to", 600, 8, false, signal, 4);
        TrainedAttack attack = kind.takesFeatures()
                ? ShadowAttack.train(kind, features, shadowIn, shadowOut,
                kind == AttackKind.SHADOW_MLP ? AttackNetwork.Settings.mlp(5) : AttackNetwork.Settings.logistic(5),
                GEMM, CancellationToken.none())
                : ThresholdAttack.fit(kind, shadowIn, shadowOut);
        return AttackMetrics.of(attack.score(targetIn), attack.score(targetOut), attack.threshold());
    }

    @Test
    void outputsThatDoNotDependOnMembershipGiveChance() {
        for (AttackKind kind : new AttackKind[] {AttackKind.SHADOW_MLP, AttackKind.SHADOW_LOGISTIC,
                AttackKind.LOSS_THRESHOLD}) {
            AttackMetrics m = run(kind, FeatureSet.GRAY_BOX, 0);
            assertThat(m.auc()).as(kind.id()).isBetween(0.44, 0.56);
            assertThat(m.advantage()).as(kind.id()).isLessThan(0.1);
        }
    }

    @Test
    void separableOutputsGiveNearlyOne() {
        assertThat(run(AttackKind.SHADOW_MLP, FeatureSet.of(Feature.LOGITS, Feature.LOSS), 6).auc()).isGreaterThan(0.97);
        assertThat(run(AttackKind.SHADOW_LOGISTIC, FeatureSet.of(Feature.LOSS), 6).auc()).isGreaterThan(0.97);
        assertThat(run(AttackKind.LOSS_THRESHOLD, null, 6).auc()).isGreaterThan(0.97);
        assertThat(run(AttackKind.SHADOW_MLP, FeatureSet.of(Feature.EMBEDDING), 6).auc()).isGreaterThan(0.97);
        AttackMetrics confidence = run(AttackKind.CONFIDENCE_THRESHOLD, null, 6);
        AttackMetrics entropy = run(AttackKind.ENTROPY_THRESHOLD, null, 6);
        assertThat(confidence.auc()).isGreaterThan(0.9);
        // why: with two classes the entropy is a decreasing function of the confidence, so the two rank alike
        assertThat(entropy.auc()).isEqualTo(confidence.auc());
    }

    @Test
    void sameSeedSameScores() {
        AttackMetrics a = run(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX, 1);
        AttackMetrics b = run(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX, 1);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void allFifteenFeatureSetsAreDistinctAndNonEmpty() {
        assertThat(FeatureSet.all()).hasSize(15).doesNotHaveDuplicates();
        assertThat(FeatureSet.all().get(0).name()).isEqualTo("embedding");
        assertThat(FeatureSet.all().get(14)).isEqualTo(FeatureSet.GRAY_BOX);
        assertThatThrownBy(() -> FeatureSet.ofIds(java.util.List.of("logits", "logit")))
                .hasMessage("unknown feature \"logit\"; expected one of embedding, logits, loss, confidence");
    }

    @Test
    void tooFewShadowSamplesAreRefused() {
        Released one = SyntheticOutputs.released("a", 1, 2, true, 0, 1);
        Released many = SyntheticOutputs.released("b", 10, 2, false, 0, 1);
        assertThatThrownBy(() -> ShadowAttack.train(AttackKind.SHADOW_MLP, FeatureSet.BLACK_BOX, one, many,
                AttackNetwork.Settings.mlp(1), GEMM, CancellationToken.none()))
                .hasMessageContaining("too few shadow samples");
    }
}
