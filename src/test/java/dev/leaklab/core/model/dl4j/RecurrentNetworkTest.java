package dev.leaklab.core.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

    private static double loss(RecurrentNetwork net) {
        RecurrentNetwork.Pass pass = net.forward(TOKENS, LENGTHS, false, 0, null);
        double sum = 0;
        for (int r = 0; r < LABELS.length; r++) {
            double z0 = pass.logits[2 * r];
            double z1 = pass.logits[2 * r + 1];
            double max = Math.max(z0, z1);
            double lse = max + Math.log(Math.exp(z0 - max) + Math.exp(z1 - max));
            sum += lse - (LABELS[r] == 1 ? z1 : z0);
        }
        return sum / LABELS.length;
    }

    @ParameterizedTest
    @EnumSource(RecurrentNetwork.Cell.class)
    void backwardMatchesFiniteDifferences(RecurrentNetwork.Cell cell) {
        RecurrentNetwork net = network(cell);
        RecurrentNetwork.Pass pass = net.forward(TOKENS, LENGTHS, true, 0, new Random(1));
        float[] dLogits = new float[2 * LABELS.length];
        for (int r = 0; r < LABELS.length; r++) {
            double z0 = pass.logits[2 * r];
            double z1 = pass.logits[2 * r + 1];
            double p1 = 1 / (1 + Math.exp(z0 - z1));
            dLogits[2 * r] = (float) (((1 - p1) - (LABELS[r] == 0 ? 1 : 0)) / LABELS.length);
            dLogits[2 * r + 1] = (float) ((p1 - (LABELS[r] == 1 ? 1 : 0)) / LABELS.length);
        }
        List<float[]> grads = new ArrayList<>();
        for (float[] p : net.parameters()) {
            grads.add(new float[p.length]);
        }
        net.backward(pass, dLogits, grads);

        List<float[]> params = net.parameters();
        Random pick = new Random(3);
        int checked = 0;
        for (int k = 0; k < params.size(); k++) {
            float[] p = params.get(k);
            for (int trial = 0; trial < Math.min(6, p.length); trial++) {
                int i = pick.nextInt(p.length);
                float original = p[i];
                float eps = 1e-2f;
                p[i] = original + eps;
                double plus = loss(net);
                p[i] = original - eps;
                double minus = loss(net);
                p[i] = original;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = grads.get(k)[i];
                assertThat(Math.abs(numeric - analytic))
                        .as("%s parameter array %d index %d: numeric %.6f analytic %.6f", cell, k, i, numeric, analytic)
                        .isLessThan(2e-3 + 0.03 * Math.abs(numeric));
                checked++;
            }
        }
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
