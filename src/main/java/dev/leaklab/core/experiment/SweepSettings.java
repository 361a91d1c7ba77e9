package dev.leaklab.core.experiment;

import java.util.List;

/**
 * The sigma sweep that traces the privacy-utility frontier: the experiment's defence at each sigma.
 *
 * @param sigmas   the noise scales (default 0, 0.1, 0.25, 0.5, 1, 2, 4)
 * @param adaptive also evaluate the adaptive attacker at each sigma (default true)
 */
public record SweepSettings(List<Double> sigmas, Boolean adaptive) {

    /** Checks the scales. */
    public SweepSettings {
        sigmas = sigmas == null ? List.of(0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0) : List.copyOf(sigmas);
        if (sigmas.size() > 200) {
            throw new IllegalArgumentException("a sweep holds at most 200 sigmas, had " + sigmas.size());
        }
        for (int i = 0; i < sigmas.size(); i++) {
            Double s = sigmas.get(i);
            if (s == null || !(s >= 0) || s.isInfinite()) {
                throw new IllegalArgumentException("sigmas[" + i + "] must be a number >= 0, was " + s);
            }
        }
        adaptive = adaptive == null || adaptive;
    }

    /** The default sweep. */
    public static SweepSettings defaults() {
        return new SweepSettings(null, null);
    }
}
