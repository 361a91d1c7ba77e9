package dev.leaklab.app.experiment;

import dev.leaklab.core.experiment.AttackResult;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Exposure screen: the target members the attack is surest about; the selected one's code as written
 * and normalised, with label, CWE and scores; and the attack's success by true label, CWE and length.
 */
public final class ExposureView {

    /** Node id of the members table. */
    public static final String TABLE_ID = "exposure-members";

    private final BorderPane root = new BorderPane();

    /** Builds the screen over {@code model}. */
    public ExposureView(ExposureViewModel model) {
        ChoiceBox<String> attack = new ChoiceBox<>(model.attacks());
        attack.valueProperty().bindBidirectional(model.attackProperty());
        Label summary = new Label();
        summary.textProperty().bind(model.summaryProperty());
        summary.getStyleClass().add("muted");
        HBox top = new HBox(10, new Label("Attack"), attack, summary);
        top.setPadding(new Insets(10));
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        root.setTop(top);

        TableView<ExposureViewModel.Row> members = new TableView<>(model.rows());
        members.setId(TABLE_ID);
        members.getColumns().setAll(List.of(
                Columns.of("#", r -> r.rank(), 50),
                Columns.of("Sample", r -> r.sample().sample().id(), 130),
                Columns.of("Label", r -> r.sample().sample().label() == 1 ? "vulnerable" : "not vulnerable", 125),
                Columns.of("CWE", r -> r.sample().sample().cwe() == null ? "" : r.sample().sample().cwe(), 90),
                Columns.of("Tokens", r -> r.sample().tokens().size(), 70),
                Columns.number("Attack score", ExposureViewModel.Row::score, 100),
                Columns.number("Loss", ExposureViewModel.Row::loss, 100),
                Columns.number("Confidence", ExposureViewModel.Row::confidence, 100),
                Columns.of("Flagged", r -> r.flagged() ? "member" : "", 80)));
        members.setPlaceholder(new Label("Run the experiment to see which members are exposed"));
        members.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (now != null) {
                model.select(now);
            }
        });
        TextArea original = code(model.originalCodeProperty());
        TextArea normalized = code(model.normalizedCodeProperty());
        SplitPane codes = new SplitPane(titled("As written", original), titled("Normalised", normalized));
        TableView<AttackResult.Slice> slices = new TableView<>(model.slices());
        slices.getColumns().setAll(List.of(Columns.of("By", AttackResult.Slice::by, 70),
                Columns.of("Slice", AttackResult.Slice::value, 110),
                Columns.of("Members", AttackResult.Slice::members, 80),
                Columns.of("Non-members", AttackResult.Slice::nonMembers, 100),
                Columns.number("AUC", AttackResult.Slice::auc, 100),
                Columns.number("TPR @ 1% FPR", AttackResult.Slice::tprAt1pctFpr, 100),
                Columns.number("Advantage", AttackResult.Slice::advantage, 100)));
        slices.setPlaceholder(new Label("No slices"));
        SplitPane right = new SplitPane(codes, titled("Attack success by slice (undefended)", slices));
        right.setOrientation(Orientation.VERTICAL);
        SplitPane main = new SplitPane(members, right);
        main.setDividerPositions(0.55);
        root.setCenter(main);
    }

    /** The screen's root node. */
    public Parent root() {
        return root;
    }

    private static TextArea code(javafx.beans.value.ObservableValue<String> text) {
        TextArea area = new TextArea();
        area.setEditable(false);
        area.getStyleClass().add("code-area");
        area.textProperty().bind(text);
        return area;
    }

    private static VBox titled(String title, javafx.scene.Node content) {
        Label l = new Label(title);
        l.getStyleClass().add("section-heading");
        VBox box = new VBox(4, l, content);
        box.setPadding(new Insets(6));
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }
}
