package dev.leaklab.app.dataset;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;

/**
 * The dataset screen: figure cards and the class-balance bar on top, the sample table on the left, the
 * selected sample's original and normalised code side by side on the right. Builds and binds nodes only;
 * the state lives in {@link DatasetViewModel}.
 */
public final class DatasetView {

    /** Node id of the split summary. */
    public static final String SPLIT_ID = "dataset-split";

    /** Node id of the sample table, for stylesheets and UI tests. */
    public static final String TABLE_ID = "sample-table";
    /** Node id of the original code pane. */
    public static final String ORIGINAL_CODE_ID = "original-code";
    /** Node id of the normalised code pane. */
    public static final String NORMALIZED_CODE_ID = "normalized-code";

    private final DatasetViewModel model;
    private final BorderPane root = new BorderPane();
    private final TableView<SampleRow> table = new TableView<>();

    /** Builds the screen over {@code model}. */
    public DatasetView(DatasetViewModel model) {
        this.model = model;
        root.getStyleClass().add("dataset-view");
        root.setTop(buildSummary());
        SplitPane split = new SplitPane(buildTablePane(), buildCodePanes());
        split.setDividerPositions(0.48);
        split.getStyleClass().add("dataset-split");
        root.setCenter(split);
    }

    /** The screen's root node. */
    public Parent root() {
        return root;
    }

    // ---- figures -------------------------------------------------------------------------------------

    private Node buildSummary() {
        HBox cards = new HBox(10,
                card("Samples", DatasetFigures::samples, "figure-card"),
                card("Vulnerable", DatasetFigures::vulnerable, "figure-card", "vulnerable-card"),
                card("Not vulnerable", DatasetFigures::notVulnerable, "figure-card", "not-vulnerable-card"),
                card("Distinct", DatasetFigures::distinct, "figure-card"),
                card("Duplicates removed", DatasetFigures::duplicates, "figure-card"),
                card("Conflicting", DatasetFigures::conflicting, "figure-card", "conflicting-card"),
                card("Tokens", DatasetFigures::tokens, "figure-card"));
        cards.getStyleClass().add("figure-row");
        Label split = new Label();
        split.textProperty().bind(model.splitTextProperty());
        split.getStyleClass().add("muted");
        split.setId(SPLIT_ID);
        VBox box = new VBox(10, cards, buildBalanceBar(), split);
        box.getStyleClass().add("summary");
        box.setPadding(new Insets(14, 16, 10, 16));
        return box;
    }

    private Node card(String caption, Function<DatasetFigures, DatasetFigures.Figure> figure, String... styles) {
        Label title = new Label(caption);
        title.getStyleClass().add("figure-caption");
        Label value = new Label();
        value.getStyleClass().add("figure-value");
        // why: captions may shorten on a narrow window, the number itself never
        value.setMinWidth(Region.USE_PREF_SIZE);
        value.textProperty().bind(Bindings.createStringBinding(
                () -> figure.apply(model.figuresProperty().get()).value(), model.figuresProperty()));
        Label detail = new Label();
        detail.getStyleClass().add("figure-detail");
        detail.textProperty().bind(Bindings.createStringBinding(
                () -> figure.apply(model.figuresProperty().get()).detail(), model.figuresProperty()));
        VBox card = new VBox(2, title, value, detail);
        card.getStyleClass().addAll(styles);
        HBox.setHgrow(card, Priority.ALWAYS);
        card.setMaxWidth(Double.MAX_VALUE);
        return card;
    }

