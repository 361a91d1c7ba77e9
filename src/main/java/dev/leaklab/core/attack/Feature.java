package dev.leaklab.core.attack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An output of the target model that an attacker may see (method.md, section 4). */
public enum Feature {
    /** The representation fed to the classifier head (gray-box only). */
    EMBEDDING("embedding"),
    /** The two unnormalised scores. */
    LOGITS("logits"),
    /** The cross-entropy loss of the true label. */
    LOSS("loss"),
    /** The larger softmax probability. */
    CONFIDENCE("confidence");

    private final String id;

    Feature(String id) {
        this.id = id;
    }

    /** The name used in files and on the command line. */
    public String id() {
        return id;
    }

    /**
     * The feature named {@code id}.
     *
     * @throws IllegalArgumentException naming the accepted ids
     */
    public static Feature fromId(String id) {
        for (Feature f : values()) {
            if (f.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown feature \"" + id + "\"; expected one of "
                + Arrays.stream(values()).map(Feature::id).collect(Collectors.joining(", ")));
    }
}
