package dev.leaklab.core.experiment;

/**
 * A dataset made by a generator built into LeakLab instead of read from files.
 *
 * @param kind      the generator; {@value #SYNTHETIC_C} is the only one so far
 * @param functions how many functions to generate
 * @param seed      the generator's seed: same seed, same functions
 * @param decorated whether the functions also carry decorative statements and a branch around their core (a
 *                  harder corpus); absent means no, as in the quickstart
 */
public record GeneratorSpec(String kind, Integer functions, Long seed, Boolean decorated) {

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
        decorated = decorated != null && decorated ? Boolean.TRUE : null;
    }

    /** A generator of {@code functions} plain functions from {@code seed}. */
    public GeneratorSpec(String kind, Integer functions, Long seed) {
        this(kind, functions, seed, null);
    }

    /** Whether the functions carry decoration. */
    public boolean hasDecoration() {
        return decorated != null;
    }
}
