package dev.leaklab.app.charts;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.StrokeLineJoin;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.event.ChartProgressEvent;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;

/**
 * JavaFX shapes laid over a JFreeChart's plot in the chart's own data coordinates: a line, bars, a marker.
 * They follow the chart's axes (placed anew whenever the chart is drawn) and are clipped to its plot area.
 *
 * <p>Why: a JFreeChart redraw measures and paints every axis label, tick and grid line again, on the window
 * thread, and the software renderer then paints the whole canvas again; on the defence screen that was most of
 * a slider move (a profile on two cores: the ROC 14 ms, the histogram 4 ms, the frontier 3 ms when the machine
 * was busy). What moves with the slider is one curve, two sets of bars and a dot; drawn here, a move repaints
 * only them, and the chart below is drawn again only when its axes must change.
 */
public final class ChartOverlay extends StackPane {

    private final ChartViewer viewer;
    private final XYPlot plot;
    private final Pane layer = new Pane();
    private final Rectangle clip = new Rectangle();
    private final List<Item> items = new ArrayList<>();

    /** An overlay on {@code viewer}'s chart, which must have an {@link XYPlot}. */
    public ChartOverlay(ChartViewer viewer) {
        super(viewer);
        this.viewer = viewer;
        this.plot = viewer.getChart().getXYPlot();
        layer.setMouseTransparent(true);
        layer.setManaged(false);
        layer.setClip(clip);
        getChildren().add(layer);
        viewer.getChart().addProgressListener(e -> {
            if (e.getType() == ChartProgressEvent.DRAWING_FINISHED) {
                placeAll();
            }
        });
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        layer.resizeRelocate(0, 0, getWidth(), getHeight());
    }

    /** The chart's viewer under the overlay. */
    public ChartViewer viewer() {
        return viewer;
    }

    /**
     * A line through data points, drawn over the chart.
     *
     * @param colour its colour
     * @param width  its width in pixels
     * @return the line, empty until {@link Line#show} gives it points
     */
    public Line line(java.awt.Color colour, double width) {
        Line l = new Line(colour, width);
        add(l);
        return l;
    }

    /** See-through bars standing on the horizontal axis, drawn over the chart, empty at first. */
    public Bars bars(java.awt.Color colour) {
        Bars b = new Bars(colour);
        add(b);
        return b;
    }

    /** A round marker of {@code radius} pixels, drawn over the chart, hidden at first. */
    public Marker marker(java.awt.Color colour, double radius) {
        Marker m = new Marker(colour, radius);
        add(m);
        return m;
    }

    /** The heights the {@code k}-th bars drawn over the chart (in the order they were made) show now. */
    public double[] barHeights(int k) {
        return items.stream().filter(Bars.class::isInstance).map(Bars.class::cast).skip(k).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bars number " + k)).heights();
    }

    private void add(Item item) {
        items.add(item);
        layer.getChildren().add(item.node());
        item.place(this);
    }

    private void placeAll() {
        Rectangle2D area = area();
        if (area != null) {
            clip.setX(area.getX());
            clip.setY(area.getY());
            clip.setWidth(area.getWidth());
            clip.setHeight(area.getHeight());
        }
        for (Item item : items) {
            item.place(this);
        }
    }

    /** The plot's data area in the last drawing, or {@code null} before the chart was first drawn. */
    private Rectangle2D area() {
        ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        return area == null || area.isEmpty() ? null : area;
    }

    /** The pixel column of domain value {@code x} in {@code area}. */
    private double px(double x, Rectangle2D area) {
        return plot.getDomainAxis().valueToJava2D(x, area, plot.getDomainAxisEdge());
    }

    /** The pixel row of range value {@code y} in {@code area}. */
    private double py(double y, Rectangle2D area) {
        return plot.getRangeAxis().valueToJava2D(y, area, plot.getRangeAxisEdge());
    }

