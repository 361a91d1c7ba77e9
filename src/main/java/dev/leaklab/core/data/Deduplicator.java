package dev.leaklab.core.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes exact duplicates after normalisation, keeping each body's first occurrence, so the same code can
 * never land among both members and non-members (an attack would then detect duplicates, not membership).
 */
public final class Deduplicator {

    /** The kept samples and the report. */
    public record Result(List<NormalizedSample> kept, DedupReport report) {
        /** Copies the list. */
        public Result {
            kept = List.copyOf(kept);
        }
    }

    private Deduplicator() {
    }

    /** Deduplicates {@code samples} (already normalised) under {@code policy}. */
    public static Result deduplicate(List<NormalizedSample> samples, ConflictPolicy policy) {
        Map<String, Group> groups = new LinkedHashMap<>(samples.size() * 2);
        for (NormalizedSample s : samples) {
            groups.computeIfAbsent(s.key(), k -> new Group(s)).add(s.sample().label());
        }
        List<NormalizedSample> kept = new ArrayList<>(groups.size());
        int conflicting = 0;
        int dropped = 0;
        for (Group g : groups.values()) {
            if (g.vulnerable > 0 && g.safe > 0) {
                conflicting++;
                switch (policy) {
                    case DROP -> dropped++;
                    case MAJORITY -> kept.add(g.withLabel(g.vulnerable >= g.safe ? 1 : 0));
                    case VULNERABLE -> kept.add(g.withLabel(1));
                }
            } else {
                kept.add(g.first);
            }
        }
        DedupReport report = new DedupReport(samples.size(), groups.size(), samples.size() - groups.size(),
                conflicting, dropped, kept.size());
        return new Result(kept, report);
    }

    private static final class Group {
        final NormalizedSample first;
        int vulnerable;
        int safe;

        Group(NormalizedSample first) {
            this.first = first;
        }

        void add(int label) {
            if (label == 1) {
                vulnerable++;
            } else {
                safe++;
            }
        }

        NormalizedSample withLabel(int label) {
            Sample s = first.sample();
            if (s.label() == label) {
                return first;
            }
            return new NormalizedSample(new Sample(s.id(), s.code(), label, s.source(), s.line(), s.cwe(), s.tag()),
                    first.tokens());
        }
    }
}
