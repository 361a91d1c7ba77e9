package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Finite-difference checks of a hand-written backward pass. */
final class GradientChecks {

    private GradientChecks() {
    }

    /** Mean cross-entropy of the network's logits, in double precision. */
    static double loss(ArrayNetwork net, int[][] tokens, int[] lengths, int[] labels) {
        float[] logits = net.forward(tokens, lengths, false, 0, null).logits();
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            double z0 = logits[2 * r];
            double z1 = logits[2 * r + 1];
            double max = Math.max(z0, z1);
            sum += max + Math.log(Math.exp(z0 - max) + Math.exp(z1 - max)) - (labels[r] == 1 ? z1 : z0);
        }
        return sum / labels.length;
    }

    /**
     * Compares the analytic gradient of {@code perArray} random entries of every parameter array with central
     * differences; returns how many were checked.
     */
    static int assertMatchesFiniteDifferences(ArrayNetwork net, int[][] tokens, int[] lengths, int[] labels,
                                              int perArray) {
        ArrayNetwork.Forward pass = net.forward(tokens, lengths, true, 0, new Random(1));
        float[] dLogits = new float[2 * labels.length];
        ClassifierHead.crossEntropy(pass.logits(), labels, new double[] {1, 1}, dLogits);
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
            for (int trial = 0; trial < Math.min(perArray, p.length); trial++) {
                int i = pick.nextInt(p.length);
                float original = p[i];
                float eps = 1e-2f;
                p[i] = original + eps;
                double plus = loss(net, tokens, lengths, labels);
                p[i] = original - eps;
                double minus = loss(net, tokens, lengths, labels);
                p[i] = original;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = grads.get(k)[i];
                assertThat(Math.abs(numeric - analytic))
                        .as("parameter array %d index %d: numeric %.6f analytic %.6f", k, i, numeric, analytic)
                        .isLessThan(2e-3 + 0.03 * Math.abs(numeric));
                checked++;
            }
        }
        return checked;
    }
}
