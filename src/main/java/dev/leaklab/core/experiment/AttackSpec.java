package dev.leaklab.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.attack.LabelOnly;
import java.util.ArrayList;
import java.util.List;

/**
 * One attack of an experiment: the attack, and for a shadow-model attack the outputs it sees, as a list
 * ({@code ["logits", "loss"]}) or a preset: {@code "all"} (the 15 non-empty subsets, one attack each),
 * {@code "black-box"} (logits, loss, confidence) or {@code "gray-box"} (all four). LiRA takes the number of
 * reference models, and so does RMIA; attacks of one form (offline or online) share theirs.
 *
 * @param attack          the attack's id, e.g. {@code shadow-mlp}
 * @param features        a list of outputs or a preset; defaults to black-box
 * @param referenceModels LiRA's or RMIA's reference models (default 4, at most 1,024; even for the online
 *                        form, and at least 2 for it)
 * @param variants        the label-only attack's meaning-preserving variants of each sample (default 16, 1 to
 *                        256)
 */
public record AttackSpec(String attack, JsonNode features, Integer referenceModels, Integer variants) {

    /** The default number of LiRA and RMIA reference models. */
    public static final int DEFAULT_REFERENCE_MODELS = 4;
    /** The most reference models an attack may ask for. */
    public static final int MAX_REFERENCE_MODELS = 1_024;

    /** Checks the attack and its features. */
    public AttackSpec {
        AttackKind kind = AttackKind.fromId(attack == null ? "shadow-mlp" : attack);
        attack = kind.id();
        featureSets(kind, features);
        if (referenceModels != null && !kind.needsReferences()) {
            throw new IllegalArgumentException(kind.id() + " uses no reference models; remove referenceModels");
        }
        int least = kind.isOnline() ? 2 : 1;
        if (referenceModels != null && (referenceModels < least || referenceModels > MAX_REFERENCE_MODELS)) {
            throw new IllegalArgumentException("referenceModels of " + kind.id() + " must be " + least + " to "
                    + MAX_REFERENCE_MODELS + ", was " + referenceModels);
        }
        if (variants != null && !kind.queriesVariants()) {
            throw new IllegalArgumentException(kind.id() + " queries no variants; remove variants");
        }
        if (variants != null && (variants < 1 || variants > LabelOnly.MAX_VARIANTS)) {
            throw new IllegalArgumentException("variants of " + kind.id() + " must be 1 to " + LabelOnly.MAX_VARIANTS
                    + ", was " + variants);
        }
        if (referenceModels != null && kind.isOnline() && referenceModels % 2 != 0) {
            throw new IllegalArgumentException("referenceModels of " + kind.id() + " must be even (half see each "
                    + "sample), was " + referenceModels);
        }
    }

    /** The attack. */
    public AttackKind kind() {
        return AttackKind.fromId(attack);
    }

    /** LiRA's reference models. */
    public int references() {
        return referenceModels == null ? DEFAULT_REFERENCE_MODELS : referenceModels;
    }

    /** The label-only attack's variants of each sample. */
    public int variantCount() {
        return variants == null ? LabelOnly.DEFAULT_VARIANTS : variants;
    }

    /** The feature sets this entry expands to (one for a fixed-output attack). */
    public List<FeatureSet> featureSets() {
        return featureSets(kind(), features);
    }

    static List<FeatureSet> featureSets(AttackKind kind, JsonNode features) {
        if (!kind.takesFeatures()) {
            if (features != null && !features.isNull()) {
                throw new IllegalArgumentException(kind.id() + " reads a fixed output and takes no features");
            }
            return List.of(kind.fixedFeatures());
        }
        if (features == null || features.isNull()) {
            return List.of(FeatureSet.BLACK_BOX);
        }
        if (features.isTextual()) {
            return switch (features.asText()) {
                case "all" -> FeatureSet.all();
                case "black-box" -> List.of(FeatureSet.BLACK_BOX);
                case "gray-box" -> List.of(FeatureSet.GRAY_BOX);
                default -> throw new IllegalArgumentException("unknown feature preset \"" + features.asText()
                        + "\"; expected all, black-box, gray-box or a list of embedding, logits, loss, confidence");
            };
        }
        if (!features.isArray() || features.isEmpty()) {
            throw new IllegalArgumentException("features must be a non-empty list or a preset");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode f : features) {
            if (!f.isTextual()) {
                throw new IllegalArgumentException("features must be names, found " + f);
            }
            ids.add(f.asText());
        }
        return List.of(FeatureSet.ofIds(ids));
    }
}
