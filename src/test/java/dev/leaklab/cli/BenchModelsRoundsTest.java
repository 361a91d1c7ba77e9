package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How `bench models --repeat` summarises its rounds. */
class BenchModelsRoundsTest {

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(BenchCommand.Models.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(BenchCommand.Models.median(new double[] {4, 1, 3, 10})).isEqualTo(3.5);
        assertThat(BenchCommand.Models.median(new double[] {7})).isEqualTo(7);
    }

    @Test
    void aSpeedUpIsTakenWithinEachRoundBeforeTheMedian() {
        // the machine runs twice as fast in round two: within rounds the ratios are 1.9, 2.1 and 200 / 110,
        // median 1.9; the ratio of the medians (200 / 110) would mix rounds
        double[] one = {100, 200, 110};
        double[] two = {190, 420, 200};
        assertThat(BenchCommand.Models.ratios(two, one)).containsExactly(1.9, 2.1, 200 / 110.0);
        assertThat(BenchCommand.Models.median(BenchCommand.Models.ratios(two, one))).isEqualTo(1.9);
    }

    @Test
    void smallModelsAreTimedOverMoreBatchesBigOnesOverAtLeastSixteen() {
        dev.leaklab.core.model.ModelConfig small =
                dev.leaklab.core.model.ModelConfig.defaults(dev.leaklab.core.model.Architecture.BIGRU);
        dev.leaklab.core.model.ModelConfig encoder =
                dev.leaklab.core.model.ModelConfig.defaults(dev.leaklab.core.model.Architecture.CODEBERT);
        int smallBatches = BenchCommand.Models.timedBatches(small, 100);
        // about two seconds at 50 GFLOP/s: 3 passes x nominal forward arithmetic x batch per batch
        double perBatch = 3 * dev.leaklab.core.model.array.ModelBenchmark.forwardFlops(small) * small.batchSize() / 50e9;
        assertThat(smallBatches).isGreaterThan(BenchCommand.Models.MIN_BATCHES)
                .isEqualTo((int) Math.ceil(BenchCommand.Models.TARGET_SECONDS / perBatch));
        assertThat(BenchCommand.Models.timedBatches(encoder, 100)).isEqualTo(BenchCommand.Models.MIN_BATCHES);
        assertThat(BenchCommand.Models.timedBatches(small, 1)).as("a very slow core")
                .isEqualTo(BenchCommand.Models.MIN_BATCHES);
        assertThat(BenchCommand.Models.timedBatches(small, 1e9)).as("a very fast core: capped").isEqualTo(1024);
    }

    @Test
    void aBatchCountBelowOneIsRefusedWithTheSettingsName() {
        Cli.Result r = Cli.run("bench", "models", "--batches", "0");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--batches must be >= 1, was 0").doesNotContain("measuring");
    }

    @Test
    void aRoundCountBelowOneIsRefusedWithTheSettingsName() {
        Cli.Result r = Cli.run("bench", "models", "--repeat", "0");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--repeat must be >= 1, was 0").doesNotContain("measuring");
    }
}
