package dev.leaklab.core.data;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How to split deduplicated data into the four subsets. Fractions are of each class, so every subset keeps
 * the vulnerable / not-vulnerable balance; they may sum to less than 1 (the rest is left unused).
 *
 * @param targetIn     fraction for target members
 * @param targetOut    fraction for target non-members
 * @param shadowIn     fraction for shadow members
 * @param shadowOut    fraction for shadow non-members
 * @param maxPerSubset at most this many samples a subset (classes capped in proportion), or 0 for no cap
 * @param conflicts    what to do with bodies that carry both labels
 * @param seed         the shuffle seed: same seed, same data, same split
 * @param dedup        {@code exact} (the default, written as {@code null}), {@code near} or {@code none}
 * @param nearThreshold for {@code near}, the Jaccard similarity of token shingles at which two samples of one
 *                     label are near-duplicates ({@code null}: {@link NearDuplicates#DEFAULT_THRESHOLD})
 */
public record SplitSpec(double targetIn, double targetOut, double shadowIn, double shadowOut, int maxPerSubset,
                        ConflictPolicy conflicts, long seed,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String dedup,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double nearThreshold) {

    /** Exact deduplication, the default. */
    public SplitSpec(double targetIn, double targetOut, double shadowIn, double shadowOut, int maxPerSubset,
                     ConflictPolicy conflicts, long seed) {
        this(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, conflicts, seed, null, null);
    }

    /** Default seed of the split. */
    public static final long DEFAULT_SEED = 42L;

    /** Checks the fractions and the cap. */
    public SplitSpec {
        double[] fractions = {targetIn, targetOut, shadowIn, shadowOut};
        String[] names = {"targetIn", "targetOut", "shadowIn", "shadowOut"};
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            if (!(fractions[i] > 0 && fractions[i] <= 1)) {
                throw new IllegalArgumentException("split fraction " + names[i] + " must be in (0, 1], was "
                        + fractions[i]);
            }
            sum += fractions[i];
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions must sum to at most 1, sum to " + sum);
        }
        if (maxPerSubset < 0) {
            throw new IllegalArgumentException("maxPerSubset must be >= 0 (0: no cap), was " + maxPerSubset);
        }
        if (conflicts == null) {
            throw new IllegalArgumentException("conflicts policy is required");
        }
        // why: the default is written as null, so a spec's JSON (and the model cache's hashes) stay as they were
        if ("exact".equals(dedup)) {
            dedup = null;
        }
        if (dedup != null && !dedup.equals("near") && !dedup.equals("none")) {
            throw new IllegalArgumentException("split.dedup must be exact, near or none, was \"" + dedup + "\"");
        }
        if (nearThreshold != null && !"near".equals(dedup)) {
            throw new IllegalArgumentException("split.nearThreshold applies to dedup \"near\" only");
        }
        if (nearThreshold != null && !(nearThreshold > 0 && nearThreshold <= 1)) {
            throw new IllegalArgumentException("split.nearThreshold must be in (0, 1], was " + nearThreshold);
        }
    }

    /** {@code exact}, {@code near} or {@code none}. */
    public String dedupMode() {
        return dedup == null ? "exact" : dedup;
    }

    /** The near-duplicate threshold in use. */
    public double nearThresholdOrDefault() {
        return nearThreshold == null ? NearDuplicates.DEFAULT_THRESHOLD : nearThreshold;
    }

    /** Four equal quarters, no cap, conflicting bodies dropped, the default seed. */
    public static SplitSpec equalQuarters() {
        return new SplitSpec(0.25, 0.25, 0.25, 0.25, 0, ConflictPolicy.DROP, DEFAULT_SEED);
    }

    /** A copy with another seed. */
    public SplitSpec withSeed(long newSeed) {
        return new SplitSpec(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, conflicts, newSeed, dedup,
                nearThreshold);
    }

    /** The fraction of one subset. */
    public double fraction(Subset subset) {
        return switch (subset) {
            case TARGET_IN -> targetIn;
            case TARGET_OUT -> targetOut;
            case SHADOW_IN -> shadowIn;
            case SHADOW_OUT -> shadowOut;
        };
    }
}
