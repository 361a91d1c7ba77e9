package dev.leaklab.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What a model gives for each sample of a subset, stored by column as float arrays: the two logits, the
 * softmax probabilities, the confidence (the larger probability), the cross-entropy loss of the true label,
 * and the embedding (the representation fed to the head). This is everything an attacker may be shown
 * (method.md, section 4). Probabilities, confidence and loss are derived here from the logits, in double
 * precision with the max-shift softmax, so they always agree with each other.
 */
public final class ModelOutputs {

    /** Classes of a vulnerability-prediction model. */
    public static final int CLASSES = 2;

    private final List<String> ids;
    private final int[] labels;
    private final float[] logits;
    private final float[] probabilities;
    private final float[] confidence;
    private final float[] loss;
    private final float[] embeddings;
    private final int embeddingSize;

    private ModelOutputs(List<String> ids, int[] labels, float[] logits, float[] embeddings, int embeddingSize,
                         float[] givenLoss, float[] givenConfidence) {
        this.ids = List.copyOf(ids);
        this.labels = labels.clone();
        this.logits = logits.clone();
        this.embeddings = embeddings.clone();
        this.embeddingSize = embeddingSize;
        int n = labels.length;
        this.probabilities = new float[n * CLASSES];
        this.confidence = new float[n];
        this.loss = new float[n];
        for (int i = 0; i < n; i++) {
            double z0 = logits[2 * i];
            double z1 = logits[2 * i + 1];
            double max = Math.max(z0, z1);
            double e0 = Math.exp(z0 - max);
            double e1 = Math.exp(z1 - max);
            double sum = e0 + e1;
            probabilities[2 * i] = (float) (e0 / sum);
            probabilities[2 * i + 1] = (float) (e1 / sum);
            confidence[i] = (float) (Math.max(e0, e1) / sum);
            // why: with two classes the loss is softplus(-m) of the true class's margin m; log1p keeps it
            // apart from 0 for confident samples (log(1 + 1e-20) is 0 in double), which would otherwise tie
            // every sure member at loss 0, and it stays finite when the true class's probability underflows
            double margin = labels[i] == 1 ? z1 - z0 : z0 - z1;
            loss[i] = (float) (Math.max(-margin, 0) + Math.log1p(Math.exp(-Math.abs(margin))));
        }
        if (givenLoss != null) {
            System.arraycopy(givenLoss, 0, loss, 0, n);
        }
        if (givenConfidence != null) {
            System.arraycopy(givenConfidence, 0, confidence, 0, n);
        }
    }

    /**
     * Builds the outputs of {@code n} samples.
     *
     * @param ids           sample ids, n of them
     * @param labels        true labels, n of them
     * @param logits        2n logits, sample-major
     * @param embeddings    n × embeddingSize floats, sample-major
     * @param embeddingSize the width of one embedding
     * @throws IllegalArgumentException when sizes disagree or a value is NaN or infinite
     */
    public static ModelOutputs of(List<String> ids, int[] labels, float[] logits, float[] embeddings,
                                  int embeddingSize) {
        return of(ids, labels, logits, embeddings, embeddingSize, null, null);
    }

