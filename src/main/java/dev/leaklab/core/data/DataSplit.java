package dev.leaklab.core.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The four disjoint, class-stratified subsets of deduplicated data, and what deduplication removed.
 *
 * @param subsets the samples of each subset, in dataset order
 * @param dedup   the deduplication report
 * @param spec    the settings that made this split
 */
public record DataSplit(Map<Subset, List<NormalizedSample>> subsets, DedupReport dedup, SplitSpec spec) {

    /** Copies the map and lists. */
    public DataSplit {
        EnumMap<Subset, List<NormalizedSample>> copy = new EnumMap<>(Subset.class);
        for (Subset s : Subset.values()) {
            copy.put(s, List.copyOf(subsets.getOrDefault(s, List.of())));
        }
        subsets = java.util.Collections.unmodifiableMap(copy);
    }

    /** The samples of one subset. */
    public List<NormalizedSample> get(Subset subset) {
        return subsets.get(subset);
    }

    /** Number of vulnerable samples in one subset. */
    public long vulnerable(Subset subset) {
        return get(subset).stream().filter(s -> s.sample().isVulnerable()).count();
    }
}
