package dev.leaklab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    private static final Offset<Double> EXACT = within(1e-12);
    private static final double INF = Double.POSITIVE_INFINITY;

    private static boolean[] labels(int... bits) {
        boolean[] b = new boolean[bits.length];
        for (int i = 0; i < bits.length; i++) {
            b[i] = bits[i] == 1;
        }
        return b;
    }

    private static void assertPoints(RocCurve roc, double[] fpr, double[] tpr, double[] thresholds) {
        assertThat(roc.fpr()).containsExactly(fpr, EXACT);
        assertThat(roc.tpr()).containsExactly(tpr, EXACT);
        assertThat(roc.thresholds()).containsExactly(thresholds, EXACT);
    }

    @Test
    void matchesScikitLearnOnItsDocumentationExample() {
        // sklearn: roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], drop_intermediate=False)
        // descending: 0.8 (pos) -> tp 1; 0.4 (neg) -> fp 1; 0.35 (pos) -> tp 2; 0.1 (neg) -> fp 2; each count
        // is divided by 2 positives / 2 negatives, after the (0, 0) point at +inf
        RocCurve roc = RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, labels(0, 0, 1, 1));
        assertPoints(roc,
                new double[] {0, 0, 0.5, 0.5, 1},
                new double[] {0, 0.5, 0.5, 1, 1},
                new double[] {INF, 0.8, 0.4, 0.35, 0.1});
        // trapezoids: 0.5 wide at height 0.5, then 0.5 wide at height 1
        assertThat(roc.auc()).isCloseTo(0.75, EXACT);
    }

    @Test
    void allTiedScoresGiveOneDiagonalStepAndHalfCredit() {
        // one distinct score: every sample enters at once, so (0, 0) -> (1, 1) is a single diagonal step
        RocCurve roc = RocCurve.of(new double[] {0.5, 0.5, 0.5, 0.5}, labels(0, 1, 0, 1));
        assertPoints(roc, new double[] {0, 1}, new double[] {0, 1}, new double[] {INF, 0.5});
        assertThat(roc.auc()).isCloseTo(0.5, EXACT);
    }

    @Test
    void aTieAcrossClassesAtAMiddleThresholdIsOneDiagonalSegment() {
        // positives 0.9, 0.7, 0.3; negatives 0.7, 0.7, 0.1. Descending:
        //   0.9: tp 1, fp 0 -> (0, 1/3)
        //   0.7: one positive and two negatives together: tp 2, fp 2 -> (2/3, 2/3), a diagonal segment
        //   0.3: tp 3 -> (2/3, 1);   0.1: fp 3 -> (1, 1)
        // area: 2/3 * (1/3 + 2/3) / 2 + 1/3 * 1 = 2/3; Mann-Whitney: (3 + (1 + 1/2 + 1/2) + 1) / 9 = 6/9
        RocCurve roc = RocCurve.of(new double[] {0.9, 0.7, 0.7, 0.3, 0.7, 0.1}, labels(1, 1, 0, 1, 0, 0));
        assertPoints(roc,
                new double[] {0, 0, 2.0 / 3, 2.0 / 3, 1},
                new double[] {0, 1.0 / 3, 2.0 / 3, 1, 1},
                new double[] {INF, 0.9, 0.7, 0.3, 0.1});
        assertThat(roc.auc()).isCloseTo(2.0 / 3, EXACT);
    }

    @Test
    void negativeZeroAndZeroAreOneThreshold() {
        // NumPy compares -0.0 == 0.0, so sklearn sees a single tied score here
        RocCurve roc = RocCurve.of(new double[] {-0.0, 0.0}, labels(1, 0));
        assertThat(roc.size()).isEqualTo(2);
        assertThat(roc.auc()).isCloseTo(0.5, EXACT);
    }

    @Test
    void perfectScoresGiveAucOne() {
        // descending 0.9 (pos), 0.8 (pos), 0.2 (neg), 0.1 (neg)
        RocCurve roc = RocCurve.of(new double[] {0.2, 0.9, 0.1, 0.8}, labels(0, 1, 0, 1));
        assertPoints(roc,
                new double[] {0, 0, 0, 0.5, 1},
                new double[] {0, 0.5, 1, 1, 1},
                new double[] {INF, 0.9, 0.8, 0.2, 0.1});
        assertThat(roc.auc()).isCloseTo(1.0, EXACT);
        assertThat(roc.advantage()).isCloseTo(1.0, EXACT);
        assertThat(roc.tprAtFpr(0)).isCloseTo(1.0, EXACT);
    }

    @Test
    void invertedScoresGiveAucZero() {
        RocCurve roc = RocCurve.of(new double[] {0.2, 0.9, 0.1, 0.8}, labels(1, 0, 1, 0));
        assertPoints(roc,
                new double[] {0, 0.5, 1, 1, 1},
                new double[] {0, 0, 0, 0.5, 1},
                new double[] {INF, 0.9, 0.8, 0.2, 0.1});
        assertThat(roc.auc()).isCloseTo(0.0, EXACT);
        assertThat(roc.advantage()).isCloseTo(0.0, EXACT);
        assertThat(roc.tprAtFpr(0.99)).isCloseTo(0.0, EXACT);
    }

    @Test
    void tprAtFprTakesTheLastPointWithinTheBudget() {
        // points (0,0) (0,.5) (.5,.5) (.5,1) (1,1)
        RocCurve roc = RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, labels(0, 0, 1, 1));
        assertThat(roc.tprAtFpr(0)).isCloseTo(0.5, EXACT);
        assertThat(roc.tprAtFpr(0.49)).isCloseTo(0.5, EXACT);
        assertThat(roc.tprAtFpr(0.5)).isCloseTo(1.0, EXACT);
        assertThat(roc.tprAtFpr(1)).isCloseTo(1.0, EXACT);
    }

    @Test
    void tprAtOnePercentFprAllowsExactlyOneFalsePositiveInAHundred() {
        // 100 negatives scored 0..99; positives 202, 201, 200 beat them all, 98.5 comes right after the top
        // negative (99), 50.5 and 10.5 later. At FPR 1% (one false positive, at threshold 98.5) 4 of 6 are hit.
        double[] scores = new double[106];
        boolean[] positives = new boolean[106];
        for (int i = 0; i < 100; i++) {
            scores[i] = i;
        }
        double[] pos = {202, 201, 200, 98.5, 50.5, 10.5};
        for (int k = 0; k < pos.length; k++) {
            scores[100 + k] = pos[k];
            positives[100 + k] = true;
        }
        RocCurve roc = RocCurve.of(scores, positives);
        assertThat(roc.tprAtFpr(0)).isCloseTo(0.5, EXACT);
        assertThat(roc.tprAtFpr(0.001)).isCloseTo(0.5, EXACT);
        assertThat(roc.tprAtFpr(0.01)).isCloseTo(4.0 / 6, EXACT);
    }

    @Test
    void tprAtFprLeavesOutATiedStepThatCrossesTheBudget() {
        // the 0.7 tie jumps from FPR 0 to 2/3 in one step, so a budget of 1/2 cannot use it
        RocCurve roc = RocCurve.of(new double[] {0.9, 0.7, 0.7, 0.3, 0.7, 0.1}, labels(1, 1, 0, 1, 0, 0));
        assertThat(roc.tprAtFpr(0.5)).isCloseTo(1.0 / 3, EXACT);
        assertThat(roc.tprAtFpr(2.0 / 3)).isCloseTo(1.0, EXACT);
    }

    @Test
    void tprAtFprRejectsABudgetOutsideZeroToOne() {
        RocCurve roc = RocCurve.of(new double[] {0.1, 0.9}, labels(0, 1));
        assertThatThrownBy(() -> roc.tprAtFpr(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximum FPR must be in [0, 1]; got 1.5");
        assertThatThrownBy(() -> roc.tprAtFpr(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void advantageIsTheLargestGapBetweenTprAndFpr() {
        // tpr - fpr over the points: 0, 0.5, 0, 0.5, 0
        assertThat(RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, labels(0, 0, 1, 1)).advantage())
                .isCloseTo(0.5, EXACT);
        // (0, 1/3), (2/3, 2/3), (2/3, 1): best 1/3
        assertThat(RocCurve.of(new double[] {0.9, 0.7, 0.7, 0.3, 0.7, 0.1}, labels(1, 1, 0, 1, 0, 0))
                .advantage()).isCloseTo(1.0 / 3, EXACT);
        assertThat(RocCurve.of(new double[] {0.5, 0.5}, labels(0, 1)).advantage()).isCloseTo(0.0, EXACT);
    }

    @Test
    void advantageCanLieAtALowThreshold() {
        // descending 0.9 neg, 0.8 pos, 0.7 neg, 0.6 pos, 0.5 pos, 0.4 neg: points (0,0) (1/3,0) (1/3,1/3)
        // (2/3,1/3) (2/3,2/3) (2/3,1) (1,1); tpr - fpr is 0, -1/3, 0, -1/3, 0, 1/3, 0, so only flagging all
        // but the lowest score beats guessing
        RocCurve roc = RocCurve.of(new double[] {0.9, 0.8, 0.7, 0.6, 0.5, 0.4}, labels(0, 1, 0, 1, 1, 0));
        assertThat(roc.advantage()).isCloseTo(1.0 / 3, EXACT);
        // pairs ranked right: 0.8 over 0.7 and 0.4, 0.6 over 0.4, 0.5 over 0.4
        assertThat(roc.auc()).isCloseTo(4.0 / 9, EXACT);
    }

    @Test
    void rejectsArraysOfDifferentLength() {
        assertThatThrownBy(() -> RocCurve.of(new double[] {0.1, 0.2, 0.3}, labels(0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores and labels differ in length: 3 scores, 2 labels");
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> RocCurve.of(new double[0], new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no samples: metrics need at least one score and label");
    }

    @Test
    void rejectsNanAndInfiniteScoresByIndex() {
        double[] scores = new double[20];
        boolean[] positives = new boolean[20];
        positives[0] = true;
        scores[17] = Double.NaN;
        assertThatThrownBy(() -> RocCurve.of(scores, positives)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score 17 is NaN");
        scores[17] = 0;
        scores[3] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> RocCurve.of(scores, positives)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score 3 is infinite (-Infinity)");
    }

    @Test
    void rejectsASingleClassInsteadOfReturningAnAuc() {
        double[] scores = new double[10];
        boolean[] all = new boolean[10];
        assertThatThrownBy(() -> RocCurve.of(scores, all)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROC needs both positives and negatives; all 10 are negative");
        Arrays.fill(all, true);
        assertThatThrownBy(() -> RocCurve.of(scores, all)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROC needs both positives and negatives; all 10 are positive");
    }

    @Test
    void constructorRejectsArraysThatAreNotACurve() {
        assertThatThrownBy(() -> new RocCurve(new double[] {0, 1}, new double[] {0, 1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROC arrays differ in length: 2 fpr, 2 tpr, 1 thresholds");
        assertThatThrownBy(() -> new RocCurve(new double[] {0, 0.5, 0.4, 1}, new double[] {0, 0.5, 0.6, 1},
                new double[] {4, 3, 2, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROC point 2 (0.4, 0.6) goes back from (0.5, 0.5)");
        assertThatThrownBy(() -> new RocCurve(new double[] {0, 0.5}, new double[] {0, 1}, new double[] {2, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ROC curve runs from (0, 0) to (1, 1); got (0.0, 0.0) to (0.5, 1.0)");
        assertThatThrownBy(() -> new RocCurve(new double[] {0, 1}, new double[] {0, 1}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROC threshold 1 (1.0) is not below the previous one (1.0)");
    }

    @Test
    void isImmutable() {
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        RocCurve roc = RocCurve.of(scores, labels(0, 0, 1, 1));
        roc.tpr()[1] = 0.9;
        scores[0] = 5;
        assertThat(roc.tpr()[1]).isEqualTo(0.5);
        assertThat(roc).isEqualTo(RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, labels(0, 0, 1, 1)));
    }

    private static RocCurve randomCurve(int n, long seed) {
        Random random = new Random(seed);
        double[] scores = new double[n];
        boolean[] positives = new boolean[n];
        for (int i = 0; i < n; i++) {
            positives[i] = random.nextBoolean();
            scores[i] = random.nextGaussian() + (positives[i] ? 0.8 : 0);
        }
        return RocCurve.of(scores, positives);
    }

    @Test
    void thinnedKeepsEndpointsTheBoundAndTheArea() {
        RocCurve full = randomCurve(20_000, 20_240_611L);
        assertThat(full.size()).isEqualTo(20_001);
        RocCurve thin = full.thinned(200);
        assertThat(thin.size()).isLessThanOrEqualTo(200).isGreaterThan(100);
        assertThat(thin.fpr()[0]).isZero();
        assertThat(thin.tpr()[0]).isZero();
        assertThat(thin.thresholds()[0]).isEqualTo(INF);
        assertThat(thin.fpr()[thin.size() - 1]).isEqualTo(1.0);
        assertThat(thin.tpr()[thin.size() - 1]).isEqualTo(1.0);
        assertThat(thin.thresholds()[thin.size() - 1]).isEqualTo(full.thresholds()[full.size() - 1]);
        assertThat(thin.auc()).isCloseTo(full.auc(), within(1e-3));
    }

    @Test
    void thinnedKeepsCornersAndDropsCollinearPoints() {
        // (0,0) (0,.5) (.5,.5) (.5,1) (1,1): from the diagonal chord, (0,.5) and (.5,1) stand 0.5/sqrt(2)
        // away and (.5,.5) lies on it; of the two equal corners the earlier one is kept first
        RocCurve roc = RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, labels(0, 0, 1, 1));
        RocCurve three = roc.thinned(3);
        assertThat(three.fpr()).containsExactly(0, 0, 1);
        assertThat(three.tpr()).containsExactly(0, 0.5, 1);
        assertThat(three.thresholds()).containsExactly(INF, 0.8, 0.1);
        assertThat(roc.thinned(2).size()).isEqualTo(2);
        // points on a straight line add nothing to the picture, so they go even under budget
        RocCurve diagonal = new RocCurve(new double[] {0, 0.25, 0.5, 1}, new double[] {0, 0.25, 0.5, 1},
                new double[] {4, 3, 2, 1});
        assertThat(diagonal.thinned(3).size()).isEqualTo(2);
    }

    @Test
    void thinnedReturnsTheCurveItselfWhenItIsSmallEnough() {
        RocCurve roc = RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, labels(0, 0, 1, 1));
        assertThat(roc.thinned(5)).isSameAs(roc);
        assertThatThrownBy(() -> roc.thinned(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a thinned ROC curve needs at least 2 points; asked for 1");
    }

    @Test
    void twentyThousandScoresTakeMilliseconds() {
        Random random = new Random(7);
        double[] scores = new double[20_000];
        boolean[] positives = new boolean[20_000];
        for (int i = 0; i < scores.length; i++) {
            positives[i] = random.nextBoolean();
            scores[i] = random.nextDouble();
        }
        // why: a loose bound (50 curves in 2 s, including JIT warm-up) that still fails an O(n^2) sort
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int r = 0; r < 50; r++) {
                assertThat(RocCurve.of(scores, positives).auc()).isBetween(0.4, 0.6);
            }
        });
    }
}
