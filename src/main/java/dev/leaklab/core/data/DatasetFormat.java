package dev.leaklab.core.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The dataset formats LeakLab reads; each has one reader. */
public enum DatasetFormat {
    /** VulDeePecker / SySeVR code-gadget text: records separated by dashes, the label last. */
    GADGETS("gadgets"),
    /** JSON Lines: one JSON object a line (Devign, CodeXGLUE, DiverseVul, PrimeVul). */
    JSONL("jsonl"),
    /** One JSON array of objects. */
    JSON("json"),
    /** CSV with a header row (Big-Vul). */
    CSV("csv"),
    /** A Juliet C/C++ test-suite tree: bad and good functions. */
    JULIET("juliet"),
    /** A folder whose top subfolders name the label, one sample per file. */
    FOLDERS("folders");

    private final String id;

    DatasetFormat(String id) {
        this.id = id;
    }

    /** The name used on the command line and in project files. */
    public String id() {
        return id;
    }

    /**
     * Parses a format name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static DatasetFormat fromId(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (DatasetFormat f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown dataset format '" + name + "' (expected one of "
                + Arrays.stream(values()).map(DatasetFormat::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
