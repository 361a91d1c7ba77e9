package dev.leaklab.core.attack;

/**
 * Turns released outputs into the attack's input rows: the chosen outputs in a fixed order (embedding, the two
 * logits, loss, confidence), then the true label as ±1, since the attack is label-aware (method.md, section 4).
 * A withheld output reads as NaN, which {@link Standardizer} turns into the training mean.
 */
public final class FeatureMatrix {

    private FeatureMatrix() {
    }

    /** The number of columns for {@code features} with embeddings of width {@code embeddingSize}. */
    public static int width(FeatureSet features, int embeddingSize) {
        int d = 1;
        if (features.has(Feature.EMBEDDING)) {
            d += embeddingSize;
        }
        if (features.has(Feature.LOGITS)) {
            d += 2;
        }
        if (features.has(Feature.LOSS)) {
            d++;
        }
        if (features.has(Feature.CONFIDENCE)) {
            d++;
        }
        return d;
    }

    /** The rows of every sample of {@code released}, row-major. */
    public static float[] of(Released released, FeatureSet features) {
        return of(released, features, true);
    }

    /**
     * The rows, optionally leaving the embedding columns at 0 (for a caller that adds their contribution
     * itself).
     */
    static float[] of(Released released, FeatureSet features, boolean embeddings) {
        int n = released.size();
        int e = released.embeddingSize();
        int d = width(features, e);
        float[] x = new float[n * d];
        float[] emb = released.embeddings();
        float[] logits = released.logits();
        float[] loss = released.loss();
        float[] confidence = released.confidence();
        int[] labels = released.labels();
        boolean hasEmb = features.has(Feature.EMBEDDING);
        boolean hasLogits = features.has(Feature.LOGITS);
        boolean hasLoss = features.has(Feature.LOSS);
        boolean hasConfidence = features.has(Feature.CONFIDENCE);
        for (int i = 0; i < n; i++) {
            int o = i * d;
            if (hasEmb) {
                if (embeddings) {
                    System.arraycopy(emb, i * e, x, o, e);
                }
                o += e;
            }
            if (hasLogits) {
                x[o++] = logits[2 * i];
                x[o++] = logits[2 * i + 1];
            }
            if (hasLoss) {
                x[o++] = loss[i];
            }
            if (hasConfidence) {
                x[o++] = confidence[i];
            }
            x[o] = labels[i] == 1 ? 1f : -1f;
        }
        return x;
    }
}
