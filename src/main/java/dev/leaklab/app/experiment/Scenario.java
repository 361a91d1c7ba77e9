package dev.leaklab.app.experiment;

/** Preset scenarios for the classroom: each sets up the quickstart experiment and the defence in one click. */
public enum Scenario {
    /** A target trained until it overfits, no defence: the attack at its strongest. */
    OVERFIT("Overfit target, no defence", 40, 0, true, false),
    /** NMID as the study sets it: noise on every output, labels free to flip. */
    STUDY_NMID("NMID at the study's setting", 20, 0.5, false, false),
    /** The same defence against an attacker who knows it and retrains on defended outputs. */
    ADAPTIVE("Adaptive attacker", 20, 0.5, false, true);

    private final String title;
    private final int epochs;
    private final double sigma;
    private final boolean labelPreserving;
    private final boolean adaptive;

    Scenario(String title, int epochs, double sigma, boolean labelPreserving, boolean adaptive) {
        this.title = title;
        this.epochs = epochs;
        this.sigma = sigma;
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

    /** Whether the prediction is kept. */
    public boolean labelPreserving() {
        return labelPreserving;
    }

    /** Whether the attacker adapts. */
    public boolean adaptive() {
        return adaptive;
    }
}
