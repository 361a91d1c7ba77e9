package dev.leaklab.core.model.array;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

    /** Free arrays by length, the length taken from longest ago first. */
    private final Map<Integer, ArrayDeque<float[]>> free = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private final long budget;
    private long held;
    private long created;

    /** A pool that keeps up to {@link #KEPT} arrays of each length. */
    FloatPool() {
        this(Long.MAX_VALUE);
    }

    /**
     * A pool that holds at most {@code budget} floats in all: giving back more lets go of the arrays of the
     * length taken longest ago. Why: arrays sized by a batch's longest sequence come in many lengths.
     */
    FloatPool(long budget) {
        this.budget = budget;
    }

    /**
     * The length to take for {@code n} floats when lengths vary: the power of two at or above {@code n}. Why so
     * coarse: arrays sized by a batch's longest sequence come in as many lengths as there are lengths; in finer
     * classes (eight an octave) a quickstart epoch's batches, sorted by length, each wanted a class of their own,
     * and the pool let go of one pass's arrays for the next, leaving the old generation to collect them (the
     * epoch took 34 s against 22 to 30 without a pool). A power of two puts every length from 129 to 256 tokens
     * in one class.
     */
    static int sizeClass(int n) {
        return n <= 16 ? 16 : n > (1 << 30) ? n : Integer.highestOneBit(n - 1) << 1;
    }

    /** An array of {@code n} zeros, as {@code new float[n]} gives. */
    float[] take(int n) {
        return take(n, n);
    }

    /**
     * An array of {@link #sizeClass}({@code n}) floats whose first {@code n} are zeros (the rest are left as
     * they were: its user reads and writes only those {@code n}).
     */
    float[] takeClass(int n) {
        return take(sizeClass(n), n);
    }

    /**
     * As {@link #takeClass}, holding whatever it held before: for a user that writes each of the first {@code n}
     * floats before it reads them, so clearing them would be time spent for nothing.
     */
    float[] takeClassUncleared(int n) {
        return take(sizeClass(n), 0);
    }

    /**
     * {@code count} arrays of {@code n} floats, all zeros when {@code cleared}, else holding whatever they held
     * (for a user that writes each float before reading it). Why many at once: a recurrent pass takes arrays for
     * every one of 200 steps, the two directions side by side; one by one, the lock, the lookup and the clearing
     * were a twentieth of a small model's training on each of two threads.
     */
    float[][] takeMany(int n, int count, boolean cleared) {
        float[][] out = new float[count][];
        int got = 0;
        synchronized (this) {
            ArrayDeque<float[]> q = free.get(n);
            while (q != null && got < count && !q.isEmpty()) {
                out[got++] = q.pollLast();
            }
            held -= (long) got * n;
            created += (long) (count - got) * n;
        }
        for (int i = 0; i < count; i++) {
            if (i >= got) {
                out[i] = new float[n];
            } else if (cleared) {
                Arrays.fill(out[i], 0f);
            }
        }
        return out;
    }

    private float[] take(int length, int zeroed) {
        float[] a;
        synchronized (this) {
            ArrayDeque<float[]> q = free.get(length);
            a = q == null ? null : q.pollLast();
            if (a != null) {
                held -= length;
            } else {
                created += length;
            }
        }
        if (a == null) {
            return new float[length];
        }
        Arrays.fill(a, 0, zeroed, 0f);
        return a;
    }

    /** Floats held for reuse now. */
    synchronized long held() {
        return held;
    }

    /** Floats this pool has allocated so far because it held no array to hand out. */
    synchronized long created() {
        return created;
    }

    /** A new loan from this pool. */
    Loan loan() {
        return new Loan();
    }

    /**
     * Arrays taken from the pool for one use (a pass, a call) and given back together when it is done.
     * Thread-safe: the parts of a pass take side by side.
     */
    final class Loan {
        private final List<float[]> taken = new ArrayList<>();

        /** As {@link FloatPool#take(int)}. */
        float[] take(int n) {
            return keep(FloatPool.this.take(n));
        }

        /** As {@link FloatPool#takeClass}. */
        float[] takeClass(int n) {
            return keep(FloatPool.this.takeClass(n));
        }

        /** As {@link FloatPool#takeClassUncleared}. */
        float[] takeClassUncleared(int n) {
            return keep(FloatPool.this.takeClassUncleared(n));
        }

        private float[] keep(float[] a) {
            synchronized (taken) {
                taken.add(a);
            }
            return a;
        }

        /** Gives every array taken so far back to the pool and forgets them. */
        void giveBack() {
            synchronized (taken) {
                give(taken.toArray(new float[0][]));
                taken.clear();
            }
        }
    }

    /** Lets go of every array held. */
    synchronized void clear() {
        free.clear();
        held = 0;
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
                if (a.length > budget) {
                    continue;
                }
                ArrayDeque<float[]> q = free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (q.size() < KEPT) {
                    q.addLast(a);
                    held += a.length;
                }
                var eldest = free.entrySet().iterator();
                while (held > budget && eldest.hasNext()) {
                    ArrayDeque<float[]> old = eldest.next().getValue();
                    while (held > budget && !old.isEmpty()) {
                        held -= old.pollFirst().length;
                    }
                    if (old.isEmpty()) {
                        eldest.remove();
                    }
                }
            }
        }
    }
}
