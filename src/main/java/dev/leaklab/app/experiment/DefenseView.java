package dev.leaklab.app.experiment;

import dev.leaklab.app.Explain;
import dev.leaklab.app.charts.ChartLegend;
import dev.leaklab.app.charts.ChartOverlay;
import dev.leaklab.app.charts.ChartStyle;
import dev.leaklab.app.charts.RocChart;
import dev.leaklab.app.charts.ScoreHistogram;
import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.defense.DefenseEvaluator;
import dev.leaklab.core.defense.Mask;
import dev.leaklab.core.defense.NoiseMode;
import dev.leaklab.core.defense.Utility;
import dev.leaklab.core.experiment.FrontierPoint;
import dev.leaklab.core.metrics.RocCurve;
import dev.leaklab.core.metrics.ScoreBins;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The defence screen: NMID's controls on the left; the attack's ROC (the undefended curve kept as a faint
 * reference) beside the utility table; the privacy-utility frontier below, with the current setting marked.
 */
public final class DefenseView {

    /** Node id of the global sigma slider. */
    public static final String SIGMA_ID = "defense-sigma";
    /** Node id of the utility table. */
    public static final String UTILITY_ID = "defense-utility";
    /** Node id of the ROC chart viewer. */
    public static final String ROC_ID = "defense-roc";
    /** Node id of the frontier chart's viewer. */
    public static final String FRONTIER_ID = "defense-frontier";
    /** Node id of the keyed / fresh noise choice. */
    public static final String NOISE_ID = "defense-noise";
    /** Node id of the adaptive-attacker check box. */
    public static final String ADAPTIVE_ID = "defense-adaptive";
    /** Node id of the score histogram's viewer. */
    public static final String HISTOGRAM_ID = "defense-histogram";
    /** Node id of the line under the histogram that says how far apart the two groups are. */
    public static final String OVERLAP_ID = "defense-overlap";
    /** The utility table's row names, in order. */
    static final String[] ROWS = {"Attack AUC", "TPR @ 1% FPR", "TPR @ 0.1% FPR", "Advantage", "Accuracy",
        "Precision", "Recall", "F1", "Label-flip rate"};
    /** The id of the label-only attack's verdict on the current setting. */
    public static final String LABEL_ONLY_ID = "defense-label-only";

    /** The least height of the ROC and histogram charts (the frontier's is a little less). */
    private static final double CHART_MIN_HEIGHT = 150;

    private final DefenseViewModel model;
    private final BorderPane root = new BorderPane();
    // why: titles as labels above the charts, not inside them: JFreeChart measures its text anew at every
    // redraw, and a slider move redraws
    private final RocChart roc = new RocChart(null, 1, false);
    private final ChartLegend rocLegend = new ChartLegend();
    private final ChartLegend frontierLegend = new ChartLegend();
    private final ChartViewer rocViewer = new ChartViewer(roc.chart());
    private final ChartOverlay rocOverlay = new ChartOverlay(rocViewer);
    // why: the defended curve moves with every slider move, so it is drawn over the chart, which draws the
    // undefended reference and is drawn again only when that or its axes change
    private final ChartOverlay.Line defendedCurve = rocOverlay.line(ChartStyle.PALETTE[0], 2.5);
    private RocCurve drawnReference;
    private boolean drawnLogLog;
    private final ScoreHistogram histogram = new ScoreHistogram(1);
    private final Label overlap = new Label();
    private final XYSeriesCollection frontierData = new XYSeriesCollection();
    private final JFreeChart frontierChart;
    private final GridPane utility = new GridPane();
    private final Label[][] cells = new Label[9][2];
    private final VBox advanced = new VBox(8);
    private final CheckBox logLog = new CheckBox("Log-log axes");
    private ChartOverlay.Marker frontierMarker;

