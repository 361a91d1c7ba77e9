package dev.leaklab.core.attack;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Joins released outputs of two subsets, the first's samples first. */
public final class Concat {

    private Concat() {
    }

    /** {@code a} then {@code b}; an output withheld in either is withheld in the result. */
    public static Released of(Released a, Released b) {
        if (a.embeddingSize() != b.embeddingSize()) {
            throw new IllegalArgumentException("embedding widths differ: " + a.embeddingSize() + " and "
                    + b.embeddingSize());
        }
        List<String> ids = new ArrayList<>(a.size() + b.size());
        ids.addAll(a.ids());
        ids.addAll(b.ids());
        EnumSet<Feature> withheld = EnumSet.noneOf(Feature.class);
        withheld.addAll(a.withheld());
        withheld.addAll(b.withheld());
        return new Released(ids, join(a.labels(), b.labels()), join(a.predicted(), b.predicted()),
                join(a.logits(), b.logits()), join(a.confidence(), b.confidence()), join(a.loss(), b.loss()),
                join(a.embeddings(), b.embeddings()), a.embeddingSize(), withheld);
    }

    private static int[] join(int[] x, int[] y) {
        int[] r = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }

    private static float[] join(float[] x, float[] y) {
        float[] r = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }
}
