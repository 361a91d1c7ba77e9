package dev.leaklab.core.defense;

import dev.leaklab.core.attack.Feature;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One setting of the NMID defence (method.md, section 5): per output a mask and a Gaussian noise scale, the
 * scale in units of that output's spread on reference data, so one sigma means the same on every output.
 *
 * @param sigma           the noise scale of every output without one of its own, at least 0
 * @param sigmas          per-output scales that override {@code sigma}
 * @param masks           per-output masks; an output not named is released
 * @param labelPreserving the released prediction always equals the clean one
 * @param noise           fresh per query, or keyed to the input
 * @param decimals        decimals kept by a reduced output, 0 to 6
 * @param seed            the noise seed
 */
public record DefenseSettings(double sigma, Map<Feature, Double> sigmas, Map<Feature, Mask> masks,
                              boolean labelPreserving, NoiseMode noise, int decimals, long seed) {

    /** No defence: everything released, no noise. */
    public static final DefenseSettings NONE = new DefenseSettings(0, Map.of(), Map.of(), false, NoiseMode.KEYED, 1,
            0);

    /** Checks the ranges and keeps unmodifiable copies. */
    public DefenseSettings {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("defense sigma must be a number >= 0, was " + sigma);
        }
        EnumMap<Feature, Double> s = new EnumMap<>(Feature.class);
        if (sigmas != null) {
            for (Map.Entry<Feature, Double> e : sigmas.entrySet()) {
                double v = e.getValue() == null ? Double.NaN : e.getValue();
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("defense sigma of " + e.getKey().id() + " must be a number "
                            + ">= 0, was " + e.getValue());
                }
                s.put(e.getKey(), v);
            }
        }
        sigmas = Collections.unmodifiableMap(s);
        EnumMap<Feature, Mask> m = new EnumMap<>(Feature.class);
        if (masks != null) {
            m.putAll(masks);
        }
        masks = Collections.unmodifiableMap(m);
        noise = noise == null ? NoiseMode.KEYED : noise;
        if (decimals < 0 || decimals > 6) {
            throw new IllegalArgumentException("defense decimals must be 0 to 6, was " + decimals);
        }
    }

    /** The study's setting: every output released with the same noise scale, label-preserving, keyed. */
    public static DefenseSettings noise(double sigma) {
        return new DefenseSettings(sigma, Map.of(), Map.of(), true, NoiseMode.KEYED, 1, 0);
    }

    /** The noise scale of one output. */
    public double sigma(Feature f) {
        return sigmas.getOrDefault(f, sigma);
    }

    /** The mask of one output. */
    public Mask mask(Feature f) {
        return masks.getOrDefault(f, Mask.RELEASED);
    }

    /** Whether this setting releases everything unchanged. */
    public boolean isNone() {
        for (Feature f : Feature.values()) {
            if (sigma(f) != 0 || mask(f) != Mask.RELEASED) {
                return false;
            }
        }
        return true;
    }

    /** The same with another global sigma. */
    public DefenseSettings withSigma(double newSigma) {
        return new DefenseSettings(newSigma, sigmas, masks, labelPreserving, noise, decimals, seed);
    }

    /** The same with another sigma for one output. */
    public DefenseSettings withSigma(Feature f, double value) {
        EnumMap<Feature, Double> s = new EnumMap<>(Feature.class);
        s.putAll(sigmas);
        s.put(f, value);
        return new DefenseSettings(sigma, s, masks, labelPreserving, noise, decimals, seed);
    }

    /** The same with another mask for one output. */
    public DefenseSettings withMask(Feature f, Mask mask) {
        EnumMap<Feature, Mask> m = new EnumMap<>(Feature.class);
        m.putAll(masks);
        m.put(f, mask);
        return new DefenseSettings(sigma, sigmas, m, labelPreserving, noise, decimals, seed);
    }

    /** The same with label preservation on or off. */
    public DefenseSettings withLabelPreserving(boolean on) {
        return new DefenseSettings(sigma, sigmas, masks, on, noise, decimals, seed);
    }

    /** The same with another noise mode. */
    public DefenseSettings withNoise(NoiseMode mode) {
        return new DefenseSettings(sigma, sigmas, masks, labelPreserving, mode, decimals, seed);
    }
}
