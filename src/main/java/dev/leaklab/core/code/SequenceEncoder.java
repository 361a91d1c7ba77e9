package dev.leaklab.core.code;

import java.util.List;
import java.util.Objects;

/**
 * Turns token lists into fixed-length id sequences with a {@link Vocabulary}. Sequences longer than
 * {@code maxLength} keep their head (the start of a function or the first statements of a gadget) or their
 * tail. Immutable.
 */
public final class SequenceEncoder {

    /** Which end of a long sequence survives truncation. */
    public enum Keep {
        /** Keep the first tokens. */
        HEAD,
        /** Keep the last tokens. */
        TAIL
    }

    private final Vocabulary vocabulary;
    private final int maxLength;
    private final Keep keep;

    /**
     * @param vocabulary the token ids
     * @param maxLength  length of every encoded sequence, at least 1
     * @param keep       which end survives truncation
     */
    public SequenceEncoder(Vocabulary vocabulary, int maxLength, Keep keep) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, was " + maxLength);
        }
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.maxLength = maxLength;
        this.keep = Objects.requireNonNull(keep, "keep");
    }

    /** The vocabulary in use. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The fixed sequence length. */
    public int maxLength() {
        return maxLength;
    }

    /** Encodes one token list. */
    public EncodedSequence encode(List<String> tokens) {
        int n = tokens.size();
        int length = Math.min(n, maxLength);
        int from = keep == Keep.HEAD ? 0 : n - length;
        int[] ids = new int[maxLength];
        for (int i = 0; i < length; i++) {
            ids[i] = vocabulary.id(tokens.get(from + i));
        }
        return new EncodedSequence(ids, length, n);
    }
}
