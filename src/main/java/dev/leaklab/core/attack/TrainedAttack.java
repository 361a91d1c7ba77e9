package dev.leaklab.core.attack;

/** An attack ready to score samples: higher means more likely a member. */
public interface TrainedAttack {

    /** The attack. */
    AttackKind kind();

    /** The outputs it reads. */
    FeatureSet features();

    /** The member threshold chosen on shadow data. */
    double threshold();

    /** One score a sample of {@code released}. */
    double[] score(Released released);
}
