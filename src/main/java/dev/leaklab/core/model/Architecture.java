package dev.leaklab.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The vulnerability-prediction architectures the study attacks (method.md, section 3). */
public enum Architecture {
    /** Token embedding, a bidirectional LSTM, masked mean pooling, a dense head with two logits. */
    BILSTM("bilstm"),
    /** The same with GRU cells. */
    BIGRU("bigru"),
    /** A RoBERTa-style transformer encoder; the {@code <s>} vector feeds the head. */
    CODEBERT("codebert");

    private final String id;

    Architecture(String id) {
        this.id = id;
    }

    /** The name used on the command line and in project files. */
    public String id() {
        return id;
    }

    /** Parses a name such as {@code bilstm}, case-insensitively. */
    public static Architecture fromId(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Architecture a : values()) {
            if (a.id.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "' (expected "
                + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
