package dev.leaklab.core.data;

import dev.leaklab.core.code.SymbolicNormalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Dataset statistics, gathered while streaming: it keeps 8 bytes a distinct body and 4 a sample, never the
 * samples, so a dataset larger than the heap still gets its numbers.
 *
 * @param samples        samples read
 * @param vulnerable     samples labelled 1
 * @param notVulnerable  samples labelled 0
 * @param distinct       distinct bodies after symbolic normalisation
 * @param distinctRaw    distinct bodies as written
 * @param duplicates     samples whose normalised body occurred before ({@code samples - distinct})
 * @param conflicting    distinct normalised bodies that occur with both labels
 * @param minTokens      fewest normalised tokens in a sample
 * @param medianTokens   median normalised tokens (the lower middle for an even count)
 * @param maxTokens      most normalised tokens in a sample
 */
public record DatasetStats(long samples, long vulnerable, long notVulnerable, long distinct, long distinctRaw,
                           long duplicates, long conflicting, int minTokens, int medianTokens, int maxTokens) {

    /** Statistics of samples already in memory. */
    public static DatasetStats of(List<Sample> samples, SymbolicNormalizer normalizer) {
        Collector collector = new Collector(normalizer);
        samples.forEach(collector);
        return collector.stats();
    }

    /** Statistics of samples already normalised (nothing is normalised twice). */
    public static DatasetStats ofNormalized(List<NormalizedSample> samples) {
        Collector collector = new Collector(null);
        samples.forEach(s -> collector.accept(s.sample(), s.tokens()));
        return collector.stats();
    }

    /**
     * Accumulates statistics one sample at a time; bodies are told apart by 64-bit hashes (a collision among
     * a million bodies has odds below one in ten million).
     */
    public static final class Collector implements Consumer<Sample> {
        private final SymbolicNormalizer normalizer;
        private final Map<Long, Byte> normalisedLabels = new HashMap<>();
        private final Set<Long> raw = new HashSet<>();
        private int[] lengths = new int[1024];
        private long count;
        private long vulnerable;

        /** A collector that normalises with {@code normalizer} ({@code null} only for normalised input). */
        public Collector(SymbolicNormalizer normalizer) {
            this.normalizer = normalizer;
        }

        @Override
        public void accept(Sample sample) {
            accept(sample, normalizer.normalize(sample.code()));
        }

        private void accept(Sample sample, List<String> tokens) {
            byte bit = (byte) (sample.isVulnerable() ? 2 : 1);
            normalisedLabels.merge(hash(tokens), bit, (a, b) -> (byte) (a | b));
            raw.add(hash(sample.code()));
            if (count == lengths.length) {
                lengths = Arrays.copyOf(lengths, lengths.length * 2);
            }
            lengths[(int) count++] = tokens.size();
            if (sample.isVulnerable()) {
                vulnerable++;
            }
        }

        /** The statistics so far. */
        public DatasetStats stats() {
            int[] sorted = Arrays.copyOf(lengths, (int) count);
            Arrays.sort(sorted);
            long conflicting = normalisedLabels.values().stream().filter(b -> b == 3).count();
            int n = sorted.length;
            return new DatasetStats(count, vulnerable, count - vulnerable, normalisedLabels.size(), raw.size(),
                    count - normalisedLabels.size(), conflicting, n == 0 ? 0 : sorted[0],
                    n == 0 ? 0 : sorted[(n - 1) / 2], n == 0 ? 0 : sorted[n - 1]);
        }

        private static long hash(List<String> tokens) {
            long h = 0x9E3779B97F4A7C15L;
            for (String t : tokens) {
                h = mix(h, t);
                h = h * 0x100000001B3L ^ ' ';
            }
            return finish(h);
        }

        private static long hash(String text) {
            return finish(mix(0x9E3779B97F4A7C15L, text));
        }

        private static long mix(long h, String s) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001B3L;
            }
            return h;
        }

        /** SplitMix64's finaliser: spreads FNV's weak high bits. */
        private static long finish(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
