package dev.leaklab.report;

import dev.leaklab.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Renders the report charts of a membership-inference experiment to PNG files, headless, with JFreeChart.
 *
 * <p>Every chart is 900 x 600 pixels on a white background, antialiased, and written atomically: it is
 * rendered into a temporary file beside the target and then moved over it, so an interrupted write never
 * leaves a half PNG behind. Nothing here touches a display or sets global state; the caller decides whether
 * AWT runs headless.
 */
public final class Charts {

    /** Width of every chart in pixels. */
    static final int WIDTH = 900;
    /** Height of every chart in pixels. */
    static final int HEIGHT = 600;
    /** The most points one ROC series keeps after thinning. */
    static final int MAX_ROC_POINTS = 2_000;
    /** Lower end of both log-log axes; rates below it are drawn at it. */
    static final double LOG_FLOOR = 1e-4;
    /** Bins of the score histogram. */
    static final int HISTOGRAM_BINS = 40;

    // why: a point closer than this (as a fraction of the axis) to the last kept one is below a pixel on a
    // 900 x 600 chart, and a monotone curve has at most two axis lengths of path, so at most ~2,000 survive
    private static final double THIN_STEP = 1.0 / 1_000;

    private static final String FONT_FAMILY = Font.SANS_SERIF;
    private static final Font TITLE_FONT = new Font(FONT_FAMILY, Font.BOLD, 20);
    private static final Font AXIS_LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 16);
    private static final Font TICK_LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 13);
    private static final Font LEGEND_FONT = new Font(FONT_FAMILY, Font.PLAIN, 14);
    private static final Font ITEM_LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 12);

    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color CHANCE = new Color(0x88, 0x88, 0x88);
    private static final Color OUTLINE = new Color(0x99, 0x99, 0x99);
    // why: the Okabe-Ito palette stays distinguishable under the common colour-vision deficiencies
    private static final Color[] PALETTE = {
        new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
        new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
        new Color(0x00, 0x00, 0x00),
    };
    private static final Color MEMBER_COLOUR = new Color(0xD5, 0x5E, 0x00, 0x80);
    private static final Color NON_MEMBER_COLOUR = new Color(0x00, 0x72, 0xB2, 0x80);
    private static final Color HIGHLIGHT_COLOUR = new Color(0xD5, 0x5E, 0x00);

    private static final BasicStroke CURVE_STROKE =
            new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke CHANCE_STROKE = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f);

    private Charts() {
    }

    /**
     * One ROC curve to draw: a legend name and its points (both arrays same length, ascending fpr).
     *
     * @param name the legend entry; unique among the series of one chart
     * @param fpr  false-positive rates in [0, 1], ascending
     * @param tpr  the true-positive rate at each false-positive rate, in [0, 1]
     */
    public record RocSeries(String name, double[] fpr, double[] tpr) {
    }

    /**
     * One point of the privacy-utility frontier.
     *
     * @param sigma     the defence's noise level that produced this point
     * @param attackAuc the membership attack's AUC against the defended model
     * @param utilityF1 the defended model's F1 on its task
     */
    public record FrontierPoint(double sigma, double attackAuc, double utilityF1) {
    }

    /**
     * ROC curves on linear axes [0,1]x[0,1] with the diagonal chance line (dashed grey).
     *
     * @param png    the file to write; its folder is created if missing
     * @param title  the chart title, or {@code null} for none
     * @param series the curves, at least one, with distinct names
     * @throws IllegalArgumentException if a series is empty, its arrays differ in length, or a rate is NaN,
     *                                  infinite or outside [0, 1]
     * @throws IOException              if the PNG cannot be written
     */
    public static void writeRoc(Path png, String title, List<RocSeries> series) throws IOException {
        write(png, rocChart(title, series, false));
    }

    /**
     * The same on log-log axes (both axes logarithmic, from 1e-4 to 1; points with fpr or tpr of 0 clamped
     * to 1e-4), with the chance line. This is how membership-attack papers (Carlini et al. 2022, LiRA) show
     * low-FPR behaviour.
     *
     * @param png    the file to write; its folder is created if missing
     * @param title  the chart title, or {@code null} for none
     * @param series the curves, at least one, with distinct names
     * @throws IllegalArgumentException if a series is empty, its arrays differ in length, or a rate is NaN,
     *                                  infinite or outside [0, 1]
     * @throws IOException              if the PNG cannot be written
     */
    public static void writeRocLogLog(Path png, String title, List<RocSeries> series) throws IOException {
        write(png, rocChart(title, series, true));
    }

    /**
     * Overlaid histograms (40 bins over the common range, semi-transparent) of member and non-member attack
     * scores.
     *
     * @param png             the file to write; its folder is created if missing
     * @param title           the chart title, or {@code null} for none
     * @param memberScores    the attack scores of the training members, at least one, all finite
     * @param nonMemberScores the attack scores of the non-members, at least one, all finite
     * @throws IllegalArgumentException if either array is empty or holds a NaN or infinite score
     * @throws IOException              if the PNG cannot be written
     */
    public static void writeScoreHistogram(Path png, String title, double[] memberScores,
                                           double[] nonMemberScores) throws IOException {
        write(png, histogramChart(title, memberScores, nonMemberScores));
    }

    /**
     * Privacy-utility frontier: x = attack AUC, y = utility F1, one point per sigma connected in sigma order,
     * each point labelled with its sigma (e.g. "σ=0.5"); optional marker for a highlighted sigma (null for
     * none) drawn larger/in another colour.
     *
     * @param png            the file to write; its folder is created if missing
     * @param title          the chart title, or {@code null} for none
     * @param points         the frontier, at least one point, in any order
     * @param highlightSigma the sigma to mark, which must be one of the points' sigmas, or {@code null}
     * @throws IllegalArgumentException if there are no points, a value is NaN or infinite, or
     *                                  {@code highlightSigma} matches no point
     * @throws IOException              if the PNG cannot be written
     */
    public static void writeFrontier(Path png, String title, List<FrontierPoint> points, Double highlightSigma)
            throws IOException {
        write(png, frontierChart(title, points, highlightSigma));
    }

    // ---------------------------------------------------------------- ROC

    static JFreeChart rocChart(String title, List<RocSeries> series, boolean logLog) {
        Objects.requireNonNull(series, "series");
        if (series.isEmpty()) {
            throw new IllegalArgumentException("ROC chart needs at least one series");
        }
        XYSeriesCollection curves = new XYSeriesCollection();
        Set<String> names = new HashSet<>();
        for (RocSeries s : series) {
            validate(s);
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("ROC series '" + s.name() + "' appears twice");
            }
            // why: ROC curves step vertically, so x repeats; the given order is the curve's order
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i : thinnedIndices(s.fpr(), s.tpr(), logLog, MAX_ROC_POINTS)) {
                xy.add(logLog ? Math.max(s.fpr()[i], LOG_FLOOR) : s.fpr()[i],
                        logLog ? Math.max(s.tpr()[i], LOG_FLOOR) : s.tpr()[i], false);
            }
            curves.addSeries(xy);
        }

        ValueAxis x;
        ValueAxis y;
        if (logLog) {
            x = logAxis("False-positive rate");
            y = logAxis("True-positive rate");
        } else {
            x = unitAxis("False-positive rate");
            y = unitAxis("True-positive rate");
        }

        XYLineAndShapeRenderer curveRenderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < curves.getSeriesCount(); i++) {
            curveRenderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            curveRenderer.setSeriesStroke(i, CURVE_STROKE);
        }

        XYPlot plot = new XYPlot(curves, x, y, curveRenderer);
        double low = logLog ? LOG_FLOOR : 0.0;
        XYSeries diagonal = new XYSeries("Chance", false, true);
        diagonal.add(low, low);
        diagonal.add(1.0, 1.0);
        XYLineAndShapeRenderer chanceRenderer = new XYLineAndShapeRenderer(true, false);
        chanceRenderer.setSeriesPaint(0, CHANCE);
        chanceRenderer.setSeriesStroke(0, CHANCE_STROKE);
        plot.setDataset(1, new XYSeriesCollection(diagonal));
        plot.setRenderer(1, chanceRenderer);
        // why: reverse draws dataset 1 first: the chance line goes underneath and never hides a curve on it
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        return chart(title, plot);
    }

    private static void validate(RocSeries s) {
        Objects.requireNonNull(s, "ROC series");
        String name = s.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("ROC series needs a non-blank name");
        }
        String what = "ROC series '" + name + "'";
        if (s.fpr() == null || s.tpr() == null) {
            throw new IllegalArgumentException(what + " has a null fpr or tpr array");
        }
        if (s.fpr().length != s.tpr().length) {
            throw new IllegalArgumentException(what + ": fpr has " + s.fpr().length + " points but tpr has "
                    + s.tpr().length);
        }
        if (s.fpr().length == 0) {
            throw new IllegalArgumentException(what + " has no points");
        }
        checkRates(what, "fpr", s.fpr());
        checkRates(what, "tpr", s.tpr());
    }

    private static void checkRates(String what, String array, double[] values) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(what + ": " + array + "[" + i + "] is NaN");
            }
            if (!(v >= 0.0 && v <= 1.0)) {
                throw new IllegalArgumentException(what + ": " + array + "[" + i + "] = " + v
                        + " is outside [0, 1]");
            }
        }
    }

    /**
     * The indices of the points of a curve worth drawing: the first and the last, and in between each point
     * that lies at least {@link #THIN_STEP} of an axis (measured as plotted, so in decades on log axes) from
     * the previously kept one. For a monotone curve that keeps its shape to below a pixel; should a curve
     * still keep more than {@code maxPoints}, every k-th kept point is taken.
     */
    static int[] thinnedIndices(double[] xs, double[] ys, boolean logLog, int maxPoints) {
        int n = xs.length;
        if (n <= maxPoints) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] kept = new int[n];
        int count = 0;
        kept[count++] = 0;
        double lastX = plotted(xs[0], logLog);
        double lastY = plotted(ys[0], logLog);
        for (int i = 1; i < n - 1; i++) {
            double px = plotted(xs[i], logLog);
            double py = plotted(ys[i], logLog);
            double dx = px - lastX;
            double dy = py - lastY;
            if (dx * dx + dy * dy >= THIN_STEP * THIN_STEP) {
                kept[count++] = i;
                lastX = px;
                lastY = py;
            }
        }
        kept[count++] = n - 1;
        if (count <= maxPoints) {
            return Arrays.copyOf(kept, count);
        }
        // why: only a curve that doubles back on itself gets here; a stride bounds it whatever its shape
        int stride = (count - 2) / (maxPoints - 1) + 1;
        int[] strided = new int[maxPoints];
        int m = 0;
        for (int j = 0; j < count - 1; j += stride) {
            strided[m++] = kept[j];
        }
        strided[m++] = kept[count - 1];
        return Arrays.copyOf(strided, m);
    }

    /** A rate as a fraction of its axis' length: itself on a linear axis, its decade position on a log one. */
    private static double plotted(double rate, boolean logLog) {
        if (!logLog) {
            return rate;
        }
        return (Math.log10(Math.max(rate, LOG_FLOOR)) - Math.log10(LOG_FLOOR)) / -Math.log10(LOG_FLOOR);
    }

    private static NumberAxis unitAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        styleAxis(axis);
        // why: a hair of room beyond [0, 1], or a curve running along tpr = 1 vanishes into the plot outline
        axis.setRange(-0.01, 1.01);
        axis.setTickUnit(new NumberTickUnit(0.1, decimalFormat("0.0")));
        return axis;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        styleAxis(axis);
        axis.setBase(10);
        axis.setSmallestValue(LOG_FLOOR);
        // why: the same hair of room as on the linear axes, here a fiftieth of a decade either side
        double pad = Math.pow(10, 0.02);
        axis.setRange(LOG_FLOOR / pad, pad);
        // why: one tick per decade, labelled 10^-4 ... 10^0, as in the LiRA paper's figures
        axis.setTickUnit(new NumberTickUnit(1.0));
        return axis;
    }

    // ---------------------------------------------------------------- histogram

    static JFreeChart histogramChart(String title, double[] members, double[] nonMembers) {
        checkScores("member scores", members);
        checkScores("non-member scores", nonMembers);
        double min = Math.min(Arrays.stream(members).min().orElseThrow(),
                Arrays.stream(nonMembers).min().orElseThrow());
        double max = Math.max(Arrays.stream(members).max().orElseThrow(),
                Arrays.stream(nonMembers).max().orElseThrow());
        if (max - min <= Math.ulp(max) * 4) {
            // why: one value everywhere gives a zero-width range, which HistogramDataset cannot bin
            double half = Math.max(Math.abs(min), 1.0) * 1e-3;
            min -= half;
            max += half;
        }

        HistogramDataset dataset = new HistogramDataset();
        dataset.setType(HistogramType.FREQUENCY);
        dataset.addSeries("Members (n = " + count(members.length) + ")", members, HISTOGRAM_BINS, min, max);
        dataset.addSeries("Non-members (n = " + count(nonMembers.length) + ")", nonMembers, HISTOGRAM_BINS,
                min, max);

        NumberAxis x = new NumberAxis("Attack score");
        styleAxis(x);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("Samples");
        styleAxis(y);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setUpperMargin(0.08);

        XYBarRenderer renderer = new XYBarRenderer(0.0);
        // why: flat bars; the default gradient and shadow make overlapping translucent bars unreadable
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, MEMBER_COLOUR);
        renderer.setSeriesPaint(1, NON_MEMBER_COLOUR);
        renderer.setLegendBar(new Rectangle2D.Double(-6, -6, 12, 12));

        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        return chart(title, plot);
    }

    private static void checkScores(String what, double[] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("Score histogram: " + what + " are empty");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("Score histogram: " + what + "[" + i + "] is " + scores[i]);
            }
        }
    }

    // ---------------------------------------------------------------- frontier

    static JFreeChart frontierChart(String title, List<FrontierPoint> points, Double highlightSigma) {
        Objects.requireNonNull(points, "points");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("Frontier needs at least one point");
        }
        for (FrontierPoint p : points) {
            Objects.requireNonNull(p, "frontier point");
            if (!Double.isFinite(p.sigma()) || !Double.isFinite(p.attackAuc()) || !Double.isFinite(p.utilityF1())) {
                throw new IllegalArgumentException("Frontier point " + p + " has a NaN or infinite value");
            }
        }
        List<FrontierPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(FrontierPoint::sigma));

        XYSeries line = new XYSeries("Attack AUC vs. utility, by σ", false, true);
        for (FrontierPoint p : sorted) {
            line.add(p.attackAuc(), p.utilityF1(), false);
        }
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, true);
        lineRenderer.setSeriesPaint(0, PALETTE[0]);
        lineRenderer.setSeriesStroke(0, CURVE_STROKE);
        lineRenderer.setSeriesShape(0, circle(9));
        lineRenderer.setDefaultItemLabelGenerator((dataset, series, item) -> "σ=" + sigma(sorted.get(item).sigma()));
        lineRenderer.setDefaultItemLabelFont(ITEM_LABEL_FONT);
        lineRenderer.setDefaultItemLabelPaint(Color.DARK_GRAY);
        lineRenderer.setDefaultItemLabelsVisible(true);
        // why: clear of the highlight marker, which is wider than the plain points
        lineRenderer.setItemLabelInsets(new RectangleInsets(7, 7, 7, 7));
        lineRenderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                TextAnchor.BOTTOM_CENTER));

        NumberAxis x = new NumberAxis("Attack AUC");
        styleAxis(x);
        x.setAutoRangeIncludesZero(false);
        x.setNumberFormatOverride(decimalFormat("0.00"));
        // why: a sweep whose points barely differ would otherwise get an axis 0.001 wide, every tick "0.52"
        x.setAutoRangeMinimumSize(0.05);
        // why: room for the σ labels, which sit above and beside the outermost points
        x.setLowerMargin(0.08);
        x.setUpperMargin(0.08);
        NumberAxis y = new NumberAxis("Utility F1");
        styleAxis(y);
        y.setAutoRangeIncludesZero(false);
        y.setNumberFormatOverride(decimalFormat("0.00"));
        y.setAutoRangeMinimumSize(0.05);
        y.setLowerMargin(0.08);
        y.setUpperMargin(0.15);

        XYPlot plot = new XYPlot(new XYSeriesCollection(line), x, y, lineRenderer);
        if (highlightSigma != null) {
            FrontierPoint chosen = sorted.stream().filter(p -> sameSigma(p.sigma(), highlightSigma)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Frontier: highlighted σ=" + highlightSigma
                            + " is not the sigma of any point"));
            XYSeries mark = new XYSeries("Selected σ=" + sigma(chosen.sigma()), false, true);
            mark.add(chosen.attackAuc(), chosen.utilityF1());
            XYLineAndShapeRenderer markRenderer = new XYLineAndShapeRenderer(false, true);
            markRenderer.setSeriesPaint(0, HIGHLIGHT_COLOUR);
            markRenderer.setSeriesShape(0, circle(17));
            plot.setDataset(1, new XYSeriesCollection(mark));
            plot.setRenderer(1, markRenderer);
            // why: reverse draws the large marker first, so it rings the point and the σ label stays on top
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        }
        ValueMarker chance = new ValueMarker(0.5, CHANCE, CHANCE_STROKE);
        chance.setLabel("chance");
        chance.setLabelFont(ITEM_LABEL_FONT);
        chance.setLabelPaint(CHANCE);
        chance.setLabelBackgroundColor(new Color(0, 0, 0, 0));
        chance.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        chance.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        // why: an AUC of 0.5 is a blind attack; the marker shows it only when the frontier reaches near it
        plot.addDomainMarker(chance);
        return chart(title, plot);
    }

    private static boolean sameSigma(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.abs(a));
    }

    /** A sigma as short as it reads: {@code 0.5}, {@code 2}, {@code 0.001}, {@code 1E-5}. */
    static String sigma(double sigma) {
        double abs = Math.abs(sigma);
        if (abs != 0 && (abs < 1e-3 || abs >= 1e6)) {
            return decimalFormat("0.##E0").format(sigma);
        }
        return decimalFormat("0.####").format(sigma);
    }

    private static Shape circle(double diameter) {
        return new Ellipse2D.Double(-diameter / 2, -diameter / 2, diameter, diameter);
    }

    // ---------------------------------------------------------------- common

    private static void styleAxis(ValueAxis axis) {
        axis.setLabelFont(AXIS_LABEL_FONT);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelFont(TICK_LABEL_FONT);
        axis.setTickLabelPaint(Color.DARK_GRAY);
        axis.setAxisLinePaint(OUTLINE);
        axis.setTickMarkPaint(OUTLINE);
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(OUTLINE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(null, TITLE_FONT, plot, true);
        if (title != null) {
            TextTitle text = new TextTitle(title, TITLE_FONT);
            text.setPaint(Color.BLACK);
            text.setPadding(new RectangleInsets(4, 4, 8, 4));
            chart.setTitle(text);
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 16));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        // why: pure stroke control puts thin lines where they are, not snapped to whole pixels
        chart.getRenderingHints().put(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        chart.getRenderingHints().put(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);

        LegendTitle legend = chart.getLegend();
        legend.setItemFont(LEGEND_FONT);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setFrame(BlockBorder.NONE);
        legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
        return chart;
    }

    /** Whether {@code file} asks for SVG (its name ends in {@code .svg}); anything else is PNG. */
    private static boolean isSvg(Path file) {
        return String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT).endsWith(".svg");
    }

    /**
     * Writes any JFreeChart (a workbench chart, say) to {@code file}: SVG when its name ends in {@code .svg},
     * else PNG, at 900 × 600, atomically.
     */
    public static void export(JFreeChart chart, Path file) throws IOException {
        write(file, chart);
    }

    /**
     * Renders {@code chart} into a temporary file beside {@code png} and moves it into place, atomically where
     * the file system allows, so an interrupted write never leaves a half-written PNG under the final name.
     */
    private static void write(Path png, JFreeChart chart) throws IOException {
        Objects.requireNonNull(png, "png");
        Path target = png.toAbsolutePath();
        Files.createDirectories(target.getParent());
        byte[] bytes;
        if (isSvg(target)) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(g, new java.awt.Rectangle(WIDTH, HEIGHT));
            bytes = g.getSVGDocument().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            bytes = png(chart);
        }
        AtomicFiles.standard().write(target, bytes);
    }

    /** {@code chart} as a PNG of the usual size, in memory: the HTML report embeds it without any file. */
    static byte[] png(JFreeChart chart) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return out.toByteArray();
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static DecimalFormat decimalFormat(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }
}
