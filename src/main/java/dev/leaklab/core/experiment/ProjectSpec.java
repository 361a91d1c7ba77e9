package dev.leaklab.core.experiment;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Objects;

/**
 * A LeakLab project, which is also an experiment file ({@code *.leaklab}): the data side (dataset, split,
 * code settings) and the experiment (the target model, the shadow models, the attacks, the NMID defence and
 * its sigma sweep, the seed). Every experiment part may be left out for its default; a schema 1 file (data
 * only) reads as an experiment with every default.
 *
 * <h2>What a project file may make LeakLab touch</h2>
 * A project comes from whoever wrote the file, so it is data, never instructions about the machine:
 * <ul>
 *   <li><b>Reading: anywhere the project names.</b> {@code dataset.paths} and {@code model.pretrained} may be
 *       absolute or relative to the project file's folder, {@code ../} included; the user chose to open the
 *       project, and with it what it reads ({@link ProjectDatasets#resolve}). They must be valid paths (no NUL
 *       byte): a bad one fails on loading with {@code FILE:LINE: dataset paths[0] is not a valid path ...}.</li>
 *   <li><b>Writing: only where the user chose, under names LeakLab builds.</b> Nothing in a project picks a
 *       written path. Everything a run writes lies under the output folder the user chose (the command line's
 *       {@code --out}, by default {@code NAME-results} beside the project file; in the workbench the same
 *       folder, {@code leaklab-models} in the system temporary folder for a project not yet saved, or a file
 *       picked in a save dialog), under fixed names ({@code results.json}, {@code results.csv},
 *       {@code report.html}, {@code roc.png}...) or, in the model cache {@code OUT/models/}, a 32-digit hex
 *       hash of the settings and data with fixed names inside ({@code members.bin}, {@code model/}...).
 *       Temporary files go beside their target under its name and are moved over it; the HTML report renders
 *       its charts in memory. The name, description, sample ids, CWEs, code and every other string of a
 *       project or dataset only ever end up inside files (HTML-escaped in the report), never in a file name.</li>
 *   <li><b>Instantiating: nothing the file names.</b> Projects are bound to these records by the one
 *       {@link dev.leaklab.core.Json} mapper, with no polymorphic default typing and no class-name type ids;
 *       a {@code {"@class": ...}} or {@code ["java.net.URL", ...]} gadget is an error like any wrong value.</li>
 * </ul>
 * {@code SecurityArchitectureTest}, {@code HostileFilesTest} and {@code HostileProjectWritesTest} hold LeakLab to
 * this.
 *
 * @param schemaVersion the file format version, {@value #SCHEMA_VERSION} for files this LeakLab writes
 * @param name          a display name
 * @param description   a sentence or two for the user, or {@code null}
 * @param dataset       where the samples come from
 * @param split         how the samples are split into the four subsets
 * @param code          how code becomes token sequences
 * @param model         the target model (shadow models copy it)
 * @param shadowModels  how many shadow models share the shadow data (default 1, as in the study)
 * @param attacks       the attacks to run
 * @param attackModel   how the attack classifiers train
 * @param defense       the NMID setting
 * @param sweep         the sigma sweep
 * @param seed          the experiment's seed (attacks, noise); the model and split carry their own
 * @param target        where the target model comes from (schema 3): trained by LeakLab (the default), or a
 *                      model trained elsewhere, audited through its outputs file or the model itself
 */
public record ProjectSpec(int schemaVersion, String name, String description, DatasetSpec dataset,
                          SplitSettings split, CodeSettings code, ModelSettings model, Integer shadowModels,
                          List<AttackSpec> attacks, AttackSettings attackModel, DefenseSpec defense,
                          SweepSettings sweep, Long seed, TargetSpec target) {

    /** The schema version this LeakLab writes; it reads 1 to 3. */
    public static final int SCHEMA_VERSION = 3;
    /** The file name extension of projects. */
    public static final String EXTENSION = ".leaklab";

    /**
     * Fills in defaults and checks that a dataset is given: every project has one, except an audit of an
     * outputs file, whose rows are the data.
     */
    public ProjectSpec {
        target = target == null ? TargetSpec.trained() : target;
        if (dataset == null && !target.kind().equals("outputs")) {
            throw new IllegalArgumentException("a project needs a dataset");
        }
        name = name == null || name.isBlank() ? "Untitled" : name;
        split = split == null ? SplitSettings.defaults() : split;
        code = code == null ? CodeSettings.defaults() : code;
        model = model == null ? ModelSettings.defaults() : model;
        shadowModels = shadowModels == null ? 1 : shadowModels;
        if (shadowModels < 1 || shadowModels > 16) {
            throw new IllegalArgumentException("shadowModels must be 1 to 16, was " + shadowModels);
        }
        attacks = attacks == null ? defaultAttacks() : List.copyOf(attacks);
        if (attacks.isEmpty()) {
            throw new IllegalArgumentException("attacks is empty: an experiment needs at least one attack");
        }
        attackModel = attackModel == null ? AttackSettings.defaults() : attackModel;
        defense = defense == null ? DefenseSpec.defaults() : defense;
        sweep = sweep == null ? SweepSettings.defaults() : sweep;
        seed = seed == null ? 1L : seed;
    }

    /** A data-only project; the experiment parts take their defaults. */
    public ProjectSpec(int schemaVersion, String name, String description, DatasetSpec dataset, SplitSettings split,
                       CodeSettings code) {
        this(schemaVersion, name, description, dataset, split, code, null, null, null, null, null, null, null, null);
    }

    /** A new project of the current schema over the given dataset, other settings at their defaults. */
    public static ProjectSpec of(String name, DatasetSpec dataset) {
        return new ProjectSpec(SCHEMA_VERSION, name, null, dataset, null, null);
    }

    /** The attacks run when a file names none: the study's black-box and gray-box attacks, and a loss threshold. */
    public static List<AttackSpec> defaultAttacks() {
        return List.of(new AttackSpec("shadow-mlp", TextNode.valueOf("black-box"), null, null),
                new AttackSpec("shadow-mlp", TextNode.valueOf("gray-box"), null, null),
                new AttackSpec("loss-threshold", null, null, null));
    }

    /** The same project marked with the schema version this LeakLab writes (every field it has is filled in). */
    public ProjectSpec current() {
        return schemaVersion == SCHEMA_VERSION ? this : new ProjectSpec(SCHEMA_VERSION, name, description, dataset,
                split, code, model, shadowModels, attacks, attackModel, defense, sweep, seed, target);
    }

    /** The same project with another dataset. */
    public ProjectSpec withDataset(DatasetSpec other) {
        return new ProjectSpec(schemaVersion, name, description, other, split, code, model, shadowModels, attacks,
                attackModel, defense, sweep, seed, target);
    }

    /** The same project with another target. */
    public ProjectSpec withTarget(TargetSpec other) {
        return new ProjectSpec(schemaVersion, name, description, dataset, split, code, model, shadowModels, attacks,
                attackModel, defense, sweep, seed, other);
    }

    /** Whether the target is a model trained elsewhere (an audit). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAudit() {
        return !target.isTrained();
    }
}
