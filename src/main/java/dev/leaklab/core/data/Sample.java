package dev.leaklab.core.data;

import java.util.Objects;

/**
 * One labelled code sample: a function, a file or a code gadget.
 *
 * @param id     identifier, unique within its dataset (the gadget index, a JSON {@code idx}, a file path...)
 * @param code   the code exactly as read
 * @param label  {@link #VULNERABLE} or {@link #NOT_VULNERABLE}
 * @param source where the code comes from: the program file named by a gadget header, the Juliet or folder
 *               file, or the dataset file itself for JSON and CSV records
 * @param line   the line in {@code source} (1-based), or 0 when unknown
 * @param cwe    the weakness, as {@code CWE-119}, or {@code null} when unknown
 * @param tag    a free tag (the gadget's key-point category, a project name), or {@code null}
 */
public record Sample(String id, String code, int label, String source, int line, String cwe, String tag) {

    /** Label of a vulnerable sample. */
    public static final int VULNERABLE = 1;
    /** Label of a sample that is not vulnerable. */
    public static final int NOT_VULNERABLE = 0;

    /** Checks the invariants: non-null id, code and source; a 0/1 label; a non-negative line. */
    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(source, "source");
        if (label != VULNERABLE && label != NOT_VULNERABLE) {
            throw new IllegalArgumentException("label must be 0 or 1, was " + label);
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
    }

    /** Whether this sample is labelled vulnerable. */
    public boolean isVulnerable() {
        return label == VULNERABLE;
    }
}
