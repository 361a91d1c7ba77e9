package dev.leaklab.core.code;

import java.util.Arrays;

/**
 * A token-id sequence padded or truncated to a fixed length.
 *
 * @param ids            exactly {@code maxLength} ids; positions from {@code length} on hold
 *                       {@link Vocabulary#PAD_ID}
 * @param length         number of real tokens (at most the array length), used for masks and
 *                       length-bucketed batches
 * @param originalLength number of tokens before truncation
 */
public record EncodedSequence(int[] ids, int length, int originalLength) {

    /** Checks that {@code length} fits the array and does not exceed {@code originalLength}. */
    public EncodedSequence {
        if (length < 0 || length > ids.length || originalLength < length) {
            throw new IllegalArgumentException("length " + length + " does not fit " + ids.length
                    + " ids / original length " + originalLength);
        }
    }

    /** The fixed length of the sequence. */
    public int maxLength() {
        return ids.length;
    }

    /** Whether tokens were cut to fit. */
    public boolean truncated() {
        return originalLength > length;
    }

    /** 1 for each real token, 0 for padding. */
    public float[] mask() {
        float[] mask = new float[ids.length];
        Arrays.fill(mask, 0, length, 1f);
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedSequence other && length == other.length
                && originalLength == other.originalLength && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + length) + originalLength;
    }

    @Override
    public String toString() {
        return "EncodedSequence[length=" + length + ", originalLength=" + originalLength + ", ids="
                + Arrays.toString(Arrays.copyOf(ids, length)) + "]";
    }
}
