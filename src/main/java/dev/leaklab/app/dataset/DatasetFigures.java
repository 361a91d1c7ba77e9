package dev.leaklab.app.dataset;

import dev.leaklab.core.data.DatasetStats;
import java.util.Locale;

/**
 * The class-balance and duplicate figures of a dataset, formatted for the figure cards.
 *
 * @param samples         all samples; detail: how many distinct bodies were written
 * @param vulnerable      samples labelled vulnerable; detail: their share
 * @param notVulnerable   samples labelled not vulnerable; detail: their share
 * @param distinct        distinct bodies after normalisation
 * @param duplicates      samples whose normalised body occurred before; detail: their share
 * @param conflicting     normalised bodies that occur with both labels
 * @param tokens          token length: minimum, median and maximum
 * @param vulnerableShare the vulnerable fraction, 0 to 1, for the class-balance bar
 * @param stats           the figures unformatted, or {@code null} before anything is loaded
 */
public record DatasetFigures(Figure samples, Figure vulnerable, Figure notVulnerable, Figure distinct,
                             Figure duplicates, Figure conflicting, Figure tokens, double vulnerableShare,
                             DatasetStats stats) {

    /** What the cards show before a dataset is loaded. */
    public static final DatasetFigures EMPTY = new DatasetFigures(Figure.NONE, Figure.NONE, Figure.NONE,
            Figure.NONE, Figure.NONE, Figure.NONE, Figure.NONE, 0, null);

    /** The figures of {@code stats}. */
    public static DatasetFigures of(DatasetStats stats) {
        long n = stats.samples();
        return new DatasetFigures(
                new Figure(count(n), count(stats.distinctRaw()) + " distinct as written"),
                new Figure(count(stats.vulnerable()), percent(stats.vulnerable(), n)),
                new Figure(count(stats.notVulnerable()), percent(stats.notVulnerable(), n)),
                new Figure(count(stats.distinct()), "after normalisation"),
                new Figure(count(stats.duplicates()), percent(stats.duplicates(), n) + " of samples"),
                new Figure(count(stats.conflicting()), "bodies with both labels"),
                new Figure(stats.minTokens() + " · " + stats.medianTokens() + " · " + stats.maxTokens(),
                        "min · median · max"),
                n == 0 ? 0 : (double) stats.vulnerable() / n,
                stats);
    }

    /** A whole number with thousands separators, as {@code 4,000}. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code part} as a percentage of {@code whole} with one decimal, as {@code 50.0%}. */
    public static String percent(long part, long whole) {
        return whole == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /**
     * One card's figure.
     *
     * @param value  the large number
     * @param detail a short line under it
     */
    public record Figure(String value, String detail) {
        /** A figure not known yet. */
        public static final Figure NONE = new Figure("–", "");
    }
}
