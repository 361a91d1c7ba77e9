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
}
