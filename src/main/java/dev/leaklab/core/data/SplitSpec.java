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
 * @param canaries     memorisation canaries planted in target-in, and as many held out in target-out
 *                     ({@code null}: none; see {@link Canaries})
 * @param canaryRepeats how many times the target trains on each planted canary ({@code null}: 8)
 */
public record SplitSpec(double targetIn, double targetOut, double shadowIn, double shadowOut, int maxPerSubset,
                        ConflictPolicy conflicts, long seed,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String dedup,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double nearThreshold,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer canaries,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer canaryRepeats) {

    /** Exact deduplication, the default. */
    public SplitSpec(double targetIn, double targetOut, double shadowIn, double shadowOut, int maxPerSubset,
                     ConflictPolicy conflicts, long seed) {
        this(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, conflicts, seed, null, null);
    }

    /** No canaries. */
    public SplitSpec(double targetIn, double targetOut, double shadowIn, double shadowOut, int maxPerSubset,
                     ConflictPolicy conflicts, long seed, String dedup, Double nearThreshold) {
        this(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, conflicts, seed, dedup, nearThreshold, null, null);
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
        // why: no canaries is written as null, so the JSON (and the cache's hashes) of a spec without them stay
        if (canaries != null && canaries == 0) {
            canaries = null;
        }
        if (canaries != null && (canaries < 0 || canaries > Canaries.MAX)) {
            throw new IllegalArgumentException("split.canaries must be 0 to " + Canaries.MAX + ", was " + canaries);
        }
        if (canaryRepeats != null && canaries == null) {
            throw new IllegalArgumentException("split.canaryRepeats needs split.canaries");
        }
        if (canaryRepeats != null && (canaryRepeats < 1 || canaryRepeats > Canaries.MAX_REPEATS)) {
            throw new IllegalArgumentException("split.canaryRepeats must be 1 to " + Canaries.MAX_REPEATS + ", was "
                    + canaryRepeats);
        }
    }

    /** {@code exact}, {@code near} or {@code none}. */
    public String dedupMode() {
        return dedup == null ? "exact" : dedup;
    }

    /** Canaries planted in target-in (and held out in target-out); 0 for none. */
    public int canaryCount() {
        return canaries == null ? 0 : canaries;
    }

    /** How many times the target trains on each planted canary. */
    public int canaryRepeatsOrDefault() {
        return canaryRepeats == null ? Canaries.DEFAULT_REPEATS : canaryRepeats;
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
                nearThreshold, canaries, canaryRepeats);
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
