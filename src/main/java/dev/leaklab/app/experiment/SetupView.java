package dev.leaklab.app.experiment;

import dev.leaklab.app.Explain;
import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.experiment.AttackSpec;
import dev.leaklab.core.model.Architecture;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.PropertySheet;

/**
 * The Setup screen: the target architecture with its settings in a property sheet, the number of shadow
 * models, the attacks, and the outputs the shadow-model attacks see as fifteen check boxes with presets.
 */
public final class SetupView {

    /** The reference-model spinner's node id. */
    public static final String REFERENCES_ID = "setup-references";
    /** The deduplication choice's node id. */
    public static final String DEDUP_ID = "setup-dedup";

    /** Node id of the architecture picker. */
    public static final String ARCHITECTURE_ID = "setup-architecture";
    /** Node id of the grid of output sets. */
    public static final String OUTPUTS_ID = "setup-outputs";
    /** Node id of the problem line. */
    public static final String PROBLEM_ID = "setup-problem";

    private final ScrollPane root;
    private final VBox advanced = new VBox(8);

    /** Builds the screen over {@code model}. */
    public SetupView(SetupViewModel model) {
        ChoiceBox<Architecture> arch = new ChoiceBox<>();
        arch.getItems().setAll(Architecture.values());
        arch.setConverter(new StringConverter<>() {
            @Override
            public String toString(Architecture a) {
                return a == null ? "" : switch (a) {
                    case BILSTM -> "BiLSTM";
                    case BIGRU -> "BiGRU";
                    case CODEBERT -> "CodeBERT-style encoder";
                };
            }

            @Override
            public Architecture fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        arch.valueProperty().bindBidirectional(model.architectureProperty());
        arch.setId(ARCHITECTURE_ID);
        Explain.tip(arch, Explain.ARCHITECTURE);
        PropertySheet sheet = new PropertySheet();
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.getItems().setAll(List.of(
                item("Embedding width", "Token embedding (encoder: model) width", Integer.class,
                        model.embeddingProperty()),
                item("Hidden width", "Recurrent state per direction (encoder: feed-forward width)", Integer.class,
                        model.hiddenProperty()),
                item("Layers", "Recurrent layers or encoder blocks", Integer.class, model.layersProperty()),
                item("Epochs", "Passes over the training data; more overfits more", Integer.class,
                        model.epochsProperty()),
                item("Batch size", "Sequences per training step", Integer.class, model.batchSizeProperty()),
                item("Learning rate", "The optimiser's step size", Double.class, model.learningRateProperty()),
                item("Dropout", "Dropout probability, 0 to 0.9", Double.class, model.dropoutProperty())));
        sheet.setPrefHeight(260);
        // why: the sheet puts an item's description on its name only; the field a user types in says it too
        org.controlsfx.property.editor.DefaultPropertyEditorFactory editors =
                new org.controlsfx.property.editor.DefaultPropertyEditorFactory();
        sheet.setPropertyEditorFactory(item -> {
            org.controlsfx.property.editor.PropertyEditor<?> editor = editors.call(item);
            if (editor != null && editor.getEditor() instanceof javafx.scene.control.Control c) {
                c.setTooltip(Explain.tooltip(item.getName() + ": " + item.getDescription()));
            }
            return editor;
        });
        advanced.getChildren().setAll(sheet);
        Spinner<Integer> shadows = Explain.tip(new Spinner<>(1, 16, model.shadowModelsProperty().get()),
                Explain.SHADOWS);
        shadows.getValueFactory().valueProperty().addListener((o, old, now) -> model.shadowModelsProperty().set(now));
        model.shadowModelsProperty().addListener((o, old, now) -> shadows.getValueFactory().setValue(now.intValue()));
        VBox attacks = new VBox(2);
        for (AttackKind k : AttackKind.values()) {
            CheckBox c = Explain.tip(new CheckBox(Explain.attackName(k)), Explain.attackTip(k));
            c.selectedProperty().bindBidirectional(model.attackProperty(k));
            attacks.getChildren().addAll(c, description(Explain.attackLine(k)));
        }
        Spinner<Integer> references = new Spinner<>(1, AttackSpec.MAX_REFERENCE_MODELS,
                model.referenceModelsProperty().get());
        references.setEditable(true);
        references.setId(REFERENCES_ID);
        Explain.tip(references, "Reference models each of LiRA and RMIA trains (attacks of one form share them): "
                + "models trained with and without samples, which tell the attack what a member's and a "
                + "non-member's loss look like. LiRA fits each sample's own variance from 16 a side.");
        references.getValueFactory().valueProperty().addListener((o, old, now) -> {
            if (now != null) {
                model.referenceModelsProperty().set(now);
            }
        });
        model.referenceModelsProperty().addListener((o, old, now) ->
                references.getValueFactory().setValue(now.intValue()));
        attacks.getChildren().add(new HBox(8, new Label("Reference models (LiRA, RMIA)"), references));
        ChoiceBox<String> dedup = new ChoiceBox<>();
        dedup.getItems().setAll("exact", "near", "none");
        dedup.valueProperty().bindBidirectional(model.dedupProperty());
        dedup.setId(DEDUP_ID);
        Explain.tip(dedup, "Copies inside a dataset let a 'non-member' be a member under another name, which "
                + "inflates any attack. exact: copies removed after normalisation; near: also near-copies of one "
                + "label (MinHash, Jaccard 0.8); none: nothing removed, as the study states.");
        GridPane sets = new GridPane();
        sets.setId(OUTPUTS_ID);
        sets.setHgap(16);
        sets.setVgap(6);
        int i = 0;
        for (FeatureSet f : model.featureSets()) {
            CheckBox c = Explain.tip(new CheckBox(f.name()), Explain.featureSetTip(f));
            c.selectedProperty().bindBidirectional(model.featureSetProperty(f));
            sets.add(c, i % 3, i / 3);
            i++;
        }
        Button blackBox = Explain.tip(new Button("Black-box"), Explain.PRESET_BLACK);
        blackBox.setOnAction(e -> model.preset(FeatureSet.BLACK_BOX));
        Button grayBox = Explain.tip(new Button("Gray-box"), Explain.PRESET_GRAY);
        grayBox.setOnAction(e -> model.preset(FeatureSet.GRAY_BOX));
        Button all = Explain.tip(new Button("All 15"), Explain.PRESET_ALL);
        all.setOnAction(e -> model.preset(null));
        Label problem = new Label();
        problem.setId(PROBLEM_ID);
        problem.textProperty().bind(model.problemProperty());
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        VBox left = new VBox(10, heading("Target model"), arch, advanced, heading("Shadow models"), shadows,
                heading("Deduplication before the split"), dedup);
        left.setPrefWidth(420);
        VBox right = new VBox(10, heading("Attacks"), attacks, heading("Outputs the attacker sees"),
                new HBox(8, new Label("Presets:"), blackBox, grayBox, all), sets, outputsLegend(), problem);
        FlowPane content = new FlowPane(32, 16, left, right);
        content.setPadding(new Insets(16));
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        root.getStyleClass().add("setup-view");
    }

    /** The screen's root node. */
    public Parent root() {
        return root;
    }

    /** Hides the model's detailed settings (for the classroom). */
    public void setAdvancedVisible(boolean visible) {
        advanced.setVisible(visible);
        advanced.setManaged(visible);
    }

    private static Label description(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("description");
        l.setWrapText(true);
        return l;
    }

    private static VBox outputsLegend() {
        VBox legend = new VBox(2);
        for (Feature f : Feature.values()) {
            Label l = new Label(Explain.featureLine(f));
            l.getStyleClass().add("muted");
            l.setWrapText(true);
            legend.getChildren().add(l);
        }
        return legend;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-heading");
        return l;
    }

    private static <T> PropertySheet.Item item(String name, String description, Class<T> type,
                                               Property<? extends Number> property) {
        return new PropertySheet.Item() {
            @Override
            public Class<?> getType() {
                return type;
            }

            @Override
            public String getCategory() {
                return "Model";
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getDescription() {
                return description;
            }

            @Override
            public Object getValue() {
                Number n = property.getValue();
                return type == Integer.class ? (Object) n.intValue() : (Object) n.doubleValue();
            }

            @Override
            @SuppressWarnings("unchecked")
            public void setValue(Object value) {
                if (value instanceof Number n) {
                    ((Property<Number>) property).setValue(type == Integer.class ? n.intValue() : n.doubleValue());
                }
            }

            @Override
            public Optional<ObservableValue<? extends Object>> getObservableValue() {
                return Optional.of(property);
            }
        };
    }
}
