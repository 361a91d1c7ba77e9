package dev.leaklab.app.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The audit dialog's state: which kind of model, its files, and what is missing before it can run. Holds no
 * controls; {@link AuditDialog} shows it.
 */
public final class AuditDialogModel {

    /** The kinds the dialog offers, with what the user sees. */
    public enum Kind {
        /** An outputs file. */
        OUTPUTS("outputs", "Outputs file (CSV, JSON Lines, NumPy .npz)"),
        /** A Keras model. */
        KERAS("keras", "Keras model (.h5), run with DL4J"),
        /** An ONNX model. */
        ONNX("onnx", "ONNX model (.onnx), run with ONNX Runtime");

        private final String id;
        private final String label;

        Kind(String id, String label) {
            this.id = id;
            this.label = label;
        }

        /** The target kind of the experiment file. */
        public String id() {
            return id;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final javafx.beans.property.ObjectProperty<Kind> kind =
            new javafx.beans.property.SimpleObjectProperty<>(this, "kind", Kind.OUTPUTS);
    private final StringProperty file = new SimpleStringProperty(this, "file", "");
    private final StringProperty data = new SimpleStringProperty(this, "data", "");
    private final StringProperty vocabulary = new SimpleStringProperty(this, "vocabulary", "");
    private final StringProperty merges = new SimpleStringProperty(this, "merges", "");
    private final StringProperty members = new SimpleStringProperty(this, "members", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper(this, "hint", "");

    /** Starts with an outputs file and nothing chosen. */
    public AuditDialogModel() {
        javafx.beans.InvalidationListener check = o -> update();
        List.of(file, data, vocabulary, merges, members).forEach(p -> p.addListener(check));
        kind.addListener(check);
        update();
    }

    private void update() {
        problem.set(validate().orElse(""));
        hint.set(switch (kind.get()) {
            case OUTPUTS -> "One row a sample: id, role (target-in, target-out, shadow-in, shadow-out) or member "
                    + "(1/0), label, logit0 and logit1 (or probabilities), optionally loss and emb0, emb1… Without "
                    + "shadow rows, give the attacker's data: LeakLab trains shadow models on it.";
            case KERAS -> "Imported with DL4J 1.0.0-M2.1: Embedding, LSTM, Bidirectional, Dense and the like. It "
                    + "imports no GRU: export a Keras BiGRU to ONNX, or give its outputs file. Lambda layers are "
                    + "Python code and are refused.";
            case ONNX -> "Inputs input_ids and attention_mask (int64), output logits (two classes), and embedding "
                    + "if the graph gives one. Tokens: a vocabulary JSON of normalised tokens, or a BPE's "
                    + "vocab.json with its merges.txt.";
        });
    }

    private Optional<String> validate() {
        Optional<String> f = exists(file.get(), kind.get() == Kind.OUTPUTS ? "the outputs file" : "the model");
        if (f.isPresent()) {
            return f;
        }
        String name = file.get().toLowerCase(Locale.ROOT);
        if (kind.get() == Kind.KERAS && !name.endsWith(".h5") && !name.endsWith(".hdf5")) {
            return Optional.of("a Keras model is an .h5 file");
        }
        if (kind.get() == Kind.ONNX && !name.endsWith(".onnx")) {
            return Optional.of("an ONNX model is an .onnx file");
        }
        if (kind.get() != Kind.OUTPUTS) {
            if (data.get().isBlank()) {
                return Optional.of("choose the data to run the model on");
            }
            if (vocabulary.get().isBlank()) {
                return Optional.of("choose the model's vocabulary");
            }
        }
        for (String[] p : new String[][] {{data.get(), "the data"}, {vocabulary.get(), "the vocabulary"},
            {merges.get(), "the merges file"}, {members.get(), "the members file"}}) {
            if (!p[0].isBlank()) {
                Optional<String> e = exists(p[0], p[1]);
                if (e.isPresent()) {
                    return e;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> exists(String path, String what) {
        if (path == null || path.isBlank()) {
            return Optional.of("choose " + what);
        }
        try {
            if (!Files.exists(Path.of(path))) {
                return Optional.of(what + " " + path + " does not exist");
            }
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.of(what + " is not a valid path");
        }
        return Optional.empty();
    }

    /** The request, when everything it needs is there. */
    public Optional<AuditRequest> request() {
        if (validate().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new AuditRequest(kind.get().id(), Path.of(file.get()), path(data.get()),
                path(vocabulary.get()), path(merges.get()), path(members.get())));
    }

    private static Path path(String s) {
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    /** The kind of model. */
    public javafx.beans.property.ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    /** The outputs file or model. */
    public StringProperty fileProperty() {
        return file;
    }

    /** The dataset. */
    public StringProperty dataProperty() {
        return data;
    }

    /** The vocabulary. */
    public StringProperty vocabularyProperty() {
        return vocabulary;
    }

    /** The BPE merges. */
    public StringProperty mergesProperty() {
        return merges;
    }

    /** The members file. */
    public StringProperty membersProperty() {
        return members;
    }

    /** What is missing, or empty when the audit can start. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the chosen kind expects, for a newcomer. */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }
}
