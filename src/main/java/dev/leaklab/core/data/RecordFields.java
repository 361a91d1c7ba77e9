package dev.leaklab.core.data;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the fields of one JSON or CSV record into a {@link Sample}. The field names are resolved once, on the
 * first record (or the CSV header): a configured name must exist, otherwise the first well-known name
 * present is used.
 */
final class RecordFields {

    /** Read access to one record's fields as text. */
    interface Accessor {
        /** Whether the record has the field. */
        boolean has(String field);

        /** The field's value as text, or {@code null} when absent or null. */
        String text(String field);
    }

    /** Code field names that datasets also use for something else (a project or a file name). */
    static final List<String> AMBIGUOUS_CODE_FIELDS = List.of("source");

    private final Path file;
    private final String code;
    private final String label;
    private final String id;
    private final String cwe;
    private final String tag;
    private final int maxChars;

    private RecordFields(Path file, String code, String label, String id, String cwe, String tag, int maxChars) {
        this.file = file;
        this.code = code;
        this.label = label;
        this.id = id;
        this.cwe = cwe;
        this.tag = tag;
        this.maxChars = maxChars;
    }

    /**
     * Resolves the field names against the names a file offers.
     *
     * @param present  whether a field name exists in the first record or header
     * @param names    the names on offer, for the error message
     * @param line     where the first record or header is, for the error message
     */
    static RecordFields resolve(Path file, long line, ReaderOptions options, Predicate<String> present,
                                Collection<String> names) throws DatasetException {
        return resolve(file, line, options, present, names, null);
    }

    /**
     * As {@link #resolve(Path, long, ReaderOptions, Predicate, Collection)}, with the first record's values: a
     * well-known code field of more than one use ({@link #AMBIGUOUS_CODE_FIELDS}) whose first value does not look like code (a {@code source} field naming a project,
     * say) is passed over, so the real code field, when it has another name, is asked for rather than a
     * project name read as code.
     *
     * @param firstValue the first record's value of a field as text, or {@code null} when values are not known
     */
    static RecordFields resolve(Path file, long line, ReaderOptions options, Predicate<String> present,
                                Collection<String> names, Function<String, String> firstValue)
            throws DatasetException {
        String code;
        if (options.codeField() == null && firstValue != null) {
            code = pickCode(file, line, present, names, firstValue);
        } else {
            code = pick(file, line, options.codeField(), ReaderOptions.CODE_FIELDS, present, names, "code",
                    "--code-field");
        }
        String label = pick(file, line, options.labelField(), ReaderOptions.LABEL_FIELDS, present, names, "label",
                "--label-field");
        String id = pickOptional(options.idField(), ReaderOptions.ID_FIELDS, present);
        String cwe = pickOptional(options.cweField(), ReaderOptions.CWE_FIELDS, present);
        String tag = pickOptional(null, ReaderOptions.TAG_FIELDS, present);
        return new RecordFields(file, code, label, id, cwe, tag, options.maxRecordChars());
    }

    private static String pick(Path file, long line, String configured, List<String> defaults,
                               Predicate<String> present, Collection<String> names, String what, String option)
            throws DatasetException {
        if (configured != null) {
            if (!present.test(configured)) {
                throw new DatasetException(file, line, "no " + what + " field '" + configured + "' (fields: "
                        + summary(names) + ")");
            }
            return configured;
        }
        for (String candidate : defaults) {
            if (present.test(candidate)) {
                return candidate;
            }
        }
        throw new DatasetException(file, line, "no " + what + " field among " + defaults + " (fields: "
                + summary(names) + "; name one with " + option + ")");
    }

    private static String pickCode(Path file, long line, Predicate<String> present, Collection<String> names,
                                   Function<String, String> firstValue) throws DatasetException {
        String passedOver = null;
        for (String candidate : ReaderOptions.CODE_FIELDS) {
            if (present.test(candidate)) {
                String value = firstValue.apply(candidate);
                if (!AMBIGUOUS_CODE_FIELDS.contains(candidate) || looksLikeCode(value)) {
                    return candidate;
                }
                if (passedOver == null) {
                    passedOver = "'" + candidate + "' holds '" + GadgetReader.abbreviate(String.valueOf(value).strip())
                            + "', which is not code";
                }
            }
        }
        throw new DatasetException(file, line, "no code field among " + ReaderOptions.CODE_FIELDS
                + (passedOver == null ? "" : " (" + passedOver + ")") + "; fields: " + summary(names)
                + "; name the one holding the code with --code-field");
    }

    /** Whether a field's text could be a function or gadget: it has a bracket, a semicolon or a line break. */
    static boolean looksLikeCode(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '{' || c == ';' || c == '\n' || c == '=') {
                return true;
            }
        }
        return false;
    }

    private static String pickOptional(String configured, List<String> defaults, Predicate<String> present) {
        if (configured != null) {
            return present.test(configured) ? configured : null;
        }
        return defaults.stream().filter(present).findFirst().orElse(null);
    }

    private static String summary(Collection<String> names) {
        String joined = String.join(", ", names);
        return joined.length() <= 120 ? joined : joined.substring(0, 117) + "...";
    }

    /** Builds the sample of one record; {@code number} is its 1-based record number. */
    Sample sample(Accessor record, long line, long number) throws DatasetException {
        String codeText = record.text(code);
        if (codeText == null) {
            throw new DatasetException(file, line, "record has no code in field '" + code + "'");
        }
        if (codeText.length() > maxChars) {
            throw new DatasetException(file, line, "record is longer than the record cap of " + maxChars
                    + " characters");
        }
        String labelText = record.text(label);
        if (labelText == null) {
            throw new DatasetException(file, line, "record has no label in field '" + label + "'");
        }
        int value = parseLabel(labelText);
        if (value < 0) {
            throw new DatasetException(file, line, "label in field '" + label + "' must be 0 or 1, found '"
                    + GadgetReader.abbreviate(labelText) + "'");
        }
        String idText = id == null ? null : record.text(id);
        String sampleId = idText == null || idText.isBlank() ? Long.toString(number) : idText;
        return new Sample(sampleId, codeText, value, fileName(), (int) Math.min(Integer.MAX_VALUE, line),
                normaliseCwe(cwe == null ? null : record.text(cwe)), blankToNull(tag == null ? null : record.text(tag)));
    }

    private String fileName() {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** 0/1, false/true, or the floats 0.0/1.0 that pandas writes; -1 for anything else. */
    static int parseLabel(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "0", "0.0", "false" -> 0;
            case "1", "1.0", "true" -> 1;
            default -> -1;
        };
    }

    /** {@code 119}, {@code cwe-119}, {@code CWE-119} all become {@code CWE-119}; blanks become null. */
    static String normaliseCwe(String text) {
        String t = blankToNull(text);
        if (t == null) {
            return null;
        }
        if (t.chars().allMatch(Character::isDigit)) {
            return "CWE-" + t;
        }
        if (t.regionMatches(true, 0, "CWE", 0, 3)) {
            return "CWE" + t.substring(3);
        }
        return t;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() || text.equalsIgnoreCase("nan") || text.equals("[]") ? null
                : text.strip();
    }
}
