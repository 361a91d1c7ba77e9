package dev.leaklab.app.experiment;

import dev.leaklab.core.defense.Mask;

/** Preset scenarios for the classroom: each sets up the quickstart experiment and the defence in one click. */
public enum Scenario {
    /** A target trained until it overfits, no defence: the attack at its strongest. */
    OVERFIT("Overfit target, no defence", 40, 0, Mask.RELEASED, true, false),
    /**
     * NMID as the study sets it (method.md, section 5): output masking and Gaussian noise that keep the model's
     * utility. The logits are masked to the top-1 label, every released output gets noise at sigma 0.5, and the
     * released label is the clean one, so F1 cannot move. The quickstart project's defence block is the same.
     */
    STUDY_NMID("NMID at the study's setting", 20, 0.5, Mask.REDUCED, true, false),
    /** The same defence against an attacker who knows it and retrains on defended outputs. */
    ADAPTIVE("Adaptive attacker", 20, 0.5, Mask.REDUCED, true, true);

    private final String title;
    private final int epochs;
    private final double sigma;
    private final Mask logits;
    private final boolean labelPreserving;
    private final boolean adaptive;

    Scenario(String title, int epochs, double sigma, Mask logits, boolean labelPreserving, boolean adaptive) {
        this.title = title;
        this.epochs = epochs;
        this.sigma = sigma;
        this.logits = logits;
        this.labelPreserving = labelPreserving;
        this.adaptive = adaptive;
    }

    /** The menu title. */
    public String title() {
        return title;
    }

    /** Target training epochs. */
    public int epochs() {
        return epochs;
    }

    /** NMID's sigma on every output. */
    public double sigma() {
        return sigma;
    }

    /** How the logits are released. */
    public Mask logits() {
        return logits;
    }

    /** Whether the prediction is kept. */
    public boolean labelPreserving() {
        return labelPreserving;
    }

    /** Whether the attacker adapts. */
    public boolean adaptive() {
        return adaptive;
    }
}
