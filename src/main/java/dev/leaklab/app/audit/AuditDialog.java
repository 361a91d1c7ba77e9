package dev.leaklab.app.audit;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Window;

/**
 * File ▸ Audit a Model…: a dialog over an {@link AuditDialogModel}. Each file has a field and a Browse button;
 * the Audit button stays off until the model says nothing is missing, and a line under the fields says what.
 */
public final class AuditDialog {

    /** Node ids, for tests and screenshots. */
    public static final String KIND_ID = "audit-kind";
    /** The outputs or model file field. */
    public static final String FILE_ID = "audit-file";

    private AuditDialog() {
    }

    /**
     * Shows the dialog and waits.
     *
     * @param owner   the window it belongs to
     * @param chooser opens a file ({@code true}) or folder ({@code false}) chooser with a title
     * @return the request, or empty when cancelled
     */
    public static Optional<AuditRequest> show(Window owner, BiFunction<String, Boolean, Optional<Path>> chooser) {
        AuditDialogModel model = new AuditDialogModel();
        Dialog<AuditRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Audit a Model");
        dialog.setHeaderText("Audit a model trained elsewhere: does it leak who was in its training data?");
        ButtonType audit = new ButtonType("Audit", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(audit, ButtonType.CANCEL);

        ChoiceBox<AuditDialogModel.Kind> kind = new ChoiceBox<>();
        kind.getItems().setAll(AuditDialogModel.Kind.values());
        kind.valueProperty().bindBidirectional(model.kindProperty());
        kind.setId(KIND_ID);
        kind.setTooltip(new Tooltip("What you have of the model: its per-sample outputs, or the model itself"));

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), grow, new ColumnConstraints());
        grid.addRow(0, new Label("Kind"), kind);
        TextField file = row(grid, 1, "File", model.fileProperty(), chooser, true,
                "model.onnx, model.h5 or outputs.csv",
                "The outputs file (.csv, .jsonl, .npz) or the model (.h5, .onnx)");
        file.setId(FILE_ID);
        row(grid, 2, "Data", model.dataProperty(), chooser, true, "the code dataset",
                "The code the model runs on, or the attacker's data for shadow models (optional for an outputs "
                        + "file with shadow rows)");
        TextField vocabulary = row(grid, 3, "Vocabulary", model.vocabularyProperty(), chooser, true,
                "vocabulary.json",
                "The model's tokens: a JSON object from normalised token to index, or a BPE's vocab.json");
        TextField merges = row(grid, 4, "BPE merges", model.mergesProperty(), chooser, true, "merges.txt (BPE only)",
                "merges.txt, when the model reads raw code through byte-level BPE (CodeBERT-style)");
        row(grid, 5, "Members", model.membersProperty(), chooser, true, "optional: the training ids",
                "Optional: the ids the model was trained on, one a line. Without it the outputs file's role column "
                        + "says, or LeakLab's split of the data (target-in) is taken as the training set");
        vocabulary.disableProperty().bind(model.kindProperty().isEqualTo(AuditDialogModel.Kind.OUTPUTS));
        merges.disableProperty().bind(model.kindProperty().isNotEqualTo(AuditDialogModel.Kind.ONNX));

        Label hint = new Label();
        hint.textProperty().bind(model.hintProperty());
        hint.setWrapText(true);
        hint.setMaxWidth(620);
        Label problem = new Label();
        problem.textProperty().bind(model.problemProperty());
        problem.getStyleClass().add("problem");
        problem.setStyle("-fx-text-fill: #b00020;");
        grid.add(hint, 0, 6, 3, 1);
        grid.add(problem, 0, 7, 3, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().setPrefWidth(720);
        Node ok = dialog.getDialogPane().lookupButton(audit);
        ok.disableProperty().bind(Bindings.isNotEmpty(model.problemProperty()));
        dialog.setResultConverter(b -> b == audit ? model.request().orElse(null) : null);
        dialog.setResizable(true);
        return dialog.showAndWait();
    }

    private static TextField row(GridPane grid, int row, String label, StringProperty value,
                                 BiFunction<String, Boolean, Optional<Path>> chooser, boolean file, String prompt,
                                 String tip) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(value);
        field.setTooltip(new Tooltip(tip));
        field.setPromptText(prompt);
        Button browse = new Button("Browse…");
        browse.disableProperty().bind(field.disableProperty());
        browse.setOnAction(e -> chooser.apply("Choose " + label.toLowerCase(java.util.Locale.ROOT), file)
                .ifPresent(p -> value.set(p.toString())));
        grid.addRow(row, new Label(label), field, browse);
        return field;
    }
}
