package dev.leaklab.core.data;

import java.util.List;

/**
 * A sample with its normalised tokens; {@link #key()} is the text two exact duplicates share.
 *
 * @param sample the sample
 * @param tokens its normalised token texts, immutable
 */
public record NormalizedSample(Sample sample, List<String> tokens) {

    /** Copies the token list. */
    public NormalizedSample {
        tokens = List.copyOf(tokens);
    }

    /** The normalised text, tokens joined by single spaces: equal for duplicates after normalisation. */
    public String key() {
        return String.join(" ", tokens);
    }
}
