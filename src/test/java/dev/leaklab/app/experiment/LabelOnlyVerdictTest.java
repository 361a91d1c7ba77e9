package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.defense.DefenseEvaluator;
import dev.leaklab.core.defense.DefenseSettings;
import dev.leaklab.core.defense.NoiseMode;
import dev.leaklab.core.defense.Utility;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Defence screen's sentence on what the label-only attack makes of the current setting. */
class LabelOnlyVerdictTest {

    private static DefenseEvaluator.Evaluation evaluation(DefenseSettings s, double separation, double flips) {
        double[] members = new double[200];
        double[] nonMembers = new double[200];
        for (int i = 0; i < 200; i++) {
            members[i] = i / 200.0 + separation;
            nonMembers[i] = i / 200.0;
        }
        AttackMetrics m = AttackMetrics.of(members, nonMembers, 0.5);
        return new DefenseEvaluator.Evaluation(s, false, m, new Utility(0.9, 0.9, 0.9, 0.9, flips), new double[0]);
    }

    private static DefenseSettings settings(boolean labelPreserving) {
        return new DefenseSettings(1, Map.of(), Map.of(), labelPreserving, NoiseMode.KEYED, 1, 0);
    }

    @Test
    void aSettingThatLeavesTheAucSaysItDoesNotStopTheAttackAndWhy() {
        DefenseEvaluator.Evaluation before = evaluation(DefenseSettings.NONE, 0.3, 0);
        String v = DefenseViewModel.verdict(before, evaluation(settings(true), 0.3, 0));
        assertThat(v).startsWith("Label-only attack: AUC").contains("does not stop it", "never changes the label");
    }

    @Test
    void flippedLabelsThatBringItNearChanceAreCounted() {
        DefenseEvaluator.Evaluation before = evaluation(DefenseSettings.NONE, 0.3, 0);
        String v = DefenseViewModel.verdict(before, evaluation(settings(false), 0.0, 0.12));
        assertThat(v).contains("near chance", "12.0% of the labels");
        String weaker = DefenseViewModel.verdict(before, evaluation(settings(false), 0.15, 0.05));
        assertThat(weaker).contains("weakens it", "5.0%");
    }

    @Test
    void flipsThatLeaveItAsStrongAreSaidToInformTheAttacker() {
        DefenseEvaluator.Evaluation before = evaluation(DefenseSettings.NONE, 0.3, 0);
        String v = DefenseViewModel.verdict(before, evaluation(settings(false), 0.32, 0.10));
        assertThat(v).contains("does not stop it", "flips 10.0% of the labels", "inform the attacker");
    }

    @Test
    void noLabelOnlyAttackNoSentence() {
        assertThat(DefenseViewModel.verdict(null, null)).isEmpty();
    }
}
