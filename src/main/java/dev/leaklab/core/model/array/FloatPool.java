package dev.leaklab.core.model.array;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays kept for reuse, by length: a training pass takes the arrays it keeps for backpropagation from
 * here and gives them back when the pass has been backpropagated. Why: a recurrent layer keeps six or seven
 * arrays a step for every batch, the largest share of what training allocated (about 700 MB/s over the
 * quickstart's two models), and each young collection copied the batches in flight, pausing everything for
 * 44 to 94 ms (4 to 11 ms with the pool).
 *
 * <p>Thread-safe: the two directions of a layer take and give side by side.
 */
final class FloatPool {

    /** The most arrays kept of one length. */
    private static final int KEPT = 1 << 14;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();

    /** An array of {@code n} zeros, as {@code new float[n]} gives. */
    float[] take(int n) {
        float[] a;
        synchronized (this) {
            ArrayDeque<float[]> q = free.get(n);
            a = q == null ? null : q.pollLast();
        }
        if (a == null) {
            return new float[n];
        }
        Arrays.fill(a, 0f);
        return a;
    }

    /** Gives back arrays nothing reads any more; {@code null} entries are skipped. */
    void give(float[][] arrays) {
        if (arrays == null) {
            return;
        }
        synchronized (this) {
            for (float[] a : arrays) {
                if (a == null) {
                    continue;
                }
                ArrayDeque<float[]> q = free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (q.size() < KEPT) {
                    q.addLast(a);
                }
            }
        }
    }
}
