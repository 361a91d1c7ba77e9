package dev.leaklab.core.experiment;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.AttackNetwork;

/**
 * How the attack classifiers train; every field may be left out for its default.
 *
 * @param hidden         MLP hidden units (default 64)
 * @param epochs         training passes (default 30 for the MLP, 60 for logistic regression)
 * @param batchSize      samples a step (default 128)
 * @param learningRate   Adam's step (default 1e-3 for the MLP, 1e-2 for logistic regression)
 * @param weightDecay    L2 penalty (default 1e-4)
 * @param adaptiveEpochs further epochs the adaptive attacker trains on defended shadow outputs (default 3)
 * @param pitfalls       also show the flawed protocol: each shadow-model attack trained on the target's own
 *                       members and non-members and scored on those same samples, beside the same attack
 *                       scored on held-out ones (default false)
 */
public record AttackSettings(Integer hidden, Integer epochs, Integer batchSize, Double learningRate,
                             Double weightDecay, Integer adaptiveEpochs,
                             @com.fasterxml.jackson.annotation.JsonInclude(
                                     com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                             Boolean pitfalls) {

    /** Without the pitfall rows. */
    public AttackSettings(Integer hidden, Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
                          Integer adaptiveEpochs) {
        this(hidden, epochs, batchSize, learningRate, weightDecay, adaptiveEpochs, null);
    }

    /** Whether the pitfall rows are asked for. */
    public boolean showsPitfalls() {
        return Boolean.TRUE.equals(pitfalls);
    }

    /** Checks the values. */
    public AttackSettings {
        // why: a compact constructor cannot call instance methods on its fields yet, so check built copies
        network(AttackKind.SHADOW_MLP, 0, hidden, epochs, batchSize, learningRate, weightDecay);
        network(AttackKind.SHADOW_LOGISTIC, 0, hidden, epochs, batchSize, learningRate, weightDecay);
        if (adaptiveEpochs != null && (adaptiveEpochs < 1 || adaptiveEpochs > 1000)) {
            throw new IllegalArgumentException("adaptiveEpochs must be 1 to 1000, was " + adaptiveEpochs);
        }
    }

    /** All defaults. */
    public static AttackSettings defaults() {
        return new AttackSettings(null, null, null, null, null, null);
    }

    /** The classifier settings of a shadow-model attack. */
    public AttackNetwork.Settings network(AttackKind kind, long seed) {
        return network(kind, seed, hidden, epochs, batchSize, learningRate, weightDecay);
    }

    private static AttackNetwork.Settings network(AttackKind kind, long seed, Integer hidden, Integer epochs,
                                                  Integer batchSize, Double learningRate, Double weightDecay) {
        AttackNetwork.Settings d = kind == AttackKind.SHADOW_LOGISTIC ? AttackNetwork.Settings.logistic(seed)
                : AttackNetwork.Settings.mlp(seed);
        return new AttackNetwork.Settings(kind == AttackKind.SHADOW_LOGISTIC ? 0 : hidden == null ? d.hidden() : hidden,
                epochs == null ? d.epochs() : epochs, batchSize == null ? d.batchSize() : batchSize,
                learningRate == null ? d.learningRate() : learningRate,
                weightDecay == null ? d.weightDecay() : weightDecay, seed);
    }

    /** Epochs of the adaptive attacker. */
    public int adaptive() {
        return adaptiveEpochs == null ? 3 : adaptiveEpochs;
    }
}