    private Node buildBalanceBar() {
        Region vulnerable = new Region();
        vulnerable.getStyleClass().add("balance-vulnerable");
        Region notVulnerable = new Region();
        notVulnerable.getStyleClass().add("balance-not-vulnerable");
        // why: percentage columns size the two segments by share without feeding the bar's own width back
        // into its preferred size
        GridPane bar = new GridPane();
        ColumnConstraints vulnerableColumn = new ColumnConstraints();
        ColumnConstraints notVulnerableColumn = new ColumnConstraints();
        bar.getColumnConstraints().setAll(vulnerableColumn, notVulnerableColumn);
        bar.add(vulnerable, 0, 0);
        bar.add(notVulnerable, 1, 0);
        vulnerable.setMinWidth(0);
        notVulnerable.setMinWidth(0);
        vulnerable.setMaxWidth(Double.MAX_VALUE);
        notVulnerable.setMaxWidth(Double.MAX_VALUE);
        vulnerable.setMinHeight(10);
        notVulnerable.setMinHeight(10);
        bar.getStyleClass().add("balance-bar");
        bar.setMinSize(0, 10);
        bar.setPrefSize(100, 10);
        bar.setMaxHeight(10);
        var share = Bindings.createDoubleBinding(() -> model.figuresProperty().get().vulnerableShare(),
                model.figuresProperty());
        var hasData = Bindings.createBooleanBinding(() -> model.figuresProperty().get().stats() != null,
                model.figuresProperty());
        vulnerableColumn.percentWidthProperty().bind(share.multiply(100));
        notVulnerableColumn.percentWidthProperty().bind(share.negate().add(1).multiply(100));
        bar.visibleProperty().bind(hasData);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> {
            DatasetFigures f = model.figuresProperty().get();
            return f.vulnerable().detail() + " vulnerable · " + f.notVulnerable().detail() + " not vulnerable";
        }, model.figuresProperty()));
        Tooltip.install(bar, tip);

        Label legend = new Label();
        legend.getStyleClass().add("balance-legend");
        legend.textProperty().bind(tip.textProperty());
        legend.visibleProperty().bind(hasData);
        legend.setMinWidth(Region.USE_PREF_SIZE);
        Label caption = new Label("Class balance");
        caption.getStyleClass().add("figure-caption");
        caption.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox row = new HBox(10, caption, bar, legend);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("balance-row");
        return row;
    }

    // ---- table ---------------------------------------------------------------------------------------

    private Node buildTablePane() {
        TableColumn<SampleRow, String> id = column("Id", SampleRow::id, 125, 70);
        TableColumn<SampleRow, SampleRow> label = new TableColumn<>("Label");
        label.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        label.setComparator((a, b) -> Integer.compare(b.label(), a.label()));
        label.setCellFactory(c -> new LabelBadgeCell());
        label.setPrefWidth(135);
        label.setMinWidth(132);
        TableColumn<SampleRow, String> cwe = column("CWE", SampleRow::cwe, 85, 82);
        TableColumn<SampleRow, String> source = column("Source", SampleRow::source, 220, 80);
        TableColumn<SampleRow, Integer> tokens = new TableColumn<>("Tokens");
        tokens.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().tokens()));
        tokens.getStyleClass().add("numeric");
        tokens.setPrefWidth(74);
        tokens.setMinWidth(72);

        table.getColumns().setAll(java.util.List.of(id, label, cwe, source, tokens));
        table.setId(TABLE_ID);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        // why: items are set once; filtering and sorting happen in the view model's lists, which keeps
        // 60,000 rows virtualised and smooth
        table.setItems(model.visibleRows());
        model.visibleRows().comparatorProperty().bind(table.comparatorProperty());
        Label placeholder = new Label();
        placeholder.textProperty().bind(model.placeholderTextProperty());
        placeholder.getStyleClass().add("placeholder");
        table.setPlaceholder(placeholder);

        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            if (row != null) {
                model.select(row);
            }
        });
        model.selectedRowProperty().addListener((o, old, row) -> showSelection(row));

        VBox pane = new VBox(8, buildFilterBar(), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        pane.getStyleClass().add("table-pane");
        return pane;
    }

    private void showSelection(SampleRow row) {
        if (row == null) {
            table.getSelectionModel().clearSelection();
        } else if (table.getSelectionModel().getSelectedItem() != row) {
            table.getSelectionModel().select(row);
            int index = table.getSelectionModel().getSelectedIndex();
            if (index >= 0) {
                table.scrollTo(Math.max(0, index - 3));
            }
        }
    }

    private static TableColumn<SampleRow, String> column(String title, Function<SampleRow, String> value,
                                                         double width, double minWidth) {
        TableColumn<SampleRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setMinWidth(minWidth);
        return column;
    }

    private Node buildFilterBar() {
        SegmentedButton labels = new SegmentedButton();
        for (ClassFilter filter : ClassFilter.values()) {
            ToggleButton button = new ToggleButton(filter.displayName());
            button.setMinWidth(Region.USE_PREF_SIZE);
            button.setUserData(filter);
            button.setSelected(filter == model.classFilterProperty().get());
            labels.getButtons().add(button);
        }
        labels.getToggleGroup().selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                // why: one of the three is always in force; clicking the active one must not unselect it
                labels.getToggleGroup().selectToggle(old);
            } else {
                model.classFilterProperty().set((ClassFilter) now.getUserData());
            }
        });
        model.classFilterProperty().addListener((o, old, now) -> {
            for (Toggle toggle : labels.getToggleGroup().getToggles()) {
                toggle.setSelected(toggle.getUserData() == now);
            }
        });
        labels.getStyleClass().add("class-filter");
        labels.setMinWidth(Region.USE_PREF_SIZE);

        TextField search = new TextField();
        search.setPromptText("Search id, source, CWE");
        search.setMinWidth(120);
        search.getStyleClass().add("search-field");
        search.textProperty().bindBidirectional(model.searchTextProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        search.setMaxWidth(Double.MAX_VALUE);

        Label shown = new Label();
        shown.getStyleClass().add("shown-count");
        shown.textProperty().bind(model.shownTextProperty());
        shown.setMinWidth(Region.USE_PREF_SIZE);

        HBox bar = new HBox(10, labels, search, shown);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("filter-bar");
        return bar;
    }

    // ---- code ----------------------------------------------------------------------------------------

    private Node buildCodePanes() {
        SplitPane panes = new SplitPane(
                codePane("Original", "as read from the dataset", ORIGINAL_CODE_ID, model.originalCodeProperty()),
                codePane("Normalised", "what the models see", NORMALIZED_CODE_ID, model.normalizedCodeProperty()));
        panes.setOrientation(Orientation.HORIZONTAL);
        panes.getStyleClass().add("code-split");
        return panes;
    }

    private static Node codePane(String caption, String hint, String id,
                                 javafx.beans.value.ObservableValue<String> text) {
        Label title = new Label(caption);
        title.getStyleClass().add("pane-title");
        Label subtitle = new Label(hint);
        subtitle.getStyleClass().add("pane-hint");
        HBox header = new HBox(8, title, subtitle);
        header.setAlignment(Pos.BASELINE_LEFT);
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().add("code-area");
        area.textProperty().bind(text);
        VBox pane = new VBox(6, header, area);
        VBox.setVgrow(area, Priority.ALWAYS);
        pane.getStyleClass().add("code-pane");
        return new StackPane(pane);
    }

    /** A coloured badge: red-ish for vulnerable, green-grey for not vulnerable. */
    private static final class LabelBadgeCell extends TableCell<SampleRow, SampleRow> {
        private final Label badge = new Label();

        LabelBadgeCell() {
            badge.getStyleClass().add("badge");
            setText(null);
        }

        @Override
        protected void updateItem(SampleRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            badge.setText(row.labelText());
            badge.getStyleClass().removeAll("vulnerable", "not-vulnerable");
            badge.getStyleClass().add(row.vulnerable() ? "vulnerable" : "not-vulnerable");
            setGraphic(badge);
        }
    }
}
