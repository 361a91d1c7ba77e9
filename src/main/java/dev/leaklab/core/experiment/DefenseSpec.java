package dev.leaklab.core.experiment;

import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.defense.DefenseSettings;
import dev.leaklab.core.defense.Mask;
import dev.leaklab.core.defense.NoiseMode;
import java.util.EnumMap;
import java.util.Map;

/**
 * The NMID setting of an experiment (method.md, section 5); every field may be left out.
 *
 * @param sigma           noise scale of every output, in units of its spread (default 0.5)
 * @param sigmas          per-output scales, e.g. {@code {"embedding": 1.0}}
 * @param masks           per-output masks: released, reduced or withheld
 * @param labelPreserving the released prediction always equals the clean one (default true)
 * @param noise           fresh or keyed (default keyed)
 * @param decimals        decimals a reduced output keeps (default 1)
 * @param seed            the noise seed (default: the experiment's seed)
 * @param queries         repeated queries the averaging attacker sends (default 16)
 */
public record DefenseSpec(Double sigma, Map<String, Double> sigmas, Map<String, String> masks,
                          Boolean labelPreserving, String noise, Integer decimals, Long seed, Integer queries) {

    /** Checks every value by building the settings. */
    public DefenseSpec {
        // why: a compact constructor cannot call instance methods on its fields yet, so check a built copy
        settings(sigma, sigmas, masks, labelPreserving, noise, decimals, seed, 0);
        if (queries != null && (queries < 1 || queries > 1000)) {
            throw new IllegalArgumentException("queries must be 1 to 1000, was " + queries);
        }
    }

    /** All defaults. */
    public static DefenseSpec defaults() {
        return new DefenseSpec(null, null, null, null, null, null, null, null);
    }

    /** The defence settings, seeded with {@code experimentSeed} unless a seed is given. */
    public DefenseSettings toSettings(long experimentSeed) {
        return settings(sigma, sigmas, masks, labelPreserving, noise, decimals, seed, experimentSeed);
    }

    private static DefenseSettings settings(Double sigma, Map<String, Double> sigmas, Map<String, String> masks,
                                            Boolean labelPreserving, String noise, Integer decimals, Long seed,
                                            long experimentSeed) {
        Map<Feature, Double> s = new EnumMap<>(Feature.class);
        if (sigmas != null) {
            sigmas.forEach((k, v) -> s.put(Feature.fromId(k), v));
        }
        Map<Feature, Mask> m = new EnumMap<>(Feature.class);
        if (masks != null) {
            masks.forEach((k, v) -> m.put(Feature.fromId(k), Mask.fromId(v)));
        }
        return new DefenseSettings(sigma == null ? 0.5 : sigma, s, m, labelPreserving == null || labelPreserving,
                noise == null ? NoiseMode.KEYED : NoiseMode.fromId(noise), decimals == null ? 1 : decimals,
                seed == null ? experimentSeed : seed);
    }

    /** Queries the averaging attacker sends. */
    public int queryCount() {
        return queries == null ? 16 : queries;
    }
}
