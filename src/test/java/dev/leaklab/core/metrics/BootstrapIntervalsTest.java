package dev.leaklab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap intervals: their coverage of a known true value over simulated experiments, their agreement
 * with {@link RocCurve} on the point estimates, and what they say when an FPR rests on a handful of samples.
 */
public class BootstrapIntervalsTest {

    /** Standard normal CDF (Zelen and Severo, 26.2.17; error below 7.5e-8). */
    public static double phi(double x) {
        double t = 1 / (1 + 0.2316419 * Math.abs(x));
        double d = 0.3989422804014327 * Math.exp(-x * x / 2);
        double tail = d * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978
                + t * 1.330274429))));
        return x >= 0 ? 1 - tail : tail;
    }

    /** Inverse of {@link #phi}, by bisection. */
    public static double phiInverse(double p) {
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (phi(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double[] normal(Random random, int n, double mean) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + random.nextGaussian();
        }
        return v;
    }

    @Test
    void intervalsCoverTheTrueAucAndTprInAtLeast90PercentOf200Trials() {
        // members ~ N(d, 1), non-members ~ N(0, 1): AUC = Φ(d / √2), TPR at FPR f = 1 - Φ(Φ⁻¹(1 - f) - d)
        double d = 1.0;
        double trueAuc = phi(d / Math.sqrt(2));
        double trueTpr1 = 1 - phi(phiInverse(0.99) - d);
        Random random = new Random(2024);
        int aucHits = 0;
        int tprHits = 0;
        int trials = 200;
        for (int t = 0; t < trials; t++) {
            double[] members = normal(random, 1_000, d);
            double[] nonMembers = normal(random, 1_000, 0);
            BootstrapIntervals ci = BootstrapIntervals.of(members, nonMembers, 400, 0.95, t);
            aucHits += ci.auc().contains(trueAuc) ? 1 : 0;
            tprHits += ci.tprAt1pctFpr().contains(trueTpr1) ? 1 : 0;
        }
        assertThat(aucHits).as("AUC intervals covering %.4f", trueAuc).isGreaterThanOrEqualTo(180);
        assertThat(tprHits).as("TPR at 1%% FPR intervals covering %.4f", trueTpr1).isGreaterThanOrEqualTo(180);
    }

    @Test
    void intervalsHoldTheRocCurvesOwnFiguresAndAreSeeded() {
        Random random = new Random(5);
        double[] members = normal(random, 700, 0.8);
        double[] nonMembers = normal(random, 1_300, 0);
        // ties across the classes, which the ROC counts half
        members[0] = nonMembers[0];
        members[1] = nonMembers[1];
        boolean[] positives = new boolean[2_000];
        double[] all = new double[2_000];
        for (int i = 0; i < 700; i++) {
            all[i] = members[i];
            positives[i] = true;
        }
        System.arraycopy(nonMembers, 0, all, 700, 1_300);
        RocCurve roc = RocCurve.of(all, positives);
        BootstrapIntervals ci = BootstrapIntervals.of(members, nonMembers, 11);
        assertThat(ci.auc().contains(roc.auc())).isTrue();
        assertThat(ci.tprAt1pctFpr().contains(roc.tprAtFpr(0.01))).isTrue();
        assertThat(ci.auc().high() - ci.auc().low()).isBetween(0.02, 0.08);
        assertThat(BootstrapIntervals.of(members, nonMembers, 11)).isEqualTo(ci);
        assertThat(BootstrapIntervals.of(members, nonMembers, 12)).isNotEqualTo(ci);
    }

    @Test
    void aTprAtAnFprFinerThanTheNonMembersCanResolveIsFlagged() {
        Random random = new Random(9);
        BootstrapIntervals few = BootstrapIntervals.of(normal(random, 500, 1), normal(random, 500, 0), 3);
        assertThat(few.nonMembersAt01pctFpr()).isEqualTo(0.5);
        assertThat(few.tprAt01pctFprUnresolved()).isTrue();
        BootstrapIntervals four = BootstrapIntervals.of(normal(random, 4_000, 1), normal(random, 4_000, 0), 3);
        assertThat(four.nonMembersAt01pctFpr()).isEqualTo(4.0);
        assertThat(four.tprAt01pctFprUnresolved()).isFalse();
        // four false positives allowed: the interval is wide
        assertThat(four.tprAt01pctFpr().high() - four.tprAt01pctFpr().low()).isGreaterThan(0.03);
    }

    @Test
    void badInputIsRefusedInOneLine() {
        assertThatThrownBy(() -> BootstrapIntervals.of(new double[0], new double[] {1}, 1))
                .hasMessageContaining("members and non-members");
        assertThatThrownBy(() -> BootstrapIntervals.of(new double[] {1}, new double[] {Double.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BootstrapIntervals.of(new double[] {1}, new double[] {0}, 5, 0.95, 1))
                .hasMessageContaining("at least 10 resamples");
        assertThatThrownBy(() -> BootstrapIntervals.of(new double[] {1}, new double[] {0}, 100, 1.5, 1))
                .hasMessageContaining("level");
    }
}
