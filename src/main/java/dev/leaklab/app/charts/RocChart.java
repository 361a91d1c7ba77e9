package dev.leaklab.app.charts;

import dev.leaklab.core.metrics.RocCurve;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * An attack ROC chart with any number of curves and the chance line, on linear or log-log axes. Curves are
 * cut to what the pixels can show before they are drawn (a few hundred points), so a 20,000-point curve
 * redraws in a few milliseconds instead of tens; the reference curve's points are kept between redraws.
 */
public final class RocChart {

    /** The smallest move, as a fraction of an axis, that a drawn curve keeps as a new point. */
    static final double STEP = 1.0 / 600;
    private static final double LOG_FLOOR = 1e-4;

    /**
     * One curve.
     *
     * @param name  the legend text
     * @param curve the ROC
     * @param faint drawn thin and grey (a reference)
     */
    public record Curve(String name, RocCurve curve, boolean faint) {
    }

    private final XYSeriesCollection data = new XYSeriesCollection();
    private final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    private final JFreeChart chart;
    private final XYPlot plot;
    private boolean logLog;
    private final java.util.Map<RocCurve, double[][]> cache = new java.util.IdentityHashMap<>();
    /** Working arrays of {@link #points(RocCurve, boolean)}, grown to the longest curve drawn. */
    private double[] xs = new double[0];
    private double[] ys = new double[0];

    /** An empty chart with the given title, with its own legend. */
    public RocChart(String title, double scale) {
        this(title, scale, true);
    }

    /**
     * An empty chart.
     *
     * @param title  the title, or {@code null} for none
     * @param legend whether JFreeChart draws the legend (else use {@link #legend} under it)
     */
    public RocChart(String title, double scale, boolean legend) {
        // why: one path a curve; hundreds of separate segments cost several times more to draw
        renderer.setDrawSeriesLineAsPath(true);
        plot = new XYPlot(data, linear("False-positive rate"), linear("True-positive rate"), renderer);
        chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        ChartStyle.apply(chart, scale);
    }

    /** The legend entries of the curves last shown, with the chance line, for a {@link ChartLegend}. */
    public List<ChartLegend.Entry> legend(List<Curve> curves) {
        List<ChartLegend.Entry> entries = new java.util.ArrayList<>();
        int colour = 0;
        for (Curve c : curves) {
            entries.add(new ChartLegend.Entry(c.faint() ? ChartStyle.FAINT
                    : ChartStyle.PALETTE[colour++ % ChartStyle.PALETTE.length], false, c.name()));
        }
        entries.add(new ChartLegend.Entry(ChartStyle.FAINT, true, "Chance"));
        return entries;
    }

    /** The chart, for a viewer or an export. */
    public JFreeChart chart() {
        return chart;
    }

    /** Shows {@code curves} (the chance line is added), replacing what was there, with one redraw. */
    public void show(List<Curve> curves) {
        chart.setNotify(false);
        try {
            data.removeAllSeries();
            XYSeries chance = new XYSeries("Chance", false, true);
            chance.add(logLog ? LOG_FLOOR : 0, logLog ? LOG_FLOOR : 0, false);
            chance.add(1, 1, false);
            int colour = 0;
            for (int k = 0; k < curves.size(); k++) {
                Curve c = curves.get(k);
                XYSeries s = new XYSeries(c.name(), false, true);
                double[][] points = points(c.curve());
                for (int i = 0; i < points[0].length; i++) {
                    s.add(points[0][i], points[1][i], false);
                }
                data.addSeries(s);
                renderer.setSeriesPaint(k, c.faint() ? ChartStyle.FAINT : ChartStyle.PALETTE[colour++
                        % ChartStyle.PALETTE.length]);
                renderer.setSeriesStroke(k, ChartStyle.line(c.faint() ? 1.5f : 2.5f));
            }
            data.addSeries(chance);
            renderer.setSeriesPaint(curves.size(), ChartStyle.FAINT);
            renderer.setSeriesStroke(curves.size(), ChartStyle.dashed(1f));
        } finally {
            chart.setNotify(true);
        }
    }

