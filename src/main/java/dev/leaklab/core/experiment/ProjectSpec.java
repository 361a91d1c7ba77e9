package dev.leaklab.core.experiment;

import java.util.Objects;

/**
 * A LeakLab project: the JSON file a user opens and saves ({@code *.leaklab}). Later schema versions add the
 * models, attacks and defences; this version holds the data side.
 *
 * @param schemaVersion the file format version, {@value #SCHEMA_VERSION} for files this LeakLab writes
 * @param name          a display name
 * @param description   a sentence or two for the user, or {@code null}
 * @param dataset       where the samples come from
 * @param split         how the samples are split into the four subsets
 * @param code          how code becomes token sequences
 */
public record ProjectSpec(int schemaVersion, String name, String description, DatasetSpec dataset,
                          SplitSettings split, CodeSettings code) {

    /** The schema version this LeakLab reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    /** The file name extension of projects. */
    public static final String EXTENSION = ".leaklab";

    /** Fills in defaults and checks that a dataset is given. */
    public ProjectSpec {
        Objects.requireNonNull(dataset, "a project needs a dataset");
        name = name == null || name.isBlank() ? "Untitled" : name;
        split = split == null ? SplitSettings.defaults() : split;
        code = code == null ? CodeSettings.defaults() : code;
    }

    /** A new project of the current schema over the given dataset, other settings at their defaults. */
    public static ProjectSpec of(String name, DatasetSpec dataset) {
        return new ProjectSpec(SCHEMA_VERSION, name, null, dataset, null, null);
    }
}
