package dev.leaklab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The ROC curve against definitions computed the slow, obvious way, on small inputs full of ties (scores drawn
 * from a handful of values, so ties inside and across the classes are the rule, not the exception).
 */
class RocCurveProperties {

    /** Scores and labels of one small sample set. */
    record Samples(double[] scores, boolean[] positives) {

        int count(boolean positive) {
            int c = 0;
            for (boolean p : positives) {
                c += p == positive ? 1 : 0;
            }
            return c;
        }

        boolean bothClasses() {
            return count(true) > 0 && count(false) > 0;
        }

        Samples negated() {
            double[] negated = new double[scores.length];
            for (int i = 0; i < scores.length; i++) {
                negated[i] = -scores[i];
            }
            return new Samples(negated, positives);
        }

        @Override
        public String toString() {
            return "Samples[scores=" + Arrays.toString(scores) + ", positives=" + Arrays.toString(positives) + "]";
        }
    }

    /** One sample: a score and whether it is positive. */
    record Sample(double score, boolean positive) {
    }

    @Provide
    Arbitrary<Samples> tiedSamples() {
        // why: 5 levels (including -0.0 next to 0.0) over up to 40 samples force ties everywhere
        return samples(Arbitraries.of(-1.5, -0.0, 0.0, 0.25, 3.0), 40);
    }

    @Provide
    Arbitrary<Samples> spreadSamples() {
        return samples(Arbitraries.doubles().between(-1e6, 1e6), 60);
    }

    // why: a list of (score, label) pairs rather than a flatMap over the size, so that jqwik shrinks a
    // failure quickly to a few samples
    private static Arbitrary<Samples> samples(Arbitrary<Double> score, int maxSize) {
        return Combinators.combine(score, Arbitraries.of(true, false)).as(Sample::new)
                .list().ofMinSize(2).ofMaxSize(maxSize)
                .map(RocCurveProperties::samples);
    }

    private static Samples samples(List<Sample> list) {
        double[] scores = new double[list.size()];
        boolean[] positives = new boolean[list.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = list.get(i).score();
            positives[i] = list.get(i).positive();
        }
        return new Samples(scores, positives);
    }

    /** The Mann–Whitney U statistic over {@code P * N}: ranked-right pairs count 1, tied pairs 1/2. */
    private static double mannWhitney(Samples s) {
        double u = 0;
        for (int i = 0; i < s.scores().length; i++) {
            for (int j = 0; j < s.scores().length; j++) {
                if (s.positives()[i] && !s.positives()[j]) {
                    double a = s.scores()[i];
                    double b = s.scores()[j];
                    u += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
        }
        return u / ((double) s.count(true) * s.count(false));
    }

    @Property(tries = 500)
    void aucEqualsTheMannWhitneyPairCount(@ForAll("tiedSamples") Samples s) {
        Assume.that(s.bothClasses());
        assertThat(RocCurve.of(s.scores(), s.positives()).auc()).isCloseTo(mannWhitney(s), within(1e-12));
    }

    @Property(tries = 300)
    void aucEqualsTheMannWhitneyPairCountWithoutTies(@ForAll("spreadSamples") Samples s) {
        Assume.that(s.bothClasses());
        assertThat(RocCurve.of(s.scores(), s.positives()).auc()).isCloseTo(mannWhitney(s), within(1e-12));
    }

    @Property(tries = 500)
    void negatingTheScoresMirrorsTheAuc(@ForAll("tiedSamples") Samples s) {
        Assume.that(s.bothClasses());
        double auc = RocCurve.of(s.scores(), s.positives()).auc();
        double mirrored = RocCurve.of(s.negated().scores(), s.positives()).auc();
        assertThat(auc + mirrored).isCloseTo(1.0, within(1e-12));
    }

    @Property(tries = 500)
    void eachPointIsTheRatesOfScoreAtLeastItsThreshold(@ForAll("tiedSamples") Samples s) {
        checkPointsByBruteForce(s);
    }

    @Property(tries = 300)
    void eachPointIsTheRatesOfScoreAtLeastItsThresholdWithoutTies(@ForAll("spreadSamples") Samples s) {
        checkPointsByBruteForce(s);
    }

    private static void checkPointsByBruteForce(Samples s) {
        Assume.that(s.bothClasses());
        RocCurve roc = RocCurve.of(s.scores(), s.positives());
        double[] fpr = roc.fpr();
        double[] tpr = roc.tpr();
        double[] thresholds = roc.thresholds();
        assertThat(thresholds[0]).isEqualTo(Double.POSITIVE_INFINITY);
        long distinct = Arrays.stream(s.scores()).map(x -> x + 0.0).distinct().count();
        assertThat(roc.size()).isEqualTo(distinct + 1);
        double bestGap = 0;
        for (int k = 0; k < roc.size(); k++) {
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < s.scores().length; i++) {
                if (s.scores()[i] >= thresholds[k]) {
                    tp += s.positives()[i] ? 1 : 0;
                    fp += s.positives()[i] ? 0 : 1;
                }
            }
            assertThat(tpr[k]).isEqualTo((double) tp / s.count(true));
            assertThat(fpr[k]).isEqualTo((double) fp / s.count(false));
            bestGap = Math.max(bestGap, tpr[k] - fpr[k]);
        }
        assertThat(roc.advantage()).isEqualTo(bestGap);
    }

    @Property(tries = 200)
    void tprAtFprNeverFallsAsTheBudgetGrows(@ForAll("tiedSamples") Samples s,
                                            @ForAll @IntRange(min = 0, max = 100) int percent) {
        Assume.that(s.bothClasses());
        RocCurve roc = RocCurve.of(s.scores(), s.positives());
        double budget = percent / 100.0;
        assertThat(roc.tprAtFpr(Math.min(1, budget + 0.05))).isGreaterThanOrEqualTo(roc.tprAtFpr(budget));
        assertThat(roc.tprAtFpr(1)).isEqualTo(1.0);
    }

    @Property(tries = 200)
    void thinningKeepsTheEndsAndTheBudget(@ForAll("spreadSamples") Samples s,
                                          @ForAll @IntRange(min = 2, max = 20) int maxPoints) {
        Assume.that(s.bothClasses());
        RocCurve roc = RocCurve.of(s.scores(), s.positives());
        RocCurve thin = roc.thinned(maxPoints);
        assertThat(thin.size()).isLessThanOrEqualTo(maxPoints).isLessThanOrEqualTo(roc.size());
        assertThat(thin.thresholds()[0]).isEqualTo(roc.thresholds()[0]);
        assertThat(thin.thresholds()[thin.size() - 1]).isEqualTo(roc.thresholds()[roc.size() - 1]);
    }
}
