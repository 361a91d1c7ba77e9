package dev.leaklab.app.audit;

import dev.leaklab.core.experiment.DatasetSpec;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.TargetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the user asked to audit.
 *
 * @param kind       outputs, keras or onnx
 * @param file       the outputs file or the model
 * @param data       the dataset (required for a model; for an outputs file, the attacker's data), or {@code null}
 * @param vocabulary the model's vocabulary, or {@code null} for an outputs file
 * @param merges     the BPE merges, or {@code null}
 * @param members    a file of member ids, or {@code null}
 */
public record AuditRequest(String kind, Path file, Path data, Path vocabulary, Path merges, Path members) {

    /** Checks that the kind is known and the file given. */
    public AuditRequest {
        Objects.requireNonNull(file, "file");
        if (!TargetSpec.KINDS.contains(kind) || kind.equals("trained")) {
            throw new IllegalArgumentException("unknown audit kind " + kind);
        }
    }

    /** An audit of an outputs file, members marked in it. */
    public static AuditRequest outputs(Path file) {
        return new AuditRequest("outputs", file, null, null, null, null);
    }

    /**
     * The project that runs this audit: the settings of {@code base} (attacks, defence, sweep, the model the
     * attacker's shadow models use), the target and data from this request.
     */
    public ProjectSpec toProject(ProjectSpec base) {
        TargetSpec target = new TargetSpec(kind, kind.equals("outputs") ? text(file) : null,
                kind.equals("outputs") ? null : text(file), text(vocabulary), text(merges), text(members), null);
        DatasetSpec dataset = data == null ? null : DatasetSpec.ofPaths(List.of(text(data)));
        return new ProjectSpec(ProjectSpec.SCHEMA_VERSION, "Audit of " + file.getFileName(), null, dataset,
                base.split(), base.code(), base.model(), base.shadowModels(), base.attacks(), base.attackModel(),
                base.defense(), base.sweep(), base.seed(), target);
    }

    private static String text(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }
}