    /** Builds the screen over {@code model}. */
    public DefenseView(DefenseViewModel model) {
        this.model = model;
        root.getStyleClass().add("defense-view");
        frontierChart = frontierChart();
        root.setLeft(controls());
        rocViewer.setId(ROC_ID);
        // why: the charts give way on a short screen (a laptop at 150 % or 200 %), so the titles and legends
        // above and below them stay in sight
        rocViewer.setMinSize(220, CHART_MIN_HEIGHT);
        VBox rocPane = new VBox(2, chartTitle("Membership attack ROC"), rocOverlay, rocLegend);
        // why: the chart gives way when the window is narrow (or the type large), not the table beside it
        rocPane.setMinWidth(240);
        rocLegend.setMinWidth(0);
        VBox.setVgrow(rocOverlay, Priority.ALWAYS);
        ChartOverlay histogramView = histogram.view();
        histogramView.setId(HISTOGRAM_ID);
        histogramView.viewer().setMinSize(220, CHART_MIN_HEIGHT);
        ChartLegend histogramLegend = new ChartLegend();
        histogramLegend.setMinWidth(0);
        histogramLegend.show(List.of(new ChartLegend.Entry(ScoreHistogram.MEMBERS, false, "Members (trained on)"),
                new ChartLegend.Entry(ScoreHistogram.NON_MEMBERS, false, "Non-members (never seen)")));
        overlap.setId(OVERLAP_ID);
        overlap.getStyleClass().add("muted");
        overlap.setWrapText(true);
        overlap.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox histogramPane = new VBox(2, chartTitle("What the attack sees"), histogramView, histogramLegend,
                overlap);
        histogramPane.setMinWidth(240);
        VBox.setVgrow(histogramView, Priority.ALWAYS);
        HBox top = new HBox(12, rocPane, histogramPane, utilityTable());
        HBox.setHgrow(rocPane, Priority.ALWAYS);
        HBox.setHgrow(histogramPane, Priority.ALWAYS);
        model.binsProperty().addListener((o, old, now) -> showBins(now));
        top.setPadding(new Insets(8));
        ChartViewer frontierViewer = new ChartViewer(frontierChart);
        frontierViewer.setId(FRONTIER_ID);
        frontierViewer.setMinSize(320, CHART_MIN_HEIGHT - 20);
        ChartOverlay frontierOverlay = new ChartOverlay(frontierViewer);
        // why: the current setting's dot moves with every slider move; drawn over the chart, the sweep's line
        // and axes are not drawn again
        frontierMarker = frontierOverlay.marker(ChartStyle.SECOND, 7);
        frontierLegend.show(List.of(new ChartLegend.Entry(ChartStyle.ACCENT, false, "Sweep (non-adaptive attacker)"),
                new ChartLegend.Entry(ChartStyle.SECOND, false, "Current setting")));
        VBox frontierPane = new VBox(2, chartTitle("Privacy-utility frontier (sigma sweep)"), frontierOverlay,
                frontierLegend);
        VBox.setVgrow(frontierOverlay, Priority.ALWAYS);
        SplitPane split = new SplitPane(top, frontierPane);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        Label empty = new Label("Run the experiment (Run ▸ Run Experiment), then move the sliders to see the defence "
                + "at work");
        empty.getStyleClass().addAll("muted", "empty-note");
        empty.setWrapText(true);
        empty.visibleProperty().bind(model.resultsProperty().isNull());
        split.visibleProperty().bind(model.resultsProperty().isNotNull());
        root.setCenter(new javafx.scene.layout.StackPane(split, empty));
        model.currentProperty().addListener((o, old, now) -> showCurrent());
        model.undefendedProperty().addListener((o, old, now) -> showCurrent());
        model.frontier().addListener((ListChangeListener<FrontierPoint>) c -> showFrontier());
        logLog.selectedProperty().addListener((o, old, now) -> {
            roc.setLogLog(now);
            showCurrent();
        });
        showCurrent();
        showFrontier();
    }

    /** The screen's root node. */
    public Parent root() {
        return root;
    }

