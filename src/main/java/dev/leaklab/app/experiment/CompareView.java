package dev.leaklab.app.experiment;

import dev.leaklab.app.charts.ChartLegend;
import dev.leaklab.app.charts.RocChart;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/** The Compare screen: tick attacks of this session's runs to overlay their undefended ROC curves. */
public final class CompareView {

    private final BorderPane root = new BorderPane();
    private final RocChart chart = new RocChart(null, 1, false);
    private final ChartLegend legend = new ChartLegend();

    /** Builds the screen over {@code model}. */
    public CompareView(CompareViewModel model) {
        ListView<CompareViewModel.Item> list = new ListView<>(model.items());
        list.setCellFactory(CheckBoxListCell.forListView(CompareViewModel.Item::selected,
                new javafx.util.StringConverter<>() {
                    @Override
                    public String toString(CompareViewModel.Item item) {
                        return item == null ? "" : item.label();
                    }

                    @Override
                    public CompareViewModel.Item fromString(String s) {
                        throw new UnsupportedOperationException();
                    }
                }));
        list.setPlaceholder(new Label("Run the experiment; every run of this session can be compared here"));
        VBox side = new VBox(8, new Label("Curves to overlay"), list);
        side.setPadding(new Insets(12));
        side.setPrefWidth(460);
        root.setLeft(side);
        ChartViewer viewer = new ChartViewer(chart.chart());
        Label title = new Label("Attacks compared (undefended)");
        title.getStyleClass().add("chart-title");
        VBox center = new VBox(2, title, viewer, legend);
        VBox.setVgrow(viewer, javafx.scene.layout.Priority.ALWAYS);
        root.setCenter(center);
        model.shown().addListener((ListChangeListener<CompareViewModel.Item>) c -> show(model.shown()));
        show(model.shown());
    }

    private void show(List<CompareViewModel.Item> items) {
        List<RocChart.Curve> curves = items.stream()
                .map(i -> new RocChart.Curve(RocChart.label(i.label(), i.roc(), i.intervals()), i.roc(), false)).toList();
        chart.show(curves);
        legend.show(chart.legend(curves));
    }

    /** The screen's root node. */
    public Parent root() {
        return root;
    }

    /** The chart (for export). */
    public JFreeChart chart() {
        return chart.chart();
    }
}
