package dev.leaklab.core.attack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A non-empty set of the outputs an attacker sees. The study's black-box attacker sees logits, loss and
 * confidence; the gray-box one also the embedding.
 *
 * @param features the outputs, never empty
 */
public record FeatureSet(Set<Feature> features) {

    /** Logits, loss and confidence. */
    public static final FeatureSet BLACK_BOX = of(Feature.LOGITS, Feature.LOSS, Feature.CONFIDENCE);
    /** All four outputs. */
    public static final FeatureSet GRAY_BOX = of(Feature.values());

    /** Keeps an unmodifiable copy in the enum's order. */
    public FeatureSet {
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("a feature set needs at least one of embedding, logits, loss, "
                    + "confidence");
        }
        features = Collections.unmodifiableSet(EnumSet.copyOf(features));
    }

    /** The set of the given features. */
    public static FeatureSet of(Feature... features) {
        return new FeatureSet(EnumSet.copyOf(List.of(features)));
    }

    /** The set named by ids ({@code ["logits", "loss"]}). */
    public static FeatureSet ofIds(Collection<String> ids) {
        EnumSet<Feature> set = EnumSet.noneOf(Feature.class);
        for (String id : ids) {
            set.add(Feature.fromId(id));
        }
        return new FeatureSet(set);
    }

    /** All 15 non-empty subsets, smallest first, in a fixed order. */
    public static List<FeatureSet> all() {
        List<FeatureSet> all = new ArrayList<>();
        Feature[] f = Feature.values();
        for (int size = 1; size <= f.length; size++) {
            for (int mask = 1; mask < 1 << f.length; mask++) {
                if (Integer.bitCount(mask) != size) {
                    continue;
                }
                EnumSet<Feature> set = EnumSet.noneOf(Feature.class);
                for (int k = 0; k < f.length; k++) {
                    if ((mask & 1 << k) != 0) {
                        set.add(f[k]);
                    }
                }
                all.add(new FeatureSet(set));
            }
        }
        return all;
    }

    /** Whether the set holds {@code feature}. */
    public boolean has(Feature feature) {
        return features.contains(feature);
    }

    /** The ids in order. */
    public List<String> ids() {
        return features.stream().map(Feature::id).toList();
    }

    /** A short name, {@code logits+loss}. */
    public String name() {
        return features.stream().map(Feature::id).collect(Collectors.joining("+"));
    }

    @Override
    public String toString() {
        return name();
    }
}
