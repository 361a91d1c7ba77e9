package dev.leaklab.app.charts;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;

/**
 * A chart legend drawn by JavaFX under a chart whose own legend is off. Why: JFreeChart measures legend text
 * with the JavaFX font metrics at every redraw, slowly, and on some fonts the measure is short and items
 * overlap; labels lay themselves out right and cost nothing when the curves change.
 */
public final class ChartLegend extends FlowPane {

    /**
     * One entry.
     *
     * @param colour the line's colour
     * @param dashed a dashed line (a reference such as chance)
     * @param text   the label
     */
    public record Entry(java.awt.Color colour, boolean dashed, String text) {
    }

    private List<Entry> shown = List.of();

    /** An empty legend. */
    public ChartLegend() {
        super(16, 2);
        setPadding(new Insets(2, 8, 4, 8));
        getStyleClass().add("chart-legend");
        // why: a FlowPane's minimum width is its widest entry's preferred one, so a long entry (an AUC with its
        // interval) would widen the whole screen past the window; the entries wrap instead
        setMinWidth(0);
    }

    /** Shows {@code entries}, replacing what was there. */
    public void show(List<Entry> entries) {
        // why: as many entries as before (a slider move changes only the figures in them) are updated in place:
        // new labels would each be styled and measured anew
        if (entries.equals(shown)) {
            return;
        }
        if (shown.size() == entries.size()) {
            for (int k = 0; k < entries.size(); k++) {
                Label label = (Label) getChildren().get(k);
                label.setText(entries.get(k).text());
                style((Line) label.getGraphic(), entries.get(k));
            }
        } else {
            getChildren().setAll(entries.stream().map(this::item).toList());
        }
        shown = List.copyOf(entries);
    }

    private static void style(Line line, Entry e) {
        line.setStroke(Color.rgb(e.colour().getRed(), e.colour().getGreen(), e.colour().getBlue()));
        line.setStrokeWidth(e.dashed() ? 1.2 : 2.5);
        if (e.dashed()) {
            line.getStrokeDashArray().setAll(5.0, 4.0);
        } else {
            line.getStrokeDashArray().clear();
        }
    }

    private Label item(Entry e) {
        Line line = new Line(0, 0, 18, 0);
        style(line, e);
        Label label = new Label(e.text(), line);
        label.setGraphicTextGap(6);
        // why: a long entry wraps inside the legend instead of running over what stands beside it
        label.setWrapText(true);
        label.setMinWidth(0);
        label.maxWidthProperty().bind(widthProperty().subtract(20));
        return label;
    }
}