    /**
     * Draws {@code curve} (none for {@code null}) as {@code line} over this chart, thinned as the chart's own
     * curves are, without redrawing the chart: the way to show a curve that changes at every slider move.
     */
    public void drawOver(ChartOverlay.Line line, RocCurve curve) {
        if (curve == null) {
            line.show(new double[0], new double[0]);
            return;
        }
        double[][] points = points(curve, false);
        line.show(points[0], points[1]);
    }

    /** Whether the axes are log-log. */
    public boolean isLogLog() {
        return logLog;
    }

    /**
     * The curve's points as drawn: consecutive points closer than {@link #STEP} of the plot (in the axes' own
     * scale, so in decades on log-log axes) are merged, which keeps every visible turn in one pass. Why not
     * {@link RocCurve#thinned}: its careful simplification costs milliseconds on 20,000 points, on the UI
     * thread, at every slider move.
     */
    private double[][] points(RocCurve curve) {
        return points(curve, true);
    }

    /** As {@link #points(RocCurve)}, kept for the next redraw when {@code keep}. */
    private double[][] points(RocCurve curve, boolean keep) {
        double[][] cached = cache.get(curve);
        if (cached != null) {
            return cached;
        }
        // why: read in place and into this chart's working arrays: copies of a 20,000-point curve at every slider
        // move were most of the 2 ms this took on the window thread
        int size = curve.size();
        if (xs.length < size) {
            xs = new double[size];
            ys = new double[size];
        }
        int n = 0;
        double lastX = Double.NaN;
        double lastY = Double.NaN;
        for (int i = 0; i < size; i++) {
            double f = curve.fprAt(i);
            double t = curve.tprAt(i);
            double x = logLog ? Math.log10(Math.max(LOG_FLOOR, f)) / 4 : f;
            double y = logLog ? Math.log10(Math.max(LOG_FLOOR, t)) / 4 : t;
            boolean last = i == size - 1;
            if (n == 0 || last || Math.abs(x - lastX) >= STEP || Math.abs(y - lastY) >= STEP) {
                xs[n] = logLog ? Math.max(LOG_FLOOR, f) : f;
                ys[n] = logLog ? Math.max(LOG_FLOOR, t) : t;
                n++;
                lastX = x;
                lastY = y;
            }
        }
        double[][] points = {java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n)};
        if (!keep) {
            return points;
        }
        if (cache.size() >= 4) {
            cache.clear();
        }
        cache.put(curve, points);
        return points;
    }

    /** Switches between linear and log-log axes (the curves must be shown again). */
    public void setLogLog(boolean on) {
        if (on == logLog) {
            return;
        }
        logLog = on;
        cache.clear();
        chart.setNotify(false);
        try {
            plot.setDomainAxis(on ? log("False-positive rate") : linear("False-positive rate"));
            plot.setRangeAxis(on ? log("True-positive rate") : linear("True-positive rate"));
            ChartStyle.apply(chart, plot.getDomainAxis().getLabelFont().getSize() / 12.0, ChartStyle.isDark(chart));
        } finally {
            chart.setNotify(true);
        }
    }

    /** A legend label: the name with AUC and TPR at 1% and 0.1% FPR. */
    public static String label(String name, RocCurve roc) {
        return String.format(Locale.ROOT, "%s: AUC %.3f · TPR %.3f @1%% · %.3f @0.1%% FPR", name, roc.auc(),
                roc.tprAtFpr(0.01), roc.tprAtFpr(0.001));
    }

    /** A legend label with the bootstrap intervals of AUC and TPR at 1% FPR, when there are any. */
    public static String label(String name, RocCurve roc, dev.leaklab.core.metrics.BootstrapIntervals ci) {
        if (ci == null) {
            return label(name, roc);
        }
        return String.format(Locale.ROOT, "%s: AUC %.3f [%.3f, %.3f] · TPR %.3f [%.3f, %.3f] @1%% · %.3f @0.1%% FPR",
                name, roc.auc(), ci.auc().low(), ci.auc().high(), roc.tprAtFpr(0.01), ci.tprAt1pctFpr().low(),
                ci.tprAt1pctFpr().high(), roc.tprAtFpr(0.001));
    }

    private static ValueAxis linear(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(0, 1);
        return axis;
    }

    private static ValueAxis log(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setRange(LOG_FLOOR, 1);
        axis.setStandardTickUnits(NumberAxis.createStandardTickUnits());
        return axis;
    }
}