    /** The ROC chart (for export). */
    public JFreeChart rocChart() {
        return roc.chart();
    }

    /** The score histogram's chart (for export and the presenter scale). */
    public JFreeChart histogramChart() {
        return histogram.chart();
    }

    /** The frontier chart (for export). */
    public JFreeChart frontierChart() {
        if (frontierChart != null) {
            return frontierChart;
        }
        NumberAxis x = new NumberAxis("Attack AUC");
        x.setAutoRangeIncludesZero(false);
        x.setAutoRangeMinimumSize(0.05);
        NumberAxis y = new NumberAxis("Utility F1");
        y.setAutoRangeIncludesZero(false);
        y.setAutoRangeMinimumSize(0.05);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setDrawSeriesLineAsPath(true);
        r.setSeriesPaint(0, ChartStyle.ACCENT);
        r.setSeriesStroke(0, ChartStyle.line(2f));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT,
                new XYPlot(frontierData, x, y, r), false);
        ChartStyle.apply(chart, 1);
        return chart;
    }

    /** Hides the advanced controls (per-output sliders and masks) for the classroom. */
    public void setAdvancedVisible(boolean visible) {
        advanced.setVisible(visible);
        advanced.setManaged(visible);
    }

    private Node controls() {
        ChoiceBox<String> attack = Explain.tip(new ChoiceBox<>(model.attacks()), Explain.DEFENCE_ATTACK);
        attack.valueProperty().bindBidirectional(model.attackProperty());
        attack.setMaxWidth(Double.MAX_VALUE);
        Slider sigma = Explain.tip(slider(model.sigmaProperty()), Explain.SIGMA);
        sigma.setId(SIGMA_ID);
        Label sigmaValue = new Label();
        sigmaValue.textProperty().bind(Bindings.format(Locale.ROOT, "σ = %.2f", model.sigmaProperty()));
        sigmaValue.getStyleClass().add("figure");
        VBox perOutput = new VBox(6);
        for (Feature f : Feature.values()) {
            Slider s = Explain.tip(slider(model.sigmaProperty(f)), Explain.SIGMA_ONE);
            ChoiceBox<Mask> mask = Explain.tip(new ChoiceBox<>(), Explain.maskTip(f));
            mask.getItems().setAll(Mask.values());
            mask.setConverter(converter(Mask::id));
            mask.valueProperty().bindBidirectional(model.maskProperty(f));
            mask.setMinWidth(96);
            Label value = new Label();
            value.textProperty().bind(Bindings.format(Locale.ROOT, "%.2f", model.sigmaProperty(f)));
            value.setMinWidth(36);
            Label name = new Label(f.id());
            name.setTooltip(Explain.tooltip(Explain.featureLine(f)));
            name.setMinWidth(84);
            s.setMinWidth(90);
            HBox row = new HBox(6, name, s, value, mask);
            row.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(s, Priority.ALWAYS);
            perOutput.getChildren().add(row);
        }
        TitledPane outputs = new TitledPane("Per output: sigma and mask", perOutput);
        outputs.setExpanded(true);
        CheckBox labels = new CheckBox("Label-preserving (prediction never changes)");
        labels.setWrapText(true);
        labels.selectedProperty().bindBidirectional(model.labelPreservingProperty());
        Explain.tip(labels, Explain.LABEL_PRESERVING);
        ToggleButton keyed = Explain.tip(new ToggleButton("Keyed noise"), Explain.noiseTip(NoiseMode.KEYED));
        ToggleButton fresh = Explain.tip(new ToggleButton("Fresh noise"), Explain.noiseTip(NoiseMode.FRESH));
        SegmentedButton noise = new SegmentedButton(keyed, fresh);
        noise.setId(NOISE_ID);
        keyed.setSelected(model.noiseProperty().get() == NoiseMode.KEYED);
        fresh.setSelected(model.noiseProperty().get() == NoiseMode.FRESH);
        keyed.selectedProperty().addListener((o, old, now) -> {
            if (now) {
                model.noiseProperty().set(NoiseMode.KEYED);
            }
        });
        fresh.selectedProperty().addListener((o, old, now) -> {
            if (now) {
                model.noiseProperty().set(NoiseMode.FRESH);
            }
        });
        CheckBox adaptive = new CheckBox("Adaptive attacker (retrains on defended outputs)");
        adaptive.setWrapText(true);
        adaptive.selectedProperty().bindBidirectional(model.adaptiveProperty());
        Explain.tip(adaptive, Explain.ADAPTIVE);
        adaptive.setId(ADAPTIVE_ID);
        Explain.tip(logLog, Explain.LOG_LOG);
        Explain.tip(outputs, "Each output the attacker could see, with its own noise and what is released of it. "
                + "Masking an output takes it from the attack entirely.");
        advanced.getChildren().setAll(outputs, noise);
        VBox box = new VBox(10, heading("Attack"), attack, heading("NMID noise, all outputs"), sigma, sigmaValue,
                advanced, labels, adaptive, logLog);
        box.setPadding(new Insets(12));
        box.setPrefWidth(400);
        // why: on a short screen the panel scrolls rather than cutting off its last controls
        ScrollPane panel = new ScrollPane(box);
        panel.setFitToWidth(true);
        panel.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        panel.getStyleClass().add("side-panel");
        return panel;
    }

    private Node utilityTable() {
        utility.setId(UTILITY_ID);
        utility.setHgap(14);
        utility.setVgap(6);
        utility.setPadding(new Insets(8));
        utility.getStyleClass().add("utility-table");
        utility.add(heading(""), 0, 0);
        utility.add(heading("Undefended"), 1, 0);
        utility.add(heading("Defended"), 2, 0);
        String[] rows = ROWS;
        for (int r = 0; r < rows.length; r++) {
            Label name = new Label(rows[r]);
            name.setTooltip(Explain.tooltip(Explain.metricTip(rows[r])));
            name.getStyleClass().add("explained");
            utility.add(name, 0, r + 1);
            for (int c = 0; c < 2; c++) {
                cells[r][c] = new Label("—");
                cells[r][c].getStyleClass().add("number");
                utility.add(cells[r][c], c + 1, r + 1);
            }
        }
        ColumnConstraints right = new ColumnConstraints();
        right.setHalignment(javafx.geometry.HPos.RIGHT);
        right.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints left = new ColumnConstraints();
        // why: the numbers and their names never shrink to "…"; the ROC chart beside them gives way instead
        left.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        utility.getColumnConstraints().setAll(left, right, right);
        Label note = new Label("Utility: the target model on its non-members.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label labelOnly = new Label();
        labelOnly.setId(LABEL_ONLY_ID);
        labelOnly.getStyleClass().add("verdict");
        labelOnly.setWrapText(true);
        labelOnly.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        labelOnly.setMaxWidth(320);
        labelOnly.textProperty().bind(model.labelOnlyVerdictProperty());
        labelOnly.visibleProperty().bind(model.labelOnlyVerdictProperty().isNotEmpty());
        labelOnly.managedProperty().bind(labelOnly.visibleProperty());
        VBox box = new VBox(8, utility, note, labelOnly);
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        note.setMaxWidth(320);
        return box;
    }

    private void showCurrent() {
        DefenseEvaluator.Evaluation clean = model.undefendedProperty().get();
        DefenseEvaluator.Evaluation now = model.currentProperty().get();
        List<RocChart.Curve> curves = new ArrayList<>();
        if (clean != null) {
            curves.add(new RocChart.Curve(RocChart.label("Undefended", clean.attack().roc()), clean.attack().roc(),
                    true));
        }
        if (now != null) {
            curves.add(new RocChart.Curve(RocChart.label(now.adaptive() ? "NMID, adaptive attacker" : "NMID",
                    now.attack().roc()), now.attack().roc(), false));
        }
        RocCurve reference = clean == null ? null : clean.attack().roc();
        if (reference != drawnReference || roc.isLogLog() != drawnLogLog) {
            roc.show(clean == null ? List.of() : curves.subList(0, 1));
            drawnReference = reference;
            drawnLogLog = roc.isLogLog();
        }
        roc.drawOver(defendedCurve, now == null ? null : now.attack().roc());
        rocLegend.show(roc.legend(curves));
        fill(0, clean);
        fill(1, now);
        showMarker(now);
    }

    /** Puts the frontier's dot at the current setting, widening the chart's axes when it falls outside them. */
    private void showMarker(DefenseEvaluator.Evaluation now) {
        if (now == null) {
            frontierMarker.show(Double.NaN, Double.NaN);
            return;
        }
        double auc = now.attack().auc();
        double f1 = now.utility().f1();
        XYPlot plot = frontierChart.getXYPlot();
        ValueAxis x = plot.getDomainAxis();
        ValueAxis y = plot.getRangeAxis();
        if (!x.getRange().contains(auc) || !y.getRange().contains(f1)) {
            frontierChart.setNotify(false);
            try {
                widen(x, auc);
                widen(y, f1);
            } finally {
                frontierChart.setNotify(true);
            }
        }
        frontierMarker.show(auc, f1);
    }

    private static void widen(ValueAxis axis, double value) {
        if (axis.getRange().contains(value)) {
            return;
        }
        double low = Math.min(axis.getLowerBound(), value);
        double high = Math.max(axis.getUpperBound(), value);
        double room = 0.05 * Math.max(high - low, 0.05);
        axis.setRange(low - room, high + room);
    }

    private void showBins(ScoreBins bins) {
        histogram.show(bins);
        overlap.setText(bins == null ? "" : String.format(Locale.ROOT, "The two groups overlap by %.0f%%. Apart, the "
                + "score gives members away; on top of each other, it cannot tell them.", 100 * bins.overlap()));
    }

    private void fill(int column, DefenseEvaluator.Evaluation e) {
        if (e == null) {
            for (Label[] row : cells) {
                row[column].setText("—");
            }
            return;
        }
        AttackMetrics a = e.attack();
        Utility u = e.utility();
        double[] values = {a.auc(), a.tprAt1pctFpr(), a.tprAt01pctFpr(), a.advantage(), u.accuracy(), u.precision(),
            u.recall(), u.f1(), u.labelFlipRate()};
        for (int r = 0; r < values.length; r++) {
            cells[r][column].setText(String.format(Locale.ROOT, "%.3f", values[r]));
        }
    }

    private void showFrontier() {
        frontierChart.setNotify(false);
        try {
            frontierData.removeAllSeries();
            XYSeries line = new XYSeries("Sweep (non-adaptive attacker)", false, true);
            for (FrontierPoint p : model.frontier()) {
                line.add(p.attackAuc(), p.utilityF1(), false);
            }
            frontierData.addSeries(line);
            // why: the axes fit the sweep again (a dot outside it widened them)
            frontierChart.getXYPlot().getDomainAxis().setAutoRange(true);
            frontierChart.getXYPlot().getRangeAxis().setAutoRange(true);
        } finally {
            frontierChart.setNotify(true);
        }
        showMarker(model.currentProperty().get());
    }

    private static Label chartTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("chart-title");
        l.setMaxWidth(Double.MAX_VALUE);
        l.setAlignment(Pos.CENTER);
        return l;
    }

    private static Slider slider(javafx.beans.property.DoubleProperty value) {
        Slider s = new Slider(0, DefenseViewModel.MAX_SIGMA, value.get());
        s.valueProperty().bindBidirectional(value);
        s.setMajorTickUnit(1);
        s.setShowTickMarks(true);
        return s;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-heading");
        return l;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : name.apply(value);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
