package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written backward pass against finite differences, and masking against padding. */
class RecurrentNetworkTest {

    private static final int[][] TOKENS = {{1, 2, 3, 4, 5}, {5, 4, 0, 0, 0}, {2, 0, 0, 0, 0}};
    private static final int[] LENGTHS = {5, 2, 1};
    private static final int[] LABELS = {1, 0, 1};

    private static RecurrentNetwork network(RecurrentNetwork.Cell cell) {
        RecurrentNetwork net = new RecurrentNetwork(cell, 6, 3, 4, 2);
        net.initialise(11);
        // why: non-zero biases and head, so every gradient path carries signal
        Random random = new Random(5);
        for (float[] p : net.parameters()) {
            for (int i = 0; i < p.length; i++) {
                p[i] += (float) (random.nextGaussian() * 0.3);
            }
        }
        return net;
    }

    @ParameterizedTest
    @EnumSource(RecurrentNetwork.Cell.class)
    void backwardMatchesFiniteDifferences(RecurrentNetwork.Cell cell) {
        int checked = GradientChecks.assertMatchesFiniteDifferences(network(cell), TOKENS, LENGTHS, LABELS, 6);
        assertThat(checked).isGreaterThan(60);
    }

    @ParameterizedTest
    @EnumSource(RecurrentNetwork.Cell.class)
    void backwardMatchesFiniteDifferencesWhenTheFirstLayerLooksItsInputsUp(RecurrentNetwork.Cell cell) {
        // few distinct tokens over many positions: the first layer takes the lookup path, forwards and back
        int[][] tokens = {{1, 2, 1, 2, 3, 1, 2, 1, 3, 3, 1, 2}, {2, 2, 3, 1, 1, 2, 3, 0, 0, 0, 0, 0},
            {3, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
        int[] lengths = {12, 7, 3};
        RecurrentNetwork net = network(cell);
        assertThat(net.forward(tokens, lengths, true, 0, new Random(1)).unique).containsExactlyInAnyOrder(1, 2, 3);
        int checked = GradientChecks.assertMatchesFiniteDifferences(net, tokens, lengths, LABELS, 6);
        assertThat(checked).isGreaterThan(60);
    }

    @ParameterizedTest
    @EnumSource(RecurrentNetwork.Cell.class)
    void outputsIgnoreTheContentAndAmountOfPadding(RecurrentNetwork.Cell cell) {
        RecurrentNetwork net = network(cell);
        RecurrentNetwork.Pass batched = net.forward(TOKENS, LENGTHS, false, 0, null);
        int[][] otherPadding = {{1, 2, 3, 4, 5, 1, 1}, {5, 4, 3, 3, 3, 3, 3}, {2, 5, 5, 5, 5, 5, 5}};
        RecurrentNetwork.Pass repadded = net.forward(otherPadding, LENGTHS, false, 0, null);
        for (int r = 0; r < LENGTHS.length; r++) {
            RecurrentNetwork.Pass alone = net.forward(new int[][] {TOKENS[r]}, new int[] {LENGTHS[r]}, false, 0, null);
            for (int k = 0; k < 2; k++) {
                assertThat(batched.logits[2 * r + k]).isCloseTo(alone.logits[k], org.assertj.core.data.Offset.offset(1e-5f));
                assertThat(repadded.logits[2 * r + k]).isCloseTo(alone.logits[k], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentNetwork.Cell.class)
    void aPassAfterOthersGivesTheFirstPassesGradientsBitForBit(RecurrentNetwork.Cell cell) {
        // why: training passes take their arrays from the network's pool and give them back; an array given
        // back twice, or while still read, would be shared by two uses in a later pass and change its numbers
        for (double dropout : new double[] {0, 0.3}) {
            RecurrentNetwork used = network(cell);
            int[][] other = {{3, 3, 1, 2, 5, 4, 1}, {1, 0, 0, 0, 0, 0, 0}, {2, 4, 4, 0, 0, 0, 0}};
            int[] otherLengths = {7, 1, 3};
            for (int round = 0; round < 3; round++) {
                gradients(used, other, otherLengths, dropout);
                gradients(used, TOKENS, LENGTHS, dropout);
            }
            java.util.List<float[]> expected = gradients(network(cell), TOKENS, LENGTHS, dropout);
            java.util.List<float[]> actual = gradients(used, TOKENS, LENGTHS, dropout);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(actual.get(k)).as("%s, dropout %s, gradient %d", cell, dropout, k)
                        .containsExactly(expected.get(k));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentNetwork.Cell.class)
    void aTrainingPassAfterTheFirstAllocatesLittleBesideItsPool(RecurrentNetwork.Cell cell) {
        // why: what a pass allocates afresh each batch brings the young collections that pause the window; the
        // first pass fills the pool with every array a pass uses, later ones should take them all from there.
        // Dropout 0.3 runs the full input projection, 0 looks it up per distinct token: both paths
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Random random = new Random(9);
        int b = 16;
        int steps = 60;
        int[][] tokens = new int[b][steps];
        int[] lengths = new int[b];
        for (int r = 0; r < b; r++) {
            lengths[r] = r == 0 ? steps : 1 + random.nextInt(steps);
            for (int t = 0; t < lengths[r]; t++) {
                tokens[r][t] = 1 + random.nextInt(39);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            // on one thread, so every allocation of the pass is this thread's
            dev.leaklab.core.task.Parallel.setThreads(1);
            for (double dropout : new double[] {0.3, 0}) {
                RecurrentNetwork net = new RecurrentNetwork(cell, 40, 16, 16, 2);
                net.initialise(3);
                long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                gradients(net, tokens, lengths, dropout);
                long first = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
                gradients(net, tokens, lengths, dropout);
                long created = net.poolCreatedFloats();
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                gradients(net, tokens, lengths, dropout);
                long later = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
                assertThat(later).as("%s, dropout %s: bytes a later pass allocated, against the first's %d", cell,
                        dropout, first).isLessThan(first / 8);
                // every array a pass takes goes back: one it kept would be allocated afresh at every batch
                assertThat(net.poolCreatedFloats() - created).as("%s, dropout %s: floats the pool allocated in a "
                        + "later pass", cell, dropout).isZero();
            }
        } finally {
            dev.leaklab.core.task.Parallel.setThreads(cores);
        }
    }

    private static java.util.List<float[]> gradients(RecurrentNetwork net, int[][] tokens, int[] lengths,
                                                     double dropout) {
        java.util.List<float[]> grads = new java.util.ArrayList<>();
        for (float[] p : net.parameters()) {
            grads.add(new float[p.length]);
        }
        ArrayNetwork.Forward pass = net.forward(tokens, lengths, true, dropout, new Random(3));
        float[] dLogits = new float[pass.logits().length];
        for (int r = 0; r < lengths.length; r++) {
            dLogits[2 * r] = 0.7f - r;
            dLogits[2 * r + 1] = r - 0.7f;
        }
        net.backward(pass, dLogits, grads);
        return grads;
    }
}