    private static Color fx(java.awt.Color c) {
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue(), c.getAlpha() / 255.0);
    }

    private abstract static class Item {
        /** The overlay it was placed on, once it was. */
        private ChartOverlay overlay;

        abstract Node node();

        /** Places the node for the overlay's current axes. */
        abstract void place(Rectangle2D area, ChartOverlay overlay);

        final void place(ChartOverlay o) {
            overlay = o;
            place(o.area(), o);
        }

        /** Places the node again after its data changed (once it is on an overlay). */
        final void redraw() {
            if (overlay != null) {
                place(overlay);
            }
        }
    }

    /** A line through data points. */
    public static final class Line extends Item {
        private final Polyline polyline = new Polyline();
        private double[] xs = new double[0];
        private double[] ys = new double[0];

        private Line(java.awt.Color colour, double width) {
            polyline.setStroke(fx(colour));
            polyline.setStrokeWidth(width);
            polyline.setStrokeLineJoin(StrokeLineJoin.ROUND);
        }

        /** Draws the line through ({@code xs[i]}, {@code ys[i]}), replacing what it drew; none when empty. */
        public void show(double[] xs, double[] ys) {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("xs and ys differ in length: " + xs.length + " and " + ys.length);
            }
            this.xs = xs.clone();
            this.ys = ys.clone();
            redraw();
        }

        @Override
        Node node() {
            return polyline;
        }

        @Override
        void place(Rectangle2D area, ChartOverlay o) {
            if (area == null || xs.length == 0) {
                polyline.getPoints().clear();
                return;
            }
            java.util.List<Double> points = new ArrayList<>(2 * xs.length);
            for (int i = 0; i < xs.length; i++) {
                double x = o.px(xs[i], area);
                double y = o.py(ys[i], area);
                // why: between a switch to log axes and the curve's points for them, a zero has no place
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    points.add(x);
                    points.add(y);
                }
            }
            polyline.getPoints().setAll(points);
        }
    }

    /** Bars of one width standing on zero. */
    public static final class Bars extends Item {
        private final Path path = new Path();
        private double[] lefts = new double[0];
        private double[] heights = new double[0];
        private double width;

        private Bars(java.awt.Color colour) {
            path.setFill(fx(colour));
            path.setStroke(null);
        }

        /**
         * Draws a bar of {@code width} from each {@code lefts[i]}, {@code heights[i]} high, replacing what it drew.
         */
        public void show(double[] lefts, double[] heights, double width) {
            if (lefts.length != heights.length) {
                throw new IllegalArgumentException("lefts and heights differ in length: " + lefts.length + " and "
                        + heights.length);
            }
            this.lefts = lefts.clone();
            this.heights = heights.clone();
            this.width = width;
            redraw();
        }

        /** The bar heights drawn now. */
        public double[] heights() {
            return heights.clone();
        }

        @Override
        Node node() {
            return path;
        }

        @Override
        void place(Rectangle2D area, ChartOverlay o) {
            List<PathElement> elements = new ArrayList<>(5 * lefts.length);
            if (area != null) {
                double base = o.py(0, area);
                for (int i = 0; i < lefts.length; i++) {
                    if (heights[i] <= 0) {
                        continue;
                    }
                    double x0 = o.px(lefts[i], area);
                    double x1 = o.px(lefts[i] + width, area);
                    double top = o.py(heights[i], area);
                    elements.add(new MoveTo(x0, base));
                    elements.add(new LineTo(x0, top));
                    elements.add(new LineTo(x1, top));
                    elements.add(new LineTo(x1, base));
                    elements.add(new ClosePath());
                }
            }
            path.getElements().setAll(elements);
        }
    }

    /** A round marker at one data point. */
    public static final class Marker extends Item {
        private final Circle circle;
        private double x = Double.NaN;
        private double y = Double.NaN;

        private Marker(java.awt.Color colour, double radius) {
            circle = new Circle(radius, fx(colour));
            circle.setVisible(false);
        }

        /** Puts the marker at ({@code x}, {@code y}); NaN hides it. */
        public void show(double x, double y) {
            this.x = x;
            this.y = y;
            redraw();
        }

        @Override
        Node node() {
            return circle;
        }

        @Override
        void place(Rectangle2D area, ChartOverlay o) {
            boolean visible = area != null && !Double.isNaN(x) && !Double.isNaN(y);
            circle.setVisible(visible);
            if (visible) {
                circle.setCenterX(o.px(x, area));
                circle.setCenterY(o.py(y, area));
            }
        }
    }
}
