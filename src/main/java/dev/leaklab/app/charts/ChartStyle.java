package dev.leaklab.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/** The workbench's chart look: white plot, light grid, the application's accent colours. */
public final class ChartStyle {

    /** The accent blue. */
    public static final Color ACCENT = new Color(0x35, 0x63, 0xc9);
    /** Orange for the shadow model and the defended curve. */
    public static final Color SECOND = new Color(0xe0, 0x7b, 0x1f);
    /** Green for the adaptive attacker. */
    public static final Color THIRD = new Color(0x2e, 0x9e, 0x6e);
    /** A faint grey for reference curves and chance lines. */
    public static final Color FAINT = new Color(0xa0, 0xa8, 0xb4);
    /** Series colours in order, for overlays. */
    public static final Color[] PALETTE = {ACCENT, SECOND, THIRD, new Color(0x8e, 0x44, 0xad),
        new Color(0xc0, 0x39, 0x2b), new Color(0x16, 0xa0, 0x85), new Color(0x7f, 0x8c, 0x8d),
        new Color(0xd3, 0x54, 0x00)};

    /** The dark theme's chart background (Primer dark's default background). */
    static final Color DARK_BACKGROUND = new Color(0x0d, 0x11, 0x17);
    private static final Color DARK_GRID = new Color(0x30, 0x36, 0x3d);
    private static final Color DARK_TEXT = new Color(0xc9, 0xd1, 0xd9);
    private static final Color LIGHT_GRID = new Color(0xe1, 0xe5, 0xea);
    private static final Color LIGHT_TEXT = new Color(0x1f, 0x29, 0x33);

    private ChartStyle() {
    }

    /** Applies the light look to {@code chart}, whose plot is an {@link XYPlot}, with fonts scaled by {@code scale}. */
    public static void apply(JFreeChart chart, double scale) {
        apply(chart, scale, false);
    }

    /** Whether {@code chart} has the dark look. */
    public static boolean isDark(JFreeChart chart) {
        return DARK_BACKGROUND.equals(chart.getBackgroundPaint());
    }

    /**
     * Applies the look to {@code chart}, whose plot is an {@link XYPlot}, with fonts scaled by {@code scale}, for
     * a dark or a light window.
     */
    public static void apply(JFreeChart chart, double scale, boolean dark) {
        Color background = dark ? DARK_BACKGROUND : Color.WHITE;
        Color grid = dark ? DARK_GRID : LIGHT_GRID;
        Color text = dark ? DARK_TEXT : LIGHT_TEXT;
        chart.setBackgroundPaint(background);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        // why: room on the right for the last tick label ("1.0") at the presenter scale
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 10 * scale));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(14 * scale)));
            chart.getTitle().setPaint(text);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * scale)));
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
            chart.getLegend().setBackgroundPaint(background);
            chart.getLegend().setItemPaint(text);
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(background);
        plot.setDomainGridlinePaint(grid);
        plot.setRangeGridlinePaint(grid);
        plot.setOutlineVisible(false);
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * scale));
        Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(11 * scale));
        for (int i = 0; i < plot.getDomainAxisCount(); i++) {
            plot.getDomainAxis(i).setLabelFont(label);
            plot.getDomainAxis(i).setTickLabelFont(tick);
            colour(plot.getDomainAxis(i), text, grid);
        }
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            plot.getRangeAxis(i).setLabelFont(label);
            plot.getRangeAxis(i).setTickLabelFont(tick);
            colour(plot.getRangeAxis(i), text, grid);
        }
    }

    private static void colour(org.jfree.chart.axis.ValueAxis axis, Color text, Color line) {
        axis.setLabelPaint(text);
        axis.setTickLabelPaint(text);
        axis.setAxisLinePaint(line);
        axis.setTickMarkPaint(line);
    }

    /** A line stroke of the given width. */
    public static BasicStroke line(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** A dashed stroke. */
    public static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 4f}, 0f);
    }
}
