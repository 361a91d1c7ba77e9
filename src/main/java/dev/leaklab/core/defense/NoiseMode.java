package dev.leaklab.core.defense;

/** Whether NMID's noise is drawn afresh for every query or keyed to the input. */
public enum NoiseMode {
    /** A new draw each query: averaging repeated queries removes it. */
    FRESH("fresh"),
    /** The same draw for the same input every time: repeated queries learn nothing more. */
    KEYED("keyed");

    private final String id;

    NoiseMode(String id) {
        this.id = id;
    }

    /** The name used in files. */
    public String id() {
        return id;
    }

    /** The mode named {@code id}. */
    public static NoiseMode fromId(String id) {
        for (NoiseMode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown noise mode \"" + id + "\"; expected fresh or keyed");
    }
}
