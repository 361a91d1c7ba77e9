package dev.leaklab.app.charts;

import dev.leaklab.core.metrics.ScoreBins;
import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The members' and the non-members' distributions of an attack's score as two see-through histograms on one
 * axis: apart, the attack tells them apart; on top of each other, it cannot.
 *
 * <p>The chart draws only the axes; the bars are drawn over it ({@link ChartOverlay}), so a move of the
 * defence slider repaints the bars alone. The axes change only when the bars leave them or shrink to less
 * than half of them, with room to spare, so a sweep redraws them a few times, not at every move.
 */
public final class ScoreHistogram {

    /** The members' colour (the accent, see-through). */
    public static final Color MEMBERS = new Color(0x35, 0x63, 0xc9, 0x99);
    /** The non-members' colour (the orange, see-through). */
    public static final Color NON_MEMBERS = new Color(0xe0, 0x7b, 0x1f, 0x99);

    // why: a quarter more than the bars need on each side, so a sweep that widens them redraws the axis rarely
    private static final double X_ROOM = 0.25;
    private static final double Y_ROOM = 0.15;
    // below this share of an axis, the bars are too small to read, and the axis is fitted to them again
    private static final double SHRINK = 0.5;

    private final JFreeChart chart;
    private final NumberAxis x;
    private final NumberAxis y;
    private final ChartOverlay overlay;
    private final ChartOverlay.Bars members;
    private final ChartOverlay.Bars nonMembers;
    private ScoreBins shown;

    /** An empty histogram; {@code scale} as for {@link ChartStyle#apply}. */
    public ScoreHistogram(double scale) {
        x = new NumberAxis("Score (higher: more likely a member)");
        x.setAutoRange(false);
        x.setRange(0, 1);
        y = new NumberAxis("Share of the group");
        y.setNumberFormatOverride(java.text.NumberFormat.getPercentInstance(java.util.Locale.ROOT));
        y.setAutoRange(false);
        y.setRange(0, 0.25);
        // why: an empty dataset keeps the plot and its axes; every bar is drawn by the overlay
        XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, new XYLineAndShapeRenderer(false, false));
        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        ChartStyle.apply(chart, scale);
        overlay = new ChartOverlay(new ChartViewer(chart));
        members = overlay.bars(MEMBERS);
        nonMembers = overlay.bars(NON_MEMBERS);
    }

    /** The chart, for a viewer or an export. */
    public JFreeChart chart() {
        return chart;
    }

    /** The chart with its bars drawn over it, to put on a screen. */
    public ChartOverlay view() {
        return overlay;
    }

    /** The bins shown now, or {@code null}. */
    public ScoreBins shown() {
        return shown;
    }

    /** Shows {@code bins} (or nothing for {@code null}); the chart is redrawn only when its axes must change. */
    public void show(ScoreBins bins) {
        shown = bins;
        if (bins == null) {
            members.show(new double[0], new double[0], 0);
            nonMembers.show(new double[0], new double[0], 0);
            return;
        }
        double[] m = bins.members();
        double[] n = bins.nonMembers();
        double top = 0;
        double[] lefts = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            lefts[i] = bins.left(i);
            top = Math.max(top, Math.max(m[i], n[i]));
        }
        fit(bins.low(), bins.high(), top);
        members.show(lefts, m, bins.width());
        nonMembers.show(lefts, n, bins.width());
    }

    /** Moves the axes, with one redraw, when the bars from {@code low} to {@code high}, up to {@code top}, need it. */
    private void fit(double low, double high, double top) {
        double span = Math.max(high - low, 1e-12);
        boolean fitX = low < x.getLowerBound() || high > x.getUpperBound()
                || span < SHRINK * x.getRange().getLength();
        double yTop = Math.max(top, 1e-3);
        boolean fitY = yTop > y.getUpperBound() || yTop < SHRINK * y.getUpperBound();
        if (!fitX && !fitY) {
            return;
        }
        chart.setNotify(false);
        try {
            if (fitX) {
                x.setRange(low - X_ROOM * span, high + X_ROOM * span);
            }
            if (fitY) {
                y.setRange(0, Math.min(1, yTop * (1 + Y_ROOM)));
            }
        } finally {
            chart.setNotify(true);
        }
    }
}
