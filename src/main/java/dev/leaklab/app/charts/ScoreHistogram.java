package dev.leaklab.app.charts;

import dev.leaklab.core.metrics.ScoreBins;
import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The members' and the non-members' distributions of an attack's score as two see-through histograms on one
 * axis: apart, the attack tells them apart; on top of each other, it cannot.
 */
public final class ScoreHistogram {

    /** The members' colour (the accent, see-through). */
    public static final Color MEMBERS = new Color(0x35, 0x63, 0xc9, 0x99);
    /** The non-members' colour (the orange, see-through). */
    public static final Color NON_MEMBERS = new Color(0xe0, 0x7b, 0x1f, 0x99);

    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart;
    private ScoreBins shown;

    /** An empty histogram; {@code scale} as for {@link ChartStyle#apply}. */
    public ScoreHistogram(double scale) {
        NumberAxis x = new NumberAxis("Attack score (higher: more likely a member)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("Share of the group");
        y.setNumberFormatOverride(java.text.NumberFormat.getPercentInstance(java.util.Locale.ROOT));
        XYBarRenderer r = new XYBarRenderer(0);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setSeriesPaint(0, MEMBERS);
        r.setSeriesPaint(1, NON_MEMBERS);
        XYPlot plot = new XYPlot(data, x, y, r);
        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        ChartStyle.apply(chart, scale);
    }

    /** The chart, for a viewer or an export. */
    public JFreeChart chart() {
        return chart;
    }

    /** The bins shown now, or {@code null}. */
    public ScoreBins shown() {
        return shown;
    }

    /** Shows {@code bins} (or nothing for {@code null}), with one redraw. */
    public void show(ScoreBins bins) {
        shown = bins;
        chart.setNotify(false);
        try {
            data.removeAllSeries();
            if (bins == null) {
                return;
            }
            XYSeries in = new XYSeries("Members", false, true);
            XYSeries out = new XYSeries("Non-members", false, true);
            double[] m = bins.members();
            double[] n = bins.nonMembers();
            double w = bins.width();
            for (int i = 0; i < m.length; i++) {
                double mid = bins.left(i) + w / 2;
                in.add(mid, m[i], false);
                out.add(mid, n[i], false);
            }
            data.addSeries(in);
            data.addSeries(out);
            data.setIntervalWidth(w);
        } finally {
            chart.setNotify(true);
        }
    }
}
