package dev.leaklab.core.metrics;

import java.util.Arrays;

/**
 * The members' and the non-members' distributions of an attack's score, binned over one shared range, each as
 * the share of its own group per bin (so groups of different sizes compare): the picture of a leak, two humps
 * that sit apart when the attack can tell them apart and on top of each other when it cannot.
 *
 * <p>Immutable: the constructor and the accessors copy the arrays.
 *
 * @param low        the left edge of the first bin
 * @param high       the right edge of the last bin, above {@code low}
 * @param members    the share of members in each bin, summing to 1 (or all 0 for no members)
 * @param nonMembers the share of non-members in each bin, as many bins
 */
public record ScoreBins(double low, double high, double[] members, double[] nonMembers) {

    /** Bins a histogram shows by default: enough for shape, few enough to read on a projector. */
    public static final int DEFAULT_BINS = 40;

    /** Copies the arrays and checks them. */
    public ScoreBins {
        if (!(high > low) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("bins need a finite range with high > low, got [" + low + ", " + high
                    + "]");
        }
        if (members.length == 0 || members.length != nonMembers.length) {
            throw new IllegalArgumentException("bins: " + members.length + " member bins, " + nonMembers.length
                    + " non-member bins");
        }
        members = members.clone();
        nonMembers = nonMembers.clone();
    }

    @Override
    public double[] members() {
        return members.clone();
    }

    @Override
    public double[] nonMembers() {
        return nonMembers.clone();
    }

    /** The number of bins. */
    public int bins() {
        return members.length;
    }

    /** The width of one bin. */
    public double width() {
        return (high - low) / members.length;
    }

    /** The left edge of bin {@code i}. */
    public double left(int i) {
        return low + i * width();
    }

    /**
     * The overlap of the two distributions, from 0 (apart: the score alone tells members) to 1 (the same).
     */
    public double overlap() {
        double o = 0;
        for (int i = 0; i < members.length; i++) {
            o += Math.min(members[i], nonMembers[i]);
        }
        return o;
    }

    /**
     * Bins {@code scores} (members first), over the range of the scores and of {@code alsoCover} together, so a
     * defended distribution can be shown on its undefended one's axis. The range is cut to the central
     * {@link #KEPT} of the scores when there are enough of them, so a few outliers (a loss of 24 among losses
     * near 0) do not squash the rest into one bar; scores outside count in the end bins. Scores that are not
     * finite are left out.
     *
     * @param scores    the attack's scores, the first {@code members} of them the members'
     * @param members   how many of {@code scores} are members'
     * @param bins      the number of bins, at least 1
     * @param alsoCover a range ({@link #centralRange}, low then high) the bins must cover too (the undefended
     *                  scores'), or {@code null}
     */
    public static ScoreBins of(double[] scores, int members, int bins, double[] alsoCover) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        if (members < 0 || members > scores.length) {
            throw new IllegalArgumentException("members must be 0 to " + scores.length + ", got " + members);
        }
        double[] range = centralRange(scores);
        double lo = range[0];
        double hi = range[1];
        if (alsoCover != null) {
            lo = Math.min(lo, alsoCover[0]);
            hi = Math.max(hi, alsoCover[1]);
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo <= Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))) * 8) {
            // why: one value everywhere still draws as one bar, in the middle of a range around it
            double half = Math.max(Math.abs(lo), 1.0) * 1e-3;
            lo -= half;
            hi += half;
        }
        double[] in = new double[bins];
        double[] out = new double[bins];
        double scale = bins / (hi - lo);
        long nIn = 0;
        long nOut = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (!Double.isFinite(s)) {
                continue;
            }
            int b = Math.min(bins - 1, Math.max(0, (int) ((s - lo) * scale)));
            if (i < members) {
                in[b]++;
                nIn++;
            } else {
                out[b]++;
                nOut++;
            }
        }
        normalise(in, nIn);
        normalise(out, nOut);
        return new ScoreBins(lo, hi, in, out);
    }

    /** The share of the scores the range keeps when there are at least {@link #TRIM_FROM} of them. */
    public static final double KEPT = 0.99;
    /** Fewer scores than this keep their whole range. */
    static final int TRIM_FROM = 200;

    /**
     * The low and high ends of the finite scores' central {@link #KEPT} (all of them when there are fewer than
     * {@link #TRIM_FROM}), or +inf, -inf when none is finite.
     */
    public static double[] centralRange(double[] scores) {
        // why: this thread's working array and a radix sort: at every slider move, a fresh copy sorted by
        // Arrays.sort was a quarter of the evaluation's time
        double[] finite = RadixSort.scratch().doubles(scores.length);
        int n = 0;
        for (double s : scores) {
            if (Double.isFinite(s)) {
                finite[n++] = s;
            }
        }
        if (n == 0) {
            return new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        }
        RadixSort.sort(finite, 0, n);
        if (n < TRIM_FROM) {
            return new double[] {finite[0], finite[n - 1]};
        }
        int cut = (int) Math.floor(n * (1 - KEPT) / 2);
        return new double[] {finite[cut], finite[n - 1 - cut]};
    }

    private static void normalise(double[] counts, long total) {
        if (total > 0) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] /= total;
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScoreBins b && low == b.low && high == b.high && Arrays.equals(members, b.members)
                && Arrays.equals(nonMembers, b.nonMembers);
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(low) * 31 + Double.hashCode(high)) * 31 + Arrays.hashCode(members) * 17
                + Arrays.hashCode(nonMembers);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "ScoreBins[%d bins over %.4g..%.4g, overlap %.3f]", bins(), low,
                high, overlap());
    }
}
