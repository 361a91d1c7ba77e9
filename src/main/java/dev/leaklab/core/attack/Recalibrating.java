package dev.leaklab.core.attack;

import java.util.function.UnaryOperator;

/**
 * An attack calibrated with reference models (LiRA, RMIA) that can calibrate itself again on reference outputs
 * released through a defence: the adaptive attacker who knows the defence and adds the same noise to its own
 * reference models' outputs before fitting.
 */
public interface Recalibrating extends TrainedAttack {

    /**
     * The attack fitted again.
     *
     * @param references how the attacker releases its own reference models' outputs (the defence, simulated)
     * @param target     how the target answers the attacker's queries (the defence itself), for population
     *                   samples the attack asked the target about
     */
    TrainedAttack recalibrated(UnaryOperator<Released> references, UnaryOperator<Released> target);
}
