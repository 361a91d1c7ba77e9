package dev.leaklab.core.data;

import java.util.Locale;

/** What deduplication does with a body that occurs with both labels. */
public enum ConflictPolicy {
    /** Drop every copy: the label is unknowable (the default). */
    DROP,
    /** Keep one copy with the label most copies carry (ties: vulnerable). */
    MAJORITY,
    /** Keep one copy labelled vulnerable. */
    VULNERABLE;

    /** Parses {@code drop}, {@code majority} or {@code vulnerable}. */
    public static ConflictPolicy fromId(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown conflict policy '" + id
                    + "' (expected drop, majority or vulnerable)", e);
        }
    }

    /** The lower-case name used in project files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
