package dev.leaklab.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-duplicate code (type-2 and type-3 clones once identifiers and literals are normalised): MinHash over
 * shingles of {@link #SHINGLE} consecutive normalised tokens (with the normaliser's numbered names, VAR1 or FUN2,
 * read as VAR and FUN), banded into a locality-sensitive index, so two
 * samples are compared only when they share a band, and a pair counts when its estimated Jaccard similarity
 * (the share of the {@link #HASHES} minimum hashes they agree on) reaches the threshold.
 *
 * <p>With 32 bands of 4 hashes, a pair of similarity 0.8 shares a band with probability 1 - (1 - 0.8^4)^32,
 * above 0.9999; one of 0.5, 0.87, and is then measured and left out. The estimate's standard error is about
 * {@code sqrt(J (1 - J) / 128)}, 0.035 at J = 0.8.
 */
public final class NearDuplicates {

    /** Tokens a shingle. */
    public static final int SHINGLE = 4;
    /** MinHash values a sample. */
    public static final int HASHES = 128;
    /** The default Jaccard threshold. */
    public static final double DEFAULT_THRESHOLD = 0.8;

    private static final int BANDS = 32;
    private static final int ROWS = HASHES / BANDS;
    /** Within one band bucket, each sample is compared with at most this many before it. */
    private static final int BUCKET_WINDOW = 64;

    private final int[][] signatures;
    private final double threshold;

    private NearDuplicates(int[][] signatures, double threshold) {
        this.signatures = signatures;
        this.threshold = threshold;
    }

    /**
     * Signs each sample's tokens.
     *
     * @param threshold the Jaccard similarity at or above which two samples are near-duplicates, in (0, 1]
     * @throws IllegalArgumentException when the threshold is out of range
     */
    public static NearDuplicates of(List<NormalizedSample> samples, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("nearThreshold must be in (0, 1], was " + threshold);
        }
        int[][] signatures = new int[samples.size()][];
        for (int i = 0; i < signatures.length; i++) {
            signatures[i] = signature(samples.get(i).tokens());
        }
        return new NearDuplicates(signatures, threshold);
    }

    /** The MinHash signature of a token list: for each of the hashes, the least over its shingles. */
    static int[] signature(List<String> tokens) {
        int[] sig = new int[HASHES];
        java.util.Arrays.fill(sig, Integer.MAX_VALUE);
        int shingles = Math.max(1, tokens.size() - SHINGLE + 1);
        for (int s = 0; s < shingles; s++) {
            long h = 0xcbf29ce484222325L;
            for (int t = s; t < Math.min(tokens.size(), s + SHINGLE); t++) {
                String token = tokens.get(t);
                // why: the normaliser numbers names in order of appearance, so one added variable renumbers
                // every later one; VAR7 and FUN2 count as VAR and FUN here, as clone detectors abstract names
                int end = symbolic(token) ? 3 : token.length();
                for (int c = 0; c < end; c++) {
                    h = (h ^ token.charAt(c)) * 0x100000001b3L;
                }
                h = (h ^ 0x1f) * 0x100000001b3L;
            }
            for (int k = 0; k < HASHES; k++) {
                int v = (int) (mix(h + 0x9e3779b97f4a7c15L * (k + 1)) >>> 33);
                if (v < sig[k]) {
                    sig[k] = v;
                }
            }
        }
        return sig;
    }

    /** Whether a token is a normalised name, {@code VAR} or {@code FUN} and a number. */
    private static boolean symbolic(String token) {
        if (token.length() < 4 || !(token.startsWith("VAR") || token.startsWith("FUN"))) {
            return false;
        }
        for (int c = 3; c < token.length(); c++) {
            if (!Character.isDigit(token.charAt(c))) {
                return false;
            }
        }
        return true;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The estimated Jaccard similarity of samples {@code a} and {@code b}. */
    public double similarity(int a, int b) {
        int same = 0;
        int[] x = signatures[a];
        int[] y = signatures[b];
        for (int k = 0; k < HASHES; k++) {
            if (x[k] == y[k]) {
                same++;
            }
        }
        return same / (double) HASHES;
    }

    /** A pair of near-duplicates, by index, {@code a < b}. */
    public interface PairSink {
        /** Called once for each pair found. */
        void pair(int a, int b);
    }

    /**
     * Finds the near-duplicate pairs among the samples whose {@code group} is not negative and that differ in
     * group when {@code across} (member against non-member), or share it when not (same label).
     *
     * @param group a group per sample, or -1 to leave a sample out
     */
    public void pairs(int[] group, boolean across, PairSink sink) {
        for (int band = 0; band < BANDS; band++) {
            Map<Long, List<Integer>> buckets = new HashMap<>();
            for (int i = 0; i < signatures.length; i++) {
                if (group[i] < 0) {
                    continue;
                }
                long key = across ? 0 : group[i];
                for (int r = 0; r < ROWS; r++) {
                    key = key * 0x100000001b3L + signatures[i][band * ROWS + r];
                }
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
            for (List<Integer> bucket : buckets.values()) {
                for (int x = 1; x < bucket.size(); x++) {
                    for (int y = Math.max(0, x - BUCKET_WINDOW); y < x; y++) {
                        int a = bucket.get(y);
                        int b = bucket.get(x);
                        if ((group[a] != group[b]) != across) {
                            continue;
                        }
                        // why: a pair that shares several bands is measured in the first only, with no set of
                        // pairs seen (on CGD that set would hold tens of millions of boxed longs)
                        if (firstSharedBand(a, b) != band) {
                            continue;
                        }
                        if (similarity(a, b) >= threshold) {
                            sink.pair(a, b);
                        }
                    }
                }
            }
        }
    }

    /** The first band in which {@code a} and {@code b} agree on every row, or {@link #BANDS} when none. */
    private int firstSharedBand(int a, int b) {
        int[] x = signatures[a];
        int[] y = signatures[b];
        for (int band = 0; band < BANDS; band++) {
            boolean same = true;
            for (int r = band * ROWS; r < (band + 1) * ROWS && same; r++) {
                same = x[r] == y[r];
            }
            if (same) {
                return band;
            }
        }
        return BANDS;
    }

    /**
     * Keeps the first sample of each cluster of same-label near-duplicates (linked through pairs), as exact
     * deduplication keeps the first of each body. Near-duplicates with different labels (a vulnerable function
     * and its fixed twin) are kept: telling them apart is the model's task, not a leak.
     *
     * @return for each sample, whether it is kept
     */
    public boolean[] keepFirstOfEachCluster(int[] labels) {
        int n = signatures.length;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        pairs(labels, false, (a, b) -> {
            int ra = find(parent, a);
            int rb = find(parent, b);
            if (ra != rb) {
                // why: the lower index is the root, so each cluster keeps its first occurrence
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        });
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            keep[i] = find(parent, i) == i;
        }
        return keep;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
