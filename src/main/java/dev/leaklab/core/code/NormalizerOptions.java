package dev.leaklab.core.code;

/**
 * How {@link SymbolicNormalizer} rewrites code.
 *
 * @param foldStrings  replace every string literal by {@code STR} (default: true; literals such as
 *                     {@code "Calling bad()"} would otherwise leak the label)
 * @param foldChars    replace every character literal by {@code CHR} (default: false)
 * @param foldNumbers  replace every number by {@code NUM} (default: false; buffer sizes carry signal)
 * @param keepComments keep comments as one {@code COMMENT} token each (default: false; Juliet's
 *                     {@code FLAW} and {@code FIX} comments are the label in words)
 * @param keepPreprocessor keep preprocessor lines as one token each (default: false)
 */
public record NormalizerOptions(boolean foldStrings, boolean foldChars, boolean foldNumbers,
                                boolean keepComments, boolean keepPreprocessor) {

    /** The defaults: fold strings, keep characters and numbers, drop comments and directives. */
    public static NormalizerOptions defaults() {
        return new NormalizerOptions(true, false, false, false, false);
    }
}
