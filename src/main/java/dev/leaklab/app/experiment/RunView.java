package dev.leaklab.app.experiment;

import dev.leaklab.app.charts.ChartStyle;
import dev.leaklab.core.experiment.AttackResult;
import dev.leaklab.core.experiment.ExperimentResults;
import java.awt.Paint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.TaskProgressView;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Run screen: one button runs the experiment; the target's and shadow models' loss and accuracy grow epoch
 * by epoch; the stage names what runs (which model, which attack); afterwards a table lists every attack's
 * undefended result.
 */
public final class RunView {

    /** Node id of the run button. */
    public static final String RUN_ID = "run-experiment";
    /** Node id of the cancel button. */
    public static final String CANCEL_ID = "cancel-experiment";
    /** Node id of the results table. */
    public static final String TABLE_ID = "run-results";
    /** Node id of the label with the run's memory estimate. */
    public static final String MEMORY_ID = "run-memory";
    /** Node id of the loss chart's viewer. */
    public static final String LOSS_ID = "run-loss";
    /** Node id of the accuracy chart's viewer. */
    public static final String ACCURACY_ID = "run-accuracy";
    /** Node id of the line with the target's training / held-out accuracy gap. */
    public static final String GAP_ID = "run-gap";
    /** Node id of the label naming the run's stage or outcome. */
    public static final String STAGE_ID = "run-stage";

    private final BorderPane root = new BorderPane();
    private final XYSeriesCollection loss = new XYSeriesCollection();
    private final XYSeriesCollection accuracy = new XYSeriesCollection();
    private final Map<String, Integer> seriesOf = new HashMap<>();
    // why: the accuracy chart also holds held-out series, so its series are numbered apart from the loss chart's
    private final Map<String, Integer> accuracySeriesOf = new HashMap<>();
    private final Map<String, Integer> heldOutSeriesOf = new HashMap<>();
    private final Label gapLabel = new Label();
    private final TableView<AttackResult> table = new TableView<>();
    private final JFreeChart lossChart;
    private final JFreeChart accuracyChart;

