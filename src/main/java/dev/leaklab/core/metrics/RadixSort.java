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

    private RadixSort() {
    }

    /** Sorts {@code values} ascending, in place; NaN is not allowed. */
    static void sort(double[] values) {
        int n = values.length;
        if (n < SMALL) {
            Arrays.sort(values);
            return;
        }
        if (allFloats(values)) {
            sortFloats(values);
            return;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            // why: flips negatives entirely and positives' sign bit, so unsigned key order is numeric order
            keys[i] = bits ^ (bits >> 63 | Long.MIN_VALUE);
        }
        long[] buffer = new long[n];
        int[] count = new int[257];
        for (int shift = 0; shift < 64; shift += 8) {
            Arrays.fill(count, 0);
            for (long k : keys) {
                count[(int) (k >>> shift & 0xFF) + 1]++;
            }
            if (allSameByte(count, n)) {
                // why: high bytes are often one value for all (scores in a narrow range); nothing to move
                continue;
            }
            for (int b = 0; b < 256; b++) {
                count[b + 1] += count[b];
            }
            for (long k : keys) {
                buffer[count[(int) (k >>> shift & 0xFF)]++] = k;
            }
            long[] t = keys;
            keys = buffer;
            buffer = t;
        }
        for (int i = 0; i < n; i++) {
            long k = keys[i];
            long bits = k ^ (~k >> 63 | Long.MIN_VALUE);
            values[i] = Double.longBitsToDouble(bits);
        }
    }

    /** Whether every value is a float widened to double (as the scores of the attacks' float networks are). */
    private static boolean allFloats(double[] values) {
        for (double v : values) {
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
    private static void sortFloats(double[] values) {
        int n = values.length;
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits((float) values[i]);
            keys[i] = bits ^ (bits >> 31 | Integer.MIN_VALUE);
        }
        int[] buffer = new int[n];
        int[] count = new int[257];
        for (int shift = 0; shift < 32; shift += 8) {
            Arrays.fill(count, 0);
            for (int k : keys) {
                count[(k >>> shift & 0xFF) + 1]++;
            }
            if (allSameByte(count, n)) {
                continue;
            }
            for (int b = 0; b < 256; b++) {
                count[b + 1] += count[b];
            }
            for (int k : keys) {
                buffer[count[k >>> shift & 0xFF]++] = k;
            }
            int[] t = keys;
            keys = buffer;
            buffer = t;
        }
        for (int i = 0; i < n; i++) {
            int k = keys[i];
            values[i] = Float.intBitsToFloat(k ^ (~k >> 31 | Integer.MIN_VALUE));
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
