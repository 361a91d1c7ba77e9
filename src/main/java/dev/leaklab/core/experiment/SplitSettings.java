package dev.leaklab.core.experiment;

import dev.leaklab.core.data.ConflictPolicy;
import dev.leaklab.core.data.SplitSpec;

/**
 * The split as written in a project file; every field may be left out for its default (equal quarters, no
 * cap, conflicting bodies dropped, seed 42).
 *
 * @param targetIn     fraction of each class for target members
 * @param targetOut    fraction for target non-members
 * @param shadowIn     fraction for shadow members
 * @param shadowOut    fraction for shadow non-members
 * @param maxPerSubset at most this many samples a subset, 0 for no cap
 * @param conflicts    {@code drop}, {@code majority} or {@code vulnerable}
 * @param seed         the shuffle seed
 * @param dedup        {@code exact} (default), {@code near} (also near-duplicates of one label) or {@code none}
 * @param nearThreshold the Jaccard similarity of near-duplicates (default 0.8; {@code near} only)
 * @param canaries     memorisation canaries planted in target-in, as many held out in target-out (default none)
 * @param canaryRepeats how many times the target trains on each planted canary (default 8)
 */
public record SplitSettings(Double targetIn, Double targetOut, Double shadowIn, Double shadowOut,
                            Integer maxPerSubset, String conflicts, Long seed,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String dedup,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            Double nearThreshold,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Integer canaries,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            Integer canaryRepeats) {

    /** Exact deduplication. */
    public SplitSettings(Double targetIn, Double targetOut, Double shadowIn, Double shadowOut, Integer maxPerSubset,
                         String conflicts, Long seed) {
        this(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, conflicts, seed, null, null);
    }

    /** No canaries. */
    public SplitSettings(Double targetIn, Double targetOut, Double shadowIn, Double shadowOut, Integer maxPerSubset,
                         String conflicts, Long seed, String dedup, Double nearThreshold) {
        this(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, conflicts, seed, dedup, nearThreshold, null,
                null);
    }

    /** The same with another deduplication. */
    public SplitSettings withDedup(String newDedup, Double newNearThreshold) {
        return new SplitSettings(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, conflicts, seed, newDedup,
                newNearThreshold, canaries, canaryRepeats);
    }

    /** Fills in defaults and checks the values by building the {@link SplitSpec}. */
    public SplitSettings {
        SplitSpec d = SplitSpec.equalQuarters();
        targetIn = targetIn == null ? d.targetIn() : targetIn;
        targetOut = targetOut == null ? d.targetOut() : targetOut;
        shadowIn = shadowIn == null ? d.shadowIn() : shadowIn;
        shadowOut = shadowOut == null ? d.shadowOut() : shadowOut;
        maxPerSubset = maxPerSubset == null ? 0 : maxPerSubset;
        conflicts = conflicts == null ? d.conflicts().id() : conflicts;
        seed = seed == null ? d.seed() : seed;
        new SplitSpec(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, ConflictPolicy.fromId(conflicts), seed,
                dedup, nearThreshold, canaries, canaryRepeats);
    }

    /** All defaults. */
    public static SplitSettings defaults() {
        return new SplitSettings(null, null, null, null, null, null, null);
    }

    /** The core split settings. */
    public SplitSpec toSpec() {
        return new SplitSpec(targetIn, targetOut, shadowIn, shadowOut, maxPerSubset, ConflictPolicy.fromId(conflicts),
                seed, dedup, nearThreshold, canaries, canaryRepeats);
    }
}