    /**
     * Builds the outputs of {@code n} samples whose loss or confidence a model trained elsewhere reported itself
     * (an imported outputs file): those are kept as given, and derived from the logits only where absent.
     *
     * @param loss       n losses as the model reported them, or {@code null} to derive them
     * @param confidence n confidences as reported, or {@code null} to derive them
     * @throws IllegalArgumentException when sizes disagree or a value is NaN or infinite
     */
    public static ModelOutputs of(List<String> ids, int[] labels, float[] logits, float[] embeddings,
                                  int embeddingSize, float[] loss, float[] confidence) {
        Objects.requireNonNull(ids, "ids");
        int n = labels.length;
        if (ids.size() != n || logits.length != n * CLASSES || embeddingSize < 0
                || embeddings.length != (long) n * embeddingSize) {
            throw new IllegalArgumentException("outputs disagree in size: " + ids.size() + " ids, " + n + " labels, "
                    + logits.length + " logits, " + embeddings.length + " embedding values of width " + embeddingSize);
        }
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                throw new IllegalArgumentException("logit " + (i % 2) + " of sample " + ids.get(i / 2) + " is "
                        + logits[i] + ": the model's outputs are not usable");
            }
        }
        for (int i = 0; i < embeddings.length; i++) {
            if (!Float.isFinite(embeddings[i])) {
                throw new IllegalArgumentException("embedding of sample " + ids.get(i / Math.max(1, embeddingSize))
                        + " holds " + embeddings[i] + ": the model's outputs are not usable");
            }
        }
        checkColumn("loss", loss, ids);
        checkColumn("confidence", confidence, ids);
        return new ModelOutputs(ids, labels, logits, embeddings, embeddingSize, loss, confidence);
    }

    private static void checkColumn(String name, float[] values, List<String> ids) {
        if (values == null) {
            return;
        }
        if (values.length != ids.size()) {
            throw new IllegalArgumentException("outputs disagree in size: " + ids.size() + " ids, " + values.length
                    + " " + name + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " of sample " + ids.get(i) + " is " + values[i]
                        + ": the model's outputs are not usable");
            }
        }
    }

    /** The outputs of samples {@code from} (inclusive) to {@code to} (exclusive), as a copy. */
    public ModelOutputs range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range " + from + " to " + to + " of " + size() + " outputs");
        }
        int w = embeddingSize();
        return new ModelOutputs(List.copyOf(ids().subList(from, to)), java.util.Arrays.copyOfRange(labels(), from, to),
                java.util.Arrays.copyOfRange(logits(), from * CLASSES, to * CLASSES),
                java.util.Arrays.copyOfRange(embeddings(), from * w, to * w), w,
                java.util.Arrays.copyOfRange(losses(), from, to), java.util.Arrays.copyOfRange(confidences(), from, to));
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** The width of one embedding. */
    public int embeddingSize() {
        return embeddingSize;
    }

    /** Sample ids in order. */
    public List<String> ids() {
        return ids;
    }

    /** The true label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of the true labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Logit {@code k} (0: not vulnerable, 1: vulnerable) of sample {@code i}. */
    public float logit(int i, int k) {
        return logits[CLASSES * i + k];
    }

    /** Probability of class {@code k} for sample {@code i}. */
    public float probability(int i, int k) {
        return probabilities[CLASSES * i + k];
    }

    /** The larger of the two probabilities of sample {@code i}. */
    public float confidence(int i) {
        return confidence[i];
    }

    /** Cross-entropy loss of the true label of sample {@code i}, in nats. */
    public float loss(int i) {
        return loss[i];
    }

    /** The predicted label of sample {@code i}: vulnerable when its probability is at least 0.5. */
    public int predicted(int i) {
        return logits[CLASSES * i + 1] >= logits[CLASSES * i] ? 1 : 0;
    }

    /** Copies embedding {@code i} into {@code into} at {@code offset}. */
    public void embedding(int i, float[] into, int offset) {
        System.arraycopy(embeddings, i * embeddingSize, into, offset, embeddingSize);
    }

    /** A copy of all logits, sample-major. */
    public float[] logits() {
        return logits.clone();
    }

    /** A copy of all probabilities, sample-major. */
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** A copy of the vulnerable-class probabilities, one a sample. */
    public float[] vulnerableProbabilities() {
        float[] p = new float[size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = probabilities[CLASSES * i + 1];
        }
        return p;
    }

    /** A copy of the confidences. */
    public float[] confidences() {
        return confidence.clone();
    }

    /** A copy of the losses. */
    public float[] losses() {
        return loss.clone();
    }

    /** A copy of all embeddings, sample-major. */
    public float[] embeddings() {
        return embeddings.clone();
    }
}
