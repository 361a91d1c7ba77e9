package dev.leaklab.core.experiment;

import dev.leaklab.core.code.NormalizerOptions;
import dev.leaklab.core.code.SequenceEncoder;
import java.util.Locale;

/**
 * Code processing as written in a project file; fields left out take their defaults.
 *
 * @param maxLength     tokens a sequence is padded or cut to (default 200)
 * @param minFrequency  tokens seen fewer times become {@code <unk>} (default 2)
 * @param maxVocabulary at most this many vocabulary entries (default 20000)
 * @param foldStrings   string literals become {@code STR} (default true)
 * @param foldChars     character literals become {@code CHR} (default false)
 * @param foldNumbers   numbers become {@code NUM} (default false)
 * @param keep          {@code head} or {@code tail}: which end of a long sequence is kept (default head)
 */
public record CodeSettings(Integer maxLength, Integer minFrequency, Integer maxVocabulary, Boolean foldStrings,
                           Boolean foldChars, Boolean foldNumbers, String keep) {

    /** Fills in defaults and checks ranges. */
    public CodeSettings {
        maxLength = maxLength == null ? 200 : maxLength;
        minFrequency = minFrequency == null ? 2 : minFrequency;
        maxVocabulary = maxVocabulary == null ? 20_000 : maxVocabulary;
        foldStrings = foldStrings == null || foldStrings;
        foldChars = foldChars != null && foldChars;
        foldNumbers = foldNumbers != null && foldNumbers;
        keep = keep == null ? "head" : keep.toLowerCase(Locale.ROOT);
        if (maxLength < 1 || maxLength > 100_000) {
            throw new IllegalArgumentException("code maxLength must be between 1 and 100000, was " + maxLength);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("code minFrequency must be >= 1, was " + minFrequency);
        }
        if (maxVocabulary < 2) {
            throw new IllegalArgumentException("code maxVocabulary must be >= 2, was " + maxVocabulary);
        }
        if (!keep.equals("head") && !keep.equals("tail")) {
            throw new IllegalArgumentException("code keep must be head or tail, was '" + keep + "'");
        }
    }

    /** All defaults. */
    public static CodeSettings defaults() {
        return new CodeSettings(null, null, null, null, null, null, null);
    }

    /** The normaliser settings. */
    public NormalizerOptions normalizerOptions() {
        return new NormalizerOptions(foldStrings, foldChars, foldNumbers, false, false);
    }

    /** Which end of a long sequence is kept. */
    public SequenceEncoder.Keep keepEnd() {
        return keep.equals("head") ? SequenceEncoder.Keep.HEAD : SequenceEncoder.Keep.TAIL;
    }
}
