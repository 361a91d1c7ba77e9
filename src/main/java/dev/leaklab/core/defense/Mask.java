package dev.leaklab.core.defense;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How NMID releases one output (method.md, section 5). */
public enum Mask {
    /** Released as computed (noise added when its sigma is above 0). */
    RELEASED("released"),
    /**
     * Released coarsely: logits as the top-1 label only (one-hot), confidence, loss and embedding rounded to
     * the defence's number of decimals.
     */
    REDUCED("reduced"),
    /** Not released at all. */
    WITHHELD("withheld");

    private final String id;

    Mask(String id) {
        this.id = id;
    }

    /** The name used in files. */
    public String id() {
        return id;
    }

    /** The mask named {@code id}; the message lists the accepted names. */
    public static Mask fromId(String id) {
        for (Mask m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mask \"" + id + "\"; expected one of "
                + Arrays.stream(values()).map(Mask::id).collect(Collectors.joining(", ")));
    }
}
