package dev.leaklab.app.dataset;

import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.Sample;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of the sample table, with its texts computed once so sorting and filtering 60,000 rows does
 * not rebuild strings. Immutable; made on the worker thread.
 *
 * @param id         the sample's id
 * @param labelText  {@code Vulnerable} or {@code Not vulnerable}
 * @param cwe        the CWE, or an empty string when unknown
 * @param source     the source file, with {@code :LINE} when the line is known
 * @param tokens     the number of normalised tokens
 * @param normalized the sample and its normalised tokens
 */
public record SampleRow(String id, String labelText, String cwe, String source, int tokens,
                        NormalizedSample normalized) {

    /** Text of the vulnerable label. */
    public static final String VULNERABLE_TEXT = "Vulnerable";
    /** Text of the not-vulnerable label. */
    public static final String NOT_VULNERABLE_TEXT = "Not vulnerable";

    /** Checks that nothing is missing. */
    public SampleRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(labelText, "labelText");
        Objects.requireNonNull(cwe, "cwe");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(normalized, "normalized");
    }

    /** The row of a normalised sample. */
    public static SampleRow of(NormalizedSample normalized) {
        Sample sample = normalized.sample();
        return new SampleRow(sample.id(),
                sample.isVulnerable() ? VULNERABLE_TEXT : NOT_VULNERABLE_TEXT,
                sample.cwe() == null ? "" : sample.cwe(),
                sample.line() > 0 ? sample.source() + ":" + sample.line() : sample.source(),
                normalized.tokens().size(),
                normalized);
    }

    /** Whether the sample is labelled vulnerable. */
    public boolean vulnerable() {
        return normalized.sample().isVulnerable();
    }

    /** The 0/1 label. */
    public int label() {
        return normalized.sample().label();
    }

    /** The code exactly as read. */
    public String originalCode() {
        return normalized.sample().code();
    }

    /** The normalised tokens. */
    public List<String> normalizedTokens() {
        return normalized.tokens();
    }

    /** Whether id, source or CWE contain {@code needle}, which must already be lower case. */
    boolean matches(String needle) {
        return needle.isEmpty()
                || id.toLowerCase(Locale.ROOT).contains(needle)
                || source.toLowerCase(Locale.ROOT).contains(needle)
                || cwe.toLowerCase(Locale.ROOT).contains(needle);
    }
}
