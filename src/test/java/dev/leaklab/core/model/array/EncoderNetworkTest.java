package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The hand-written encoder's backward pass against finite differences, and its masking of padding. */
class EncoderNetworkTest {

    private static final int[][] TOKENS = {{6, 1, 2, 3, 4}, {6, 5, 4, 0, 0}, {6, 0, 0, 0, 0}};
    private static final int[] LENGTHS = {5, 3, 1};
    private static final int[] LABELS = {1, 0, 1};

    private static EncoderNetwork network() {
        EncoderNetwork net = new EncoderNetwork(7, 8, 12, 2, 2, 8);
        net.initialise(3);
        Random random = new Random(9);
        for (float[] p : net.parameters()) {
            for (int i = 0; i < p.length; i++) {
                p[i] += (float) (random.nextGaussian() * 0.3);
            }
        }
        return net;
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        int checked = GradientChecks.assertMatchesFiniteDifferences(network(), TOKENS, LENGTHS, LABELS, 5);
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void outputsIgnoreTheContentAndAmountOfPadding() {
        EncoderNetwork net = network();
        EncoderNetwork.Pass batched = net.forward(TOKENS, LENGTHS, false, 0, null);
        int[][] repadded = {{6, 1, 2, 3, 4, 5, 5}, {6, 5, 4, 3, 3, 3, 3}, {6, 2, 2, 2, 2, 2, 2}};
        EncoderNetwork.Pass other = net.forward(repadded, LENGTHS, false, 0, null);
        for (int r = 0; r < LENGTHS.length; r++) {
            EncoderNetwork.Pass alone = net.forward(new int[][] {TOKENS[r]}, new int[] {LENGTHS[r]}, false, 0, null);
            for (int k = 0; k < 2; k++) {
                assertThat(batched.logits[2 * r + k]).isCloseTo(alone.logits[k], Offset.offset(1e-5f));
                assertThat(other.logits[2 * r + k]).isCloseTo(alone.logits[k], Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void whateverThePoolHandsOutNeverReachesTheResults() {
        EncoderNetwork clean = network();
        EncoderNetwork poisoned = network();
        // why: the pool hands arrays out uncleared; one read before it is written would carry NaN through
        for (int size = 16; size <= 1024; size *= 2) {
            float[][] arrays = new float[40][size];
            for (float[] a : arrays) {
                java.util.Arrays.fill(a, Float.NaN);
            }
            poisoned.pool.give(arrays);
        }
        int[] labels = LABELS;
        for (int round = 0; round < 2; round++) {
            java.util.List<float[]> expected = gradients(clean, labels);
            java.util.List<float[]> actual = gradients(poisoned, labels);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(actual.get(k)).as("gradient %d, round %d", k, round).containsExactly(expected.get(k));
            }
            assertThat(poisoned.forward(TOKENS, LENGTHS, false, 0, null).logits)
                    .containsExactly(clean.forward(TOKENS, LENGTHS, false, 0, null).logits);
        }
    }

    private static java.util.List<float[]> gradients(EncoderNetwork net, int[] labels) {
        java.util.List<float[]> grads = new java.util.ArrayList<>();
        for (float[] p : net.parameters()) {
            grads.add(new float[p.length]);
        }
        EncoderNetwork.Pass pass = net.forward(TOKENS, LENGTHS, true, 0, null);
        float[] dLogits = new float[pass.logits.length];
        for (int r = 0; r < labels.length; r++) {
            dLogits[2 * r + labels[r]] = -1f;
            dLogits[2 * r + 1 - labels[r]] = 0.5f;
        }
        net.backward(pass, dLogits, grads);
        return grads;
    }
}
