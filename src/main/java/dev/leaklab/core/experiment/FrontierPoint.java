package dev.leaklab.core.experiment;

/**
 * One point of the privacy-utility frontier: the experiment's defence at one sigma, against the headline
 * attack.
 *
 * @param sigma              the noise scale
 * @param attackAuc          the non-adaptive attack's AUC
 * @param adaptiveAttackAuc  the adaptive attacker's AUC, NaN when not evaluated
 * @param utilityF1          the defended target's F1 on its non-members
 * @param utilityAccuracy    its accuracy
 * @param labelFlipRate      how often its prediction changed
 */
public record FrontierPoint(double sigma, double attackAuc, double adaptiveAttackAuc, double utilityF1,
                            double utilityAccuracy, double labelFlipRate) {
}
