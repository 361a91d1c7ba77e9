package dev.leaklab.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deduplicates, then splits at random, per class, into target-in, target-out, shadow-in and shadow-out
 * (method.md, section 2). Deterministic: {@link Random} with the spec's seed has a specified algorithm, so
 * the same seed gives the same split on every JVM.
 */
public final class Splitter {

    private Splitter() {
    }

    /** Deduplicates {@code samples} and splits what is kept. */
    public static DataSplit split(List<NormalizedSample> samples, SplitSpec spec) {
        Deduplicator.Result dedup = deduplicate(samples, spec);
        Map<Subset, List<Integer>> indices = new EnumMap<>(Subset.class);
        for (Subset s : Subset.values()) {
            indices.put(s, new ArrayList<>());
        }
        List<NormalizedSample> kept = dedup.kept();
        int[] sizes = new int[Subset.values().length];
        for (int label = 1; label >= 0; label--) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                if (kept.get(i).sample().label() == label) {
                    members.add(i);
                }
            }
            // why: one stream per class, so adding samples of one class leaves the other's split unchanged
            Collections.shuffle(members, new Random(spec.seed() * 31 + label));
            int[] counts = counts(members.size(), spec, classShareOfCap(kept, label, spec), sizes);
            int from = 0;
            for (Subset s : Subset.values()) {
                indices.get(s).addAll(members.subList(from, from + counts[s.ordinal()]));
                from += counts[s.ordinal()];
                sizes[s.ordinal()] += counts[s.ordinal()];
            }
        }
        Map<Subset, List<NormalizedSample>> subsets = new EnumMap<>(Subset.class);
        for (Subset s : Subset.values()) {
            List<Integer> idx = indices.get(s);
            Collections.sort(idx);
            List<NormalizedSample> list = new ArrayList<>(idx.size());
            for (int i : idx) {
                list.add(kept.get(i));
            }
            subsets.put(s, list);
        }
        return new DataSplit(subsets, dedup.report(), spec);
    }

    /** The samples left after the spec's deduplication: exact, exact then near-duplicates, or none. */
    static Deduplicator.Result deduplicate(List<NormalizedSample> samples, SplitSpec spec) {
        String mode = spec.dedupMode();
        if (mode.equals("none")) {
            return new Deduplicator.Result(samples, new DedupReport(samples.size(), samples.size(), 0, 0, 0,
                    samples.size()));
        }
        Deduplicator.Result exact = Deduplicator.deduplicate(samples, spec.conflicts());
        if (mode.equals("exact")) {
            return exact;
        }
        List<NormalizedSample> kept = exact.kept();
        int[] labels = new int[kept.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = kept.get(i).sample().label();
        }
        boolean[] keep = NearDuplicates.of(kept, spec.nearThresholdOrDefault()).keepFirstOfEachCluster(labels);
        List<NormalizedSample> left = new ArrayList<>(kept.size());
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                left.add(kept.get(i));
            }
        }
        DedupReport r = exact.report();
        int near = kept.size() - left.size();
        return new Deduplicator.Result(left, new DedupReport(r.samples(), r.distinct(), r.duplicatesRemoved() + near,
                r.conflictingBodies(), r.conflictingDropped(), left.size(), near));
    }

    /**
     * The cap for one class: the subset cap shared in proportion to the class's size, in whole samples
     * that add up to the cap, or 0 for none.
     */
    private static double classShareOfCap(List<NormalizedSample> kept, int label, SplitSpec spec) {
        if (spec.maxPerSubset() == 0 || kept.isEmpty()) {
            return 0;
        }
        long vulnerable = kept.stream().filter(s -> s.sample().isVulnerable()).count();
        long vulnerableCap = Math.max(1, (long) Math.floor(spec.maxPerSubset() * (double) vulnerable / kept.size()));
        return label == 1 ? vulnerableCap : Math.max(1, spec.maxPerSubset() - vulnerableCap);
    }

    /**
     * Subset sizes for a class of {@code n}: the floor of each share, then the leftover samples one by one to
     * the largest remainders; ties go to the subset that is smallest so far, so the classes' leftovers do not
     * all pile onto the same subsets.
     */
    private static int[] counts(int n, SplitSpec spec, double cap, int[] sizesSoFar) {
        Subset[] all = Subset.values();
        int[] counts = new int[all.length];
        double[] exact = new double[all.length];
        double total = 0;
        for (Subset s : all) {
            double share = n * spec.fraction(s);
            if (cap > 0) {
                share = Math.min(share, cap);
            }
            exact[s.ordinal()] = share;
            counts[s.ordinal()] = (int) Math.floor(share + 1e-9);
            total += share;
        }
        int target = (int) Math.min(n, Math.floor(total + 1e-9));
        int assigned = java.util.Arrays.stream(counts).sum();
        while (assigned < target) {
            int best = 0;
            double bestRemainder = -1;
            for (int i = 0; i < all.length; i++) {
                double remainder = exact[i] - counts[i];
                boolean tie = Math.abs(remainder - bestRemainder) <= 1e-12;
                if (remainder > bestRemainder + 1e-12
                        || tie && sizesSoFar[i] + counts[i] < sizesSoFar[best] + counts[best]) {
                    best = i;
                    bestRemainder = remainder;
                }
            }
            counts[best]++;
            assigned++;
        }
        return counts;
    }
}
