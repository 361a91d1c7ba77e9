package dev.leaklab.core.experiment;

import java.util.List;
import java.util.Locale;

/**
 * Where the target model comes from (schema 3): {@code trained} by LeakLab from the project's settings (the
 * default, and what schema 1 and 2 files mean), or a model trained elsewhere: its {@code outputs} file, a
 * {@code keras} model ({@code .h5}), or an {@code onnx} model. Paths are absolute or relative to the project
 * file's folder, like the dataset's.
 *
 * @param kind       trained, outputs, keras or onnx
 * @param outputs    the outputs file (CSV, JSON Lines, .npz, .npy) for {@code outputs}
 * @param model      the model file for {@code keras} and {@code onnx}
 * @param vocabulary the model's vocabulary: a JSON object from normalised token to index, or with
 *                   {@code merges} the {@code vocab.json} of a byte-level BPE
 * @param merges     the BPE's {@code merges.txt}, for models that read raw code through byte-level BPE
 * @param members    a file of the ids the model was trained on, one a line; without it the outputs file's
 *                   role or member column says, or (for models) LeakLab's own split of the dataset
 * @param maxLength  tokens a sample is cut or padded to, for models whose input length is not fixed (default 200)
 */
public record TargetSpec(String kind, String outputs, String model, String vocabulary, String merges,
                         String members, Integer maxLength) {

    /** The kinds of target. */
    public static final List<String> KINDS = List.of("trained", "outputs", "keras", "onnx");

    /** Checks that the kind is known and that it has the files it needs. */
    public TargetSpec {
        kind = kind == null ? "trained" : kind.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("target kind '" + kind + "' is not one of " + String.join(", ", KINDS));
        }
        switch (kind) {
            case "outputs" -> require("outputs", outputs, kind);
            case "keras", "onnx" -> {
                require("model", model, kind);
                require("vocabulary", vocabulary, kind);
            }
            default -> {
                if (outputs != null || model != null || vocabulary != null || merges != null || members != null) {
                    throw new IllegalArgumentException("a trained target names no outputs, model, vocabulary, merges"
                            + " or members file; set target kind to outputs, keras or onnx to audit one");
                }
            }
        }
        for (String[] p : new String[][] {{"outputs", outputs}, {"model", model}, {"vocabulary", vocabulary},
            {"merges", merges}, {"members", members}}) {
            if (p[1] != null) {
                DatasetSpec.checkPath("target " + p[0], p[1]);
            }
        }
        if (maxLength != null && (maxLength < 1 || maxLength > 8192)) {
            throw new IllegalArgumentException("target maxLength must be 1 to 8192, was " + maxLength);
        }
    }

    private static void require(String field, String value, String kind) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a target of kind " + kind + " needs its " + field + " file");
        }
    }

    /** LeakLab trains the target. */
    public static TargetSpec trained() {
        return new TargetSpec("trained", null, null, null, null, null, null);
    }

    /** An outputs file, members marked in it or by {@code members} ({@code null} for none). */
    public static TargetSpec outputs(String outputs, String members) {
        return new TargetSpec("outputs", outputs, null, null, null, members, null);
    }

    /** Whether LeakLab trains the target (no audit of a model from elsewhere). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTrained() {
        return kind.equals("trained");
    }

    /** The same target for a project file moved from {@code oldFile} to {@code newFile}: relative paths follow. */
    public TargetSpec rebased(java.nio.file.Path oldFile, java.nio.file.Path newFile) {
        if (oldFile == null) {
            return this;
        }
        java.nio.file.Path oldDir = oldFile.toAbsolutePath().getParent();
        java.nio.file.Path newDir = newFile.toAbsolutePath().getParent();
        java.util.function.UnaryOperator<String> move = p -> p == null ? null : DatasetSpec.rebase(p, oldDir, newDir);
        return new TargetSpec(kind, move.apply(outputs), move.apply(model), move.apply(vocabulary), move.apply(merges),
                move.apply(members), maxLength);
    }

    /** The maximum length, 200 when not set. */
    public int maxLengthOrDefault() {
        return maxLength == null ? 200 : maxLength;
    }
}
