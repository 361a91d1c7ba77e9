package dev.leaklab.core.defense;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Standard-normal draws for every output value of every sample of a subset, the raw noise NMID scales.
 * Each sample's draws come from a generator seeded by the noise seed, the sample's id and (for fresh noise)
 * the query number, never by its position: a sample gets the same noise alone or inside a batch of any size.
 */
public final class NoiseTable {

    private final float[] logits;
    private final float[] confidence;
    private final float[] loss;
    private final float[] embedding;

    private NoiseTable(float[] logits, float[] confidence, float[] loss, float[] embedding) {
        this.logits = logits;
        this.confidence = confidence;
        this.loss = loss;
        this.embedding = embedding;
    }

    /**
     * Draws the noise of one query.
     *
     * @param ids           the samples' ids
     * @param embeddingSize the embedding width
     * @param seed          the defence's seed
     * @param mode          keyed noise ignores {@code query}
     * @param query         0 for the first query, 1 for the next...
     */
    public static NoiseTable draw(List<String> ids, int embeddingSize, long seed, NoiseMode mode, int query) {
        int n = ids.size();
        float[] logits = new float[2 * n];
        float[] confidence = new float[n];
        float[] loss = new float[n];
        float[] embedding = new float[n * embeddingSize];
        long q = mode == NoiseMode.KEYED ? -1 : query;
        for (int i = 0; i < n; i++) {
            SplittableRandom random = new SplittableRandom(mix(seed, ids.get(i), q));
            logits[2 * i] = (float) random.nextGaussian();
            logits[2 * i + 1] = (float) random.nextGaussian();
            confidence[i] = (float) random.nextGaussian();
            loss[i] = (float) random.nextGaussian();
            int o = i * embeddingSize;
            for (int d = 0; d < embeddingSize; d++) {
                embedding[o + d] = (float) random.nextGaussian();
            }
        }
        return new NoiseTable(logits, confidence, loss, embedding);
    }

    /** Standard-normal draws per output besides the embedding, drawn ahead of it in each sample's stream. */
    private static final int SMALL_DRAWS = 4;

    /**
     * Writes the embedding draws of one sample into {@code row[0, row.length)}: the same numbers as the
     * sample's row of {@link #embedding()} in {@code draw(ids, row.length, seed, mode, query)}, without a table
     * of every sample's (an averaging attacker's queries each need one row at a time).
     */
    public static void embeddingRow(String id, long seed, NoiseMode mode, int query, float[] row) {
        SplittableRandom random = new SplittableRandom(mix(seed, id, mode == NoiseMode.KEYED ? -1 : query));
        for (int k = 0; k < SMALL_DRAWS; k++) {
            random.nextGaussian();
        }
        for (int d = 0; d < row.length; d++) {
            row[d] = (float) random.nextGaussian();
        }
    }

    private static long mix(long seed, String id, long query) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int k = 0; k < id.length(); k++) {
            h = (h ^ id.charAt(k)) * 0x100000001B3L;
        }
        h ^= query * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    float[] logits() {
        return logits;
    }

    float[] confidence() {
        return confidence;
    }

    float[] loss() {
        return loss;
    }

    /** The embedding draws, sample-major (shared array). */
    public float[] embedding() {
        return embedding;
    }
}
