package dev.leaklab.core.attack;

/**
 * A threshold attack on one output: low loss, high confidence or low prediction entropy means member
 * (Yeom et al. 2018; Song and Mittal 2021). No training: only the threshold is chosen, on shadow data. A
 * withheld output leaves the attacker a constant score.
 */
public final class ThresholdAttack implements TrainedAttack {

    private final AttackKind kind;
    private final double threshold;

    private ThresholdAttack(AttackKind kind, double threshold) {
        this.kind = kind;
        this.threshold = threshold;
    }

    /** Chooses the threshold on shadow members and non-members. */
    public static ThresholdAttack fit(AttackKind kind, Released shadowIn, Released shadowOut) {
        if (kind.takesFeatures() || kind.needsReferences()) {
            throw new IllegalArgumentException(kind.id() + " is not a threshold attack");
        }
        double t = AttackMetrics.bestThreshold(scores(kind, shadowIn), scores(kind, shadowOut));
        return new ThresholdAttack(kind, t);
    }

    @Override
    public AttackKind kind() {
        return kind;
    }

    @Override
    public FeatureSet features() {
        return kind.fixedFeatures();
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public double[] score(Released released) {
        return scores(kind, released);
    }

    static double[] scores(AttackKind kind, Released r) {
        int n = r.size();
        double[] s = new double[n];
        float[] loss = r.loss();
        float[] confidence = r.confidence();
        for (int i = 0; i < n; i++) {
            double v = switch (kind) {
                case LOSS_THRESHOLD -> -loss[i];
                case CONFIDENCE_THRESHOLD -> confidence[i];
                case ENTROPY_THRESHOLD -> -entropy(confidence[i]);
                default -> throw new IllegalStateException();
            };
            s[i] = Double.isNaN(v) ? 0 : v;
        }
        return s;
    }

    /** The entropy of a two-class prediction whose larger probability is {@code p}, in nats. */
    static double entropy(double p) {
        double q = 1 - p;
        return -(p > 0 ? p * Math.log(p) : 0) - (q > 0 ? q * Math.log(q) : 0);
    }
}
