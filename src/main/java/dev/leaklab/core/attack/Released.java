package dev.leaklab.core.attack;

import dev.leaklab.core.model.ModelOutputs;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an attacker receives for each sample of a subset: the model's outputs as released, clean or through a
 * defence, column by column. An output the defence withholds reads as NaN, and {@link #withheld()} names it.
 * The arrays are shared, not copied: callers read them and never write.
 */
public final class Released {

    private final List<String> ids;
    private final int[] labels;
    private final int[] predicted;
    private final float[] logits;
    private final float[] confidence;
    private final float[] loss;
    private final float[] embeddings;
    private final int embeddingSize;
    private final Set<Feature> withheld;

    /**
     * Wraps released outputs of {@code n = labels.length} samples.
     *
     * @param predicted  the label the defended model answers with, one a sample
     * @param logits     2n values, sample-major
     * @param embeddings n × embeddingSize values, sample-major
     * @param withheld   outputs not released (their values are NaN)
     */
    public Released(List<String> ids, int[] labels, int[] predicted, float[] logits, float[] confidence, float[] loss,
                    float[] embeddings, int embeddingSize, Set<Feature> withheld) {
        this.ids = Objects.requireNonNull(ids, "ids");
        int n = labels.length;
        if (ids.size() != n || predicted.length != n || logits.length != 2 * n || confidence.length != n
                || loss.length != n || embeddings.length != (long) n * embeddingSize) {
            throw new IllegalArgumentException("released outputs disagree in size");
        }
        this.labels = labels;
        this.predicted = predicted;
        this.logits = logits;
        this.confidence = confidence;
        this.loss = loss;
        this.embeddings = embeddings;
        this.embeddingSize = embeddingSize;
        this.withheld = withheld.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(withheld);
    }

    /** The outputs of the given rows, in that order. */
    public Released select(int[] rows) {
        int n = rows.length;
        int w = embeddingSize;
        List<String> pickedIds = new java.util.ArrayList<>(n);
        int[] l = new int[n];
        int[] p = new int[n];
        float[] z = new float[2 * n];
        float[] c = new float[n];
        float[] lo = new float[n];
        float[] e = new float[n * w];
        for (int k = 0; k < n; k++) {
            int i = rows[k];
            pickedIds.add(ids.get(i));
            l[k] = labels[i];
            p[k] = predicted[i];
            z[2 * k] = logits[2 * i];
            z[2 * k + 1] = logits[2 * i + 1];
            c[k] = confidence[i];
            lo[k] = loss[i];
            System.arraycopy(embeddings, i * w, e, k * w, w);
        }
        return new Released(pickedIds, l, p, z, c, lo, e, w, withheld);
    }

    /** The model's outputs as they are, nothing withheld. */
    public static Released clean(ModelOutputs outputs) {
        int n = outputs.size();
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = outputs.predicted(i);
        }
        return new Released(outputs.ids(), outputs.labels(), predicted, outputs.logits(), outputs.confidences(),
                outputs.losses(), outputs.embeddings(), outputs.embeddingSize(), EnumSet.noneOf(Feature.class));
    }

    /** The number of samples. */
    public int size() {
        return labels.length;
    }

    /** Sample ids in order. */
    public List<String> ids() {
        return ids;
    }

    /** True labels (shared array). */
    public int[] labels() {
        return labels;
    }

    /** Released predictions (shared array). */
    public int[] predicted() {
        return predicted;
    }

    /** Logits, 2 a sample (shared array). */
    public float[] logits() {
        return logits;
    }

    /** Confidences (shared array). */
    public float[] confidence() {
        return confidence;
    }

    /** Losses (shared array). */
    public float[] loss() {
        return loss;
    }

    /** Embeddings, sample-major (shared array). */
    public float[] embeddings() {
        return embeddings;
    }

    /** The width of one embedding. */
    public int embeddingSize() {
        return embeddingSize;
    }

    /** The outputs not released. */
    public Set<Feature> withheld() {
        return EnumSet.copyOf(withheld.isEmpty() ? EnumSet.noneOf(Feature.class) : withheld);
    }

    /** Whether {@code feature} is withheld. */
    public boolean isWithheld(Feature feature) {
        return withheld.contains(feature);
    }
}
