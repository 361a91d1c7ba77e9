package dev.leaklab.core.data;

/** The four disjoint subsets of a membership study (method.md, section 2). */
public enum Subset {
    /** Members of the target model: its training data. */
    TARGET_IN("target-in"),
    /** Non-members held out from the target model. */
    TARGET_OUT("target-out"),
    /** Members of the shadow model. */
    SHADOW_IN("shadow-in"),
    /** Non-members held out from the shadow model. */
    SHADOW_OUT("shadow-out");

    private final String id;

    Subset(String id) {
        this.id = id;
    }

    /** The name shown to users and written in results. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
