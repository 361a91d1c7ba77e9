package dev.leaklab.app.dataset;

import dev.leaklab.core.data.Sample;

/** Which labels the sample table shows. */
public enum ClassFilter {
    /** Every sample. */
    ALL("All"),
    /** Samples labelled vulnerable. */
    VULNERABLE("Vulnerable"),
    /** Samples labelled not vulnerable. */
    NOT_VULNERABLE("Not vulnerable");

    private final String displayName;

    ClassFilter(String displayName) {
        this.displayName = displayName;
    }

    /** The name shown on the filter's button. */
    public String displayName() {
        return displayName;
    }

    /** Whether a sample with {@code label} passes. */
    public boolean accepts(int label) {
        return switch (this) {
            case ALL -> true;
            case VULNERABLE -> label == Sample.VULNERABLE;
            case NOT_VULNERABLE -> label == Sample.NOT_VULNERABLE;
        };
    }

    @Override
    public String toString() {
        return displayName;
    }
}
