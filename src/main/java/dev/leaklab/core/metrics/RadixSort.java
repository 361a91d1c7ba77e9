package dev.leaklab.core.metrics;

import java.util.Arrays;

/**
 * Sorts doubles ascending by an LSD radix sort on their bit patterns, eight passes of eight bits. Why: a ROC
 * over 20,000 scores is rebuilt at every move of the workbench's defence slider, and this sorts 10,000
 * doubles several times faster than {@link Arrays#sort(double[])}; the order is the same for every value a
 * ROC accepts (finite, with -0.0 just before 0.0).
 */
final class RadixSort {

    /** Below this many values {@link Arrays#sort(double[])} is as fast. */
    private static final int SMALL = 512;

    /**
     * The most values whose working arrays a thread keeps between sorts. Why: a slider move sorts the same
     * sizes again and again; fresh arrays each time cost a young collection every few dozen moves and, on a
     * heap that is still growing, page faults on memory never touched (measured: moves at 9 to 13 ms instead
     * of 2 to 3 ms, `bench defense`). Larger sorts allocate as before.
     */
    static final int KEPT = 1 << 18;

    /**
     * One thread's working arrays, grown to the largest sort up to {@link #KEPT}: the doubles a caller sorts,
     * and the sorts' keys and second key arrays (64-bit and, for floats, 32-bit). Each getter gives an array of
     * at least {@code n} (contents undefined), a fresh one above {@link #KEPT}.
     */
    static final class Scratch {
        private double[] doubles = new double[0];
        private final long[][] longs = {new long[0], new long[0]};
        private final int[][] ints = {new int[0], new int[0]};
        private final int[] count = new int[257];

        /** A double array for the caller's values. */
        double[] doubles(int n) {
            if (n > KEPT) {
                return new double[n];
            }
            if (doubles.length < n) {
                doubles = new double[n];
            }
            return doubles;
        }

        /** The 64-bit sort's keys ({@code which} 0) or its second key array (1). */
        long[] longs(int which, int n) {
            if (n > KEPT) {
                return new long[n];
            }
            if (longs[which].length < n) {
                longs[which] = new long[n];
            }
            return longs[which];
        }

        /** The float sort's keys ({@code which} 0) or its second key array (1). */
        int[] ints(int which, int n) {
            if (n > KEPT) {
                return new int[n];
            }
            if (ints[which].length < n) {
                ints[which] = new int[n];
            }
            return ints[which];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private RadixSort() {
    }

    /** This thread's working arrays. */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** Sorts {@code values} ascending, in place; NaN is not allowed. */
    static void sort(double[] values) {
        sort(values, 0, values.length);
    }

    /** Sorts {@code values[from, to)} ascending, in place; NaN is not allowed. */
    static void sort(double[] values, int from, int to) {
        int n = to - from;
        if (n < SMALL) {
            Arrays.sort(values, from, to);
            return;
        }
        Scratch scratch = SCRATCH.get();
        if (allFloats(values, from, to)) {
            sortFloats(values, from, n, scratch);
            return;
        }
        long[] keys = scratch.longs(0, n);
        long[] buffer = scratch.longs(1, n);
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[from + i]);
            // why: flips negatives entirely and positives' sign bit, so unsigned key order is numeric order
            keys[i] = bits ^ (bits >> 63 | Long.MIN_VALUE);
        }
        int[] count = scratch.count;
        for (int shift = 0; shift < 64; shift += 8) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) (keys[i] >>> shift & 0xFF) + 1]++;
            }
            if (allSameByte(count, n)) {
                // why: high bytes are often one value for all (scores in a narrow range); nothing to move
                continue;
            }
            for (int b = 0; b < 256; b++) {
                count[b + 1] += count[b];
            }
            for (int i = 0; i < n; i++) {
                long k = keys[i];
                buffer[count[(int) (k >>> shift & 0xFF)]++] = k;
            }
            long[] t = keys;
            keys = buffer;
            buffer = t;
        }
        for (int i = 0; i < n; i++) {
            long k = keys[i];
            long bits = k ^ (~k >> 63 | Long.MIN_VALUE);
            values[from + i] = Double.longBitsToDouble(bits);
        }
    }

    /** Whether every value is a float widened to double (as the scores of the attacks' float networks are). */
    private static boolean allFloats(double[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = values[i];
            if ((double) (float) v != v) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sorts values that are all floats on 32-bit keys: half the passes and half the memory of the 64-bit sort,
     * the same order (float to double keeps order, and -0.0 just before 0.0 in both).
     */
    private static void sortFloats(double[] values, int from, int n, Scratch scratch) {
        int[] keys = scratch.ints(0, n);
        int[] buffer = scratch.ints(1, n);
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits((float) values[from + i]);
            keys[i] = bits ^ (bits >> 31 | Integer.MIN_VALUE);
        }
        int[] count = scratch.count;
        for (int shift = 0; shift < 32; shift += 8) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(keys[i] >>> shift & 0xFF) + 1]++;
            }
            if (allSameByte(count, n)) {
                continue;
            }
            for (int b = 0; b < 256; b++) {
                count[b + 1] += count[b];
            }
            for (int i = 0; i < n; i++) {
                int k = keys[i];
                buffer[count[k >>> shift & 0xFF]++] = k;
            }
            int[] t = keys;
            keys = buffer;
            buffer = t;
        }
        for (int i = 0; i < n; i++) {
            int k = keys[i];
            values[from + i] = Float.intBitsToFloat(k ^ (~k >> 31 | Integer.MIN_VALUE));
        }
    }

    private static boolean allSameByte(int[] count, int n) {
        for (int b = 1; b <= 256; b++) {
            if (count[b] == n) {
                return true;
            }
        }
        return false;
    }
}
