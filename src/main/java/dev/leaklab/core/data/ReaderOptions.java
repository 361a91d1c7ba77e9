package dev.leaklab.core.data;

import java.nio.charset.Charset;
import java.util.List;

/**
 * Settings shared by the dataset readers. Field names left {@code null} are found among well-known names
 * (see {@link #CODE_FIELDS}, {@link #LABEL_FIELDS} and so on).
 *
 * @param codeField       JSON field or CSV column holding the code, or {@code null} for the defaults
 * @param labelField      JSON field or CSV column holding the 0/1 label, or {@code null} for the defaults
 * @param idField         field or column holding an id, or {@code null} for the defaults (else the record
 *                        number)
 * @param cweField        field or column holding the CWE, or {@code null} for the defaults
 * @param maxRecordChars  a record (or line, or file) longer than this is rejected
 * @param fallbackCharset used when a file is not valid UTF-8, or {@code null} to reject such files
 * @param strict          reject the whole file at the first malformed record; when false (the default) a
 *                        malformed record (say, one without its label line, as in four of the published
 *                        CGD records) is skipped with a warning, as long as at most
 *                        {@link #MAX_SKIPPED_FRACTION} of the records are
 */
public record ReaderOptions(String codeField, String labelField, String idField, String cweField,
                            int maxRecordChars, Charset fallbackCharset, boolean strict) {

    /** In lenient mode, a file with more malformed records than this fraction is rejected. */
    public static final double MAX_SKIPPED_FRACTION = 0.05;

    /** Code fields tried in order when none is set: Devign, CodeXGLUE, DiverseVul, PrimeVul, Big-Vul. */
    public static final List<String> CODE_FIELDS = List.of("func", "func_before", "code", "function",
            "processed_func", "source");
    /** Label fields tried in order when none is set. */
    public static final List<String> LABEL_FIELDS = List.of("target", "vul", "label", "is_vulnerable",
            "vulnerable", "y");
    /** Id fields tried in order when none is set. */
    public static final List<String> ID_FIELDS = List.of("idx", "id", "func_hash", "hash", "index", "");
    /** CWE fields tried in order when none is set. */
    public static final List<String> CWE_FIELDS = List.of("cwe", "CWE ID", "cwe_id", "cwe_ids");
    /** Tag fields tried in order (a project or program name). */
    public static final List<String> TAG_FIELDS = List.of("project", "project_name", "Source");

    /** Default cap on one record: 1 MiB of characters. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

    /** Checks that the record cap is positive. */
    public ReaderOptions {
        if (maxRecordChars < 1) {
            throw new IllegalArgumentException("maxRecordChars must be >= 1, was " + maxRecordChars);
        }
    }

    /** Well-known field names, a 1 MiB record cap, and ISO-8859-1 as the fallback for non-UTF-8 files. */
    public static ReaderOptions defaults() {
        return new ReaderOptions(null, null, null, null, DEFAULT_MAX_RECORD_CHARS,
                java.nio.charset.StandardCharsets.ISO_8859_1, false);
    }

    /** A copy with the given code field. */
    public ReaderOptions withCodeField(String field) {
        return new ReaderOptions(field, labelField, idField, cweField, maxRecordChars, fallbackCharset, strict);
    }

    /** A copy with the given label field. */
    public ReaderOptions withLabelField(String field) {
        return new ReaderOptions(codeField, field, idField, cweField, maxRecordChars, fallbackCharset, strict);
    }

    /** A copy with the given record cap. */
    public ReaderOptions withMaxRecordChars(int max) {
        return new ReaderOptions(codeField, labelField, idField, cweField, max, fallbackCharset, strict);
    }

    /** A copy with the given fallback charset ({@code null}: reject files that are not UTF-8). */
    public ReaderOptions withFallbackCharset(Charset charset) {
        return new ReaderOptions(codeField, labelField, idField, cweField, maxRecordChars, charset, strict);
    }

    /** A copy that rejects a file at its first malformed record, or (false) skips such records. */
    public ReaderOptions withStrict(boolean rejectAnyMalformedRecord) {
        return new ReaderOptions(codeField, labelField, idField, cweField, maxRecordChars, fallbackCharset,
                rejectAnyMalformedRecord);
    }

    /** A copy with the given id field. */
    public ReaderOptions withIdField(String field) {
        return new ReaderOptions(codeField, labelField, field, cweField, maxRecordChars, fallbackCharset, strict);
    }

    /** A copy with the given CWE field. */
    public ReaderOptions withCweField(String field) {
        return new ReaderOptions(codeField, labelField, idField, field, maxRecordChars, fallbackCharset, strict);
    }
}
