package dev.leaklab.core.attack;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The membership attacks LeakLab runs (method.md, section 4). */
public enum AttackKind {
    /** A small MLP trained on shadow members vs non-members, over any feature set (the study's attack). */
    SHADOW_MLP("shadow-mlp", true),
    /** Logistic regression in place of the MLP. */
    SHADOW_LOGISTIC("shadow-logistic", true),
    /** Low loss means member; threshold chosen on shadow data. */
    LOSS_THRESHOLD("loss-threshold", false),
    /** High confidence means member. */
    CONFIDENCE_THRESHOLD("confidence-threshold", false),
    /** Low prediction entropy means member. */
    ENTROPY_THRESHOLD("entropy-threshold", false),
    /** LiRA (Carlini et al. 2022) against reference models that never saw the candidates. */
    LIRA_OFFLINE("lira-offline", false),
    /** LiRA with reference models half of which saw each candidate. */
    LIRA_ONLINE("lira-online", false),
    /** RMIA (Zarifzadeh et al. 2024) against reference models that never saw the candidates. */
    RMIA_OFFLINE("rmia-offline", false),
    /** RMIA with reference models half of which saw each candidate. */
    RMIA_ONLINE("rmia-online", false),
    /**
     * The label-only attack (Choquette-Choo et al. 2021): how often the predicted label stays right over
     * meaning-preserving variants of a sample. It reads only the label, which masking leaves.
     */
    LABEL_ONLY("label-only", false);

    private final String id;
    private final boolean takesFeatures;

    AttackKind(String id, boolean takesFeatures) {
        this.id = id;
        this.takesFeatures = takesFeatures;
    }

    /** The name used in files. */
    public String id() {
        return id;
    }

    /** Whether the attack takes a feature set (the others read one fixed output). */
    public boolean takesFeatures() {
        return takesFeatures;
    }

    /** Whether this is a LiRA attack. */
    public boolean isLira() {
        return this == LIRA_OFFLINE || this == LIRA_ONLINE;
    }

    /** Whether this is an RMIA attack. */
    public boolean isRmia() {
        return this == RMIA_OFFLINE || this == RMIA_ONLINE;
    }

    /** Whether the attack calibrates per sample with reference models (LiRA or RMIA). */
    public boolean needsReferences() {
        return isLira() || isRmia();
    }

    /** Whether its reference models trained on the candidates (half of them each): the online form. */
    public boolean isOnline() {
        return this == LIRA_ONLINE || this == RMIA_ONLINE;
    }

    /** Whether the attack queries the model on variants of each sample (the label-only attack). */
    public boolean queriesVariants() {
        return this == LABEL_ONLY;
    }

    /**
     * The fixed output a threshold, LiRA, RMIA or label-only attack reads. The label-only attack's is the
     * logits' arg-max, the predicted label, which it reads even when the logits are reduced or withheld.
     */
    public FeatureSet fixedFeatures() {
        return switch (this) {
            case LOSS_THRESHOLD -> FeatureSet.of(Feature.LOSS);
            case CONFIDENCE_THRESHOLD, ENTROPY_THRESHOLD -> FeatureSet.of(Feature.CONFIDENCE);
            case LIRA_OFFLINE, LIRA_ONLINE, RMIA_OFFLINE, RMIA_ONLINE, LABEL_ONLY -> FeatureSet.of(Feature.LOGITS);
            default -> throw new IllegalStateException(id + " takes a feature set");
        };
    }

    /** The attack named {@code id}; the message lists the accepted names. */
    public static AttackKind fromId(String id) {
        for (AttackKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown attack \"" + id + "\"; expected one of "
                + Arrays.stream(values()).map(AttackKind::id).collect(Collectors.joining(", ")));
    }
}
