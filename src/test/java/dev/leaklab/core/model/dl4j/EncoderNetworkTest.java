package dev.leaklab.core.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

    private static double loss(EncoderNetwork net) {
        EncoderNetwork.Pass pass = net.forward(TOKENS, LENGTHS, false, 0, null);
        double sum = 0;
        for (int r = 0; r < LABELS.length; r++) {
            double z0 = pass.logits[2 * r];
            double z1 = pass.logits[2 * r + 1];
            double max = Math.max(z0, z1);
            sum += max + Math.log(Math.exp(z0 - max) + Math.exp(z1 - max)) - (LABELS[r] == 1 ? z1 : z0);
        }
        return sum / LABELS.length;
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        EncoderNetwork net = network();
        EncoderNetwork.Pass pass = net.forward(TOKENS, LENGTHS, true, 0, new Random(1));
        float[] dLogits = new float[2 * LABELS.length];
        for (int r = 0; r < LABELS.length; r++) {
            double p1 = 1 / (1 + Math.exp(pass.logits[2 * r] - pass.logits[2 * r + 1]));
            dLogits[2 * r] = (float) (((1 - p1) - (LABELS[r] == 0 ? 1 : 0)) / LABELS.length);
            dLogits[2 * r + 1] = (float) ((p1 - (LABELS[r] == 1 ? 1 : 0)) / LABELS.length);
        }
        List<float[]> grads = new ArrayList<>();
        for (float[] p : net.parameters()) {
            grads.add(new float[p.length]);
        }
        net.backward(pass, dLogits, grads);
        List<float[]> params = net.parameters();
        Random pick = new Random(4);
        int checked = 0;
        for (int k = 0; k < params.size(); k++) {
            float[] p = params.get(k);
            for (int trial = 0; trial < Math.min(5, p.length); trial++) {
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
                        .as("parameter array %d index %d: numeric %.6f analytic %.6f", k, i, numeric, analytic)
                        .isLessThan(2e-3 + 0.03 * Math.abs(numeric));
                checked++;
            }
        }
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
}