    /** Builds the screen over {@code model}. */
    public RunView(ExperimentViewModel model) {
        root.getStyleClass().add("run-view");
        Button run = new Button("Run experiment");
        run.setId(RUN_ID);
        run.setDefaultButton(true);
        run.disableProperty().bind(model.runningProperty().or(model.projectProperty().isNull())
                .or(model.problemProperty().isNotEmpty()));
        run.setOnAction(e -> model.run());
        Button cancel = new Button("Cancel");
        cancel.setId(CANCEL_ID);
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Label stage = new Label();
        stage.setId(STAGE_ID);
        stage.textProperty().bind(model.stageProperty());
        stage.getStyleClass().add("stage");
        Label memory = new Label();
        memory.setId(MEMORY_ID);
        memory.textProperty().bind(model.memoryProperty());
        memory.getStyleClass().add("hint");
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        HBox bar1 = new HBox(10, run, cancel, stage, gap, memory);
        bar1.setAlignment(Pos.CENTER_LEFT);
        bar1.setPadding(new Insets(10));
        root.setTop(bar1);
        lossChart = curveChart("Training loss", "Loss", loss);
        accuracyChart = curveChart("Accuracy: training (solid), held out (dashed)", "Accuracy", accuracy);
        gapLabel.setId(GAP_ID);
        gapLabel.getStyleClass().add("gap-line");
        gapLabel.setWrapText(true);
        gapLabel.setPadding(new Insets(0, 10, 4, 10));
        gapLabel.managedProperty().bind(gapLabel.textProperty().isNotEmpty());
        HBox chartRow = new HBox(8, viewer(lossChart, LOSS_ID), viewer(accuracyChart, ACCURACY_ID));
        chartRow.setPadding(new Insets(0, 8, 8, 8));
        chartRow.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        Label empty = new Label();
        empty.getStyleClass().add("muted");
        empty.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                model.resultsProperty().get() != null && model.resultsProperty().get().modelsReused()
                        ? "No training this time: the models were reused from an earlier run with the same settings"
                        : "Training curves appear here during a run", model.resultsProperty()));
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.epochs()));
        empty.setMouseTransparent(true);
        StackPane charts = new StackPane(chartRow, empty);
        table.setId(TABLE_ID);
        table.setPlaceholder(new Label("Run the experiment to see how much each attack learns"));
        table.getColumns().setAll(List.of(Columns.<AttackResult, String>of("Attack", AttackResult::attackName, 150),
                Columns.<AttackResult, String>of("Outputs seen", r -> r.features().name(), 260),
                Columns.<AttackResult>number("AUC", r -> r.metrics().auc(), 90),
                Columns.<AttackResult, String>of("AUC 95% interval", r -> r.intervals() == null ? ""
                        : String.format(java.util.Locale.ROOT, "%.3f – %.3f%s", r.intervals().auc().low(),
                        r.intervals().auc().high(), r.belowChance().isPresent() ? ", below chance" : ""), 150),
                Columns.<AttackResult>number("TPR @ 1% FPR", r -> r.metrics().tprAt1pctFpr(), 110),
                Columns.<AttackResult>number("TPR @ 0.1% FPR", r -> r.metrics().tprAt01pctFpr(), 110),
                Columns.<AttackResult>number("Advantage", r -> r.metrics().advantage(), 110)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // why: an AUC below chance looks like a bug to a newcomer; the row says why it happens
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(AttackResult r, boolean empty) {
                super.updateItem(r, empty);
                setTooltip(empty || r == null ? null : r.belowChance().map(javafx.scene.control.Tooltip::new)
                        .map(tip -> {
                            tip.setWrapText(true);
                            tip.setMaxWidth(480);
                            return tip;
                        }).orElse(null));
            }
        });
        TaskProgressView<RunTask> tasks = new TaskProgressView<>();
        // why: its height is set in the style sheet, in em, so the run's row is never squeezed out of sight on a
        // short screen and grows with classroom mode's type
        tasks.getStyleClass().add("run-tasks");
        tasks.managedProperty().bind(model.runningProperty());
        tasks.visibleProperty().bind(model.runningProperty());
        model.runningProperty().addListener((o, old, now) -> {
            if (now) {
                follow(model, tasks);
            }
        });
        if (model.runningProperty().get()) {
            // why: the screen is built when first shown, possibly in the middle of a run
            follow(model, tasks);
        }
        VBox center = new VBox(tasks, gapLabel, charts, table);
        VBox.setVgrow(charts, Priority.ALWAYS);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.setCenter(center);
        model.epochs().addListener((ListChangeListener<EpochPoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && model.epochs().isEmpty()) {
                    clearCurves();
                }
                if (c.wasAdded()) {
                    c.getAddedSubList().forEach(this::addPoint);
                }
            }
        });
        model.resultsProperty().addListener((o, old, now) -> showResults(now));
        model.epochs().forEach(this::addPoint);
        showResults(model.resultsProperty().get());
    }

    private static void follow(ExperimentViewModel model, TaskProgressView<RunTask> tasks) {
        RunTask task = new RunTask(model, "Experiment: " + model.projectProperty().get().name());
        tasks.getTasks().add(task);
        Thread waiter = new Thread(task, "leaklab-run-task");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** The charts (for the presenter scale and export). */
    public List<JFreeChart> charts() {
        return List.of(lossChart, accuracyChart);
    }

    /** The screen's root node. */
    public Parent root() {
        return root;
    }

    private void showResults(ExperimentResults results) {
        if (results == null) {
            table.getItems().clear();
            return;
        }
        table.getItems().setAll(results.attacks().stream().filter(r -> "undefended".equals(r.role())).toList());
    }

    private void clearCurves() {
        loss.removeAllSeries();
        accuracy.removeAllSeries();
        seriesOf.clear();
        accuracySeriesOf.clear();
        heldOutSeriesOf.clear();
        gapLabel.setText("");
    }

    private void addPoint(EpochPoint p) {
        // why: each series change would redraw its chart at once, on the window thread: three redraws an epoch
        // (loss, accuracy, held out); one for each chart instead
        lossChart.setNotify(false);
        accuracyChart.setNotify(false);
        try {
            addPointQuietly(p);
        } finally {
            lossChart.setNotify(true);
            accuracyChart.setNotify(true);
        }
    }

    private void addPointQuietly(EpochPoint p) {
        Integer index = seriesOf.get(p.model());
        if (index == null) {
            index = loss.getSeriesCount();
            seriesOf.put(p.model(), index);
            loss.addSeries(new XYSeries(p.model(), true, false));
            int a = accuracy.getSeriesCount();
            accuracySeriesOf.put(p.model(), a);
            accuracy.addSeries(new XYSeries(p.model(), true, false));
            Paint colour = ChartStyle.PALETTE[index % ChartStyle.PALETTE.length];
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) lossChart.getXYPlot().getRenderer();
            r.setSeriesPaint(index, colour);
            r.setSeriesStroke(index, ChartStyle.line(2f));
            r = (XYLineAndShapeRenderer) accuracyChart.getXYPlot().getRenderer();
            r.setSeriesPaint(a, colour);
            r.setSeriesStroke(a, ChartStyle.line(2f));
        }
        loss.getSeries(index.intValue()).add(p.epoch(), p.loss());
        accuracy.getSeries(accuracySeriesOf.get(p.model()).intValue()).add(p.epoch(), p.accuracy());
        if (Double.isFinite(p.heldOutAccuracy())) {
            Integer held = heldOutSeriesOf.get(p.model());
            if (held == null) {
                held = accuracy.getSeriesCount();
                heldOutSeriesOf.put(p.model(), held);
                accuracy.addSeries(new XYSeries(p.model() + ", held out", true, false));
                XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) accuracyChart.getXYPlot().getRenderer();
                r.setSeriesPaint(held, ChartStyle.PALETTE[index % ChartStyle.PALETTE.length]);
                r.setSeriesStroke(held, ChartStyle.dashed(2f));
            }
            accuracy.getSeries(held.intValue()).add(p.epoch(), p.heldOutAccuracy());
            gapLabel.setText(gapLine(p));
        }
    }

    /** The line that reads the gap between a model's training and held-out accuracy. */
    static String gapLine(EpochPoint p) {
        double gap = p.accuracy() - p.heldOutAccuracy();
        String reading = gap >= 0.1 ? "it remembers its members better than it generalises, which is what a "
                + "membership attack reads" : gap >= 0.03 ? "a gap is opening: members start to stand out"
                : "no gap yet: members and non-members look alike to it";
        return String.format(java.util.Locale.ROOT, "Epoch %d, %s: training accuracy %.3f, held out %.3f, a gap "
                + "of %.3f; %s.", p.epoch(), p.model(), p.accuracy(), p.heldOutAccuracy(), gap, reading);
    }

    private static JFreeChart curveChart(String title, String yLabel, XYSeriesCollection data) {
        NumberAxis x = new NumberAxis("Epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(data, x, y, r), true);
        ChartStyle.apply(chart, 1);
        return chart;
    }

    private static StackPane viewer(JFreeChart chart, String id) {
        ChartViewer v = new ChartViewer(chart);
        v.setId(id);
        v.setMinSize(280, 220);
        return new StackPane(v);
    }
}
