package dev.leaklab.core.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Memorisation canaries, the known leak (after Carlini et al., "The Secret Sharer", USENIX Security 2019): samples
 * written for the experiment, each a fresh arrangement of lines taken from the dataset's own code (so every token
 * is one the model knows) under a label drawn by coin flip (so nothing but memory predicts it). Half are planted in
 * target-in, and the target trains on each of those several times; the other half go to target-out, never seen.
 * An attack that cannot tell the planted canaries from the held-out ones finds nothing anywhere: a sound attack
 * must find them, which is what tells "no leak" from "weak attack".
 *
 * <p>Every canary carries the tag {@link #TAG}; the run reports the attacks on them apart.
 */
public final class Canaries {

    /** The tag of a canary sample. */
    public static final String TAG = "canary";
    /** The most canaries a side. */
    public static final int MAX = 10_000;
    /** The most times a planted canary may repeat. */
    public static final int MAX_REPEATS = 1_000;
    /** Times the target trains on each planted canary unless the experiment says otherwise. */
    public static final int DEFAULT_REPEATS = 8;
    private static final int LEAST_LINES = 4;
    private static final int MOST_LINES = 10;

    private Canaries() {
    }

    /**
     * The split with {@code count} canaries added to target-in and {@code count} to target-out.
     *
     * @param normalizer how the experiment normalises code into tokens
     * @throws IllegalArgumentException when the data holds no lines of code to write canaries from
     */
    public static DataSplit plant(DataSplit split, int count, long seed, Function<String, List<String>> normalizer) {
        if (count == 0) {
            return split;
        }
        List<String> lines = new ArrayList<>();
        for (Subset s : Subset.values()) {
            for (NormalizedSample n : split.get(s)) {
                for (String line : n.sample().code().split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(line.strip());
                    }
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("split.canaries: the data holds no code to write canaries from");
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0xCA7A81E5L);
        Map<Subset, List<NormalizedSample>> subsets = new EnumMap<>(Subset.class);
        for (Subset s : Subset.values()) {
            subsets.put(s, new ArrayList<>(split.get(s)));
        }
        for (int k = 0; k < 2 * count; k++) {
            boolean planted = k % 2 == 0;
            int n = LEAST_LINES + random.nextInt(MOST_LINES - LEAST_LINES + 1);
            StringBuilder code = new StringBuilder();
            for (int l = 0; l < n; l++) {
                code.append(lines.get(random.nextInt(lines.size()))).append('\n');
            }
            String id = "canary-" + (planted ? "planted-" : "held-out-") + (k / 2 + 1);
            Sample sample = new Sample(id, code.toString(), random.nextInt(2), "canaries", 0, null, TAG);
            subsets.get(planted ? Subset.TARGET_IN : Subset.TARGET_OUT)
                    .add(new NormalizedSample(sample, normalizer.apply(sample.code())));
        }
        return new DataSplit(subsets, split.dedup(), split.spec());
    }

    /** Whether {@code sample} is a canary. */
    public static boolean isCanary(Sample sample) {
        return TAG.equals(sample.tag());
    }

    /**
     * The extra copies the target trains on: {@code repeats - 1} of each planted canary of {@code members}, each
     * with an id of its own.
     */
    public static List<NormalizedSample> copies(List<NormalizedSample> members, int repeats) {
        List<NormalizedSample> out = new ArrayList<>();
        for (NormalizedSample n : members) {
            if (!isCanary(n.sample())) {
                continue;
            }
            Sample s = n.sample();
            for (int r = 2; r <= repeats; r++) {
                out.add(new NormalizedSample(new Sample(s.id() + "#" + r, s.code(), s.label(), s.source(), s.line(),
                        s.cwe(), s.tag()), n.tokens()));
            }
        }
        return out;
    }
}
