package dev.leaklab.core.model;

import dev.leaklab.core.code.EncodedSequence;
import java.util.List;

/**
 * Encoded samples with their labels, in a fixed order that outputs keep.
 *
 * @param ids       sample ids, for tying outputs back to samples
 * @param sequences the encoded token sequences (all of one maximum length)
 * @param labels    0 or 1 per sample
 */
public record LabelledSequences(List<String> ids, List<EncodedSequence> sequences, int[] labels) {

    /** Checks that the three agree in length and labels are 0/1. */
    public LabelledSequences {
        ids = List.copyOf(ids);
        sequences = List.copyOf(sequences);
        labels = labels.clone();
        if (ids.size() != sequences.size() || labels.length != sequences.size()) {
            throw new IllegalArgumentException("ids, sequences and labels differ in length: " + ids.size() + ", "
                    + sequences.size() + ", " + labels.length);
        }
        for (int l : labels) {
            if (l != 0 && l != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, found " + l);
            }
        }
    }

    /** Number of samples. */
    public int size() {
        return sequences.size();
    }

    /** Number labelled 1. */
    public int vulnerable() {
        int n = 0;
        for (int l : labels) {
            n += l;
        }
        return n;
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }
}
