package dev.leaklab.core.experiment;

/**
 * A dataset made by a generator built into LeakLab instead of read from files.
 *
 * @param kind      the generator; {@value #SYNTHETIC_C} is the only one so far
 * @param functions how many functions to generate
 * @param seed      the generator's seed: same seed, same functions
 */
public record GeneratorSpec(String kind, Integer functions, Long seed) {

    /** The synthetic C weakness-pattern corpus of the quickstart project. */
    public static final String SYNTHETIC_C = "synthetic-c";

    /** Fills in defaults and checks the values. */
    public GeneratorSpec {
        kind = kind == null ? SYNTHETIC_C : kind;
        if (!SYNTHETIC_C.equals(kind)) {
            throw new IllegalArgumentException("unknown generator '" + kind + "' (expected " + SYNTHETIC_C + ")");
        }
        functions = functions == null ? 4000 : functions;
        if (functions < 40 || functions > 1_000_000) {
            throw new IllegalArgumentException("generator functions must be between 40 and 1000000, was " + functions);
        }
        seed = seed == null ? 20251208L : seed;
    }
}
