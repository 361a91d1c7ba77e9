package dev.leaklab.core.defense;

import dev.leaklab.core.attack.Released;
import dev.leaklab.core.model.ModelOutputs;

/**
 * The standard deviation of each output column on reference data: the unit NMID's sigma is measured in.
 *
 * @param logits     one a logit
 * @param confidence of the confidence
 * @param loss       of the loss
 * @param embedding  one an embedding dimension
 */
public record Spread(double[] logits, double confidence, double loss, double[] embedding) {

    /** The spread of a model's outputs on reference samples (the defender's own held-out data). */
    public static Spread of(ModelOutputs reference) {
        return of(Released.clean(reference));
    }

    /** The spread of clean released outputs. */
    public static Spread of(Released reference) {
        int n = reference.size();
        if (n < 2) {
            throw new IllegalArgumentException("the defence needs at least 2 reference samples for its noise scale");
        }
        float[] z = reference.logits();
        double[] logits = {std(z, 0, 2, n), std(z, 1, 2, n)};
        double confidence = std(reference.confidence(), 0, 1, n);
        double loss = std(reference.loss(), 0, 1, n);
        int e = reference.embeddingSize();
        float[] emb = reference.embeddings();
        double[] embedding = new double[e];
        for (int d = 0; d < e; d++) {
            embedding[d] = std(emb, d, e, n);
        }
        return new Spread(logits, confidence, loss, embedding);
    }

    private static double std(float[] values, int offset, int stride, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += values[offset + i * stride];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double c = values[offset + i * stride] - mean;
            var += c * c;
        }
        return Math.sqrt(var / (n - 1));
    }
}
