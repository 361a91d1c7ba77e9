package dev.leaklab.core.model.array;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A classifier whose forward and backward passes are written by hand over Java arrays ({@link
 * RecurrentNetwork}, {@link EncoderNetwork}); one training loop and one checkpoint format serve both.
 */
interface ArrayNetwork {

    /** What a forward pass gives: two logits and the representation of each sample, sample-major. */
    interface Forward {
        /** 2 × batch logits. */
        float[] logits();

        /** batch × {@link #representationSize()} values. */
        float[] representation();
    }

    /** Runs the network; lengths are at least 1. */
    Forward forward(int[][] tokens, int[] lengths, boolean training, double dropout, RandomGenerator random);

    /** Adds every parameter's gradient into {@code grads} for d(loss)/d(logits) = {@code dLogits}. */
    void backward(Forward pass, float[] dLogits, List<float[]> grads);

    /** The parameter arrays, in a fixed order. */
    List<float[]> parameters();

    /** Width of the representation fed to the head. */
    int representationSize();

    /** The longest of a batch's lengths, at least 1: the number of steps a batch takes. */
    static int longest(int[] lengths) {
        int t = 1;
        for (int len : lengths) {
            t = Math.max(t, len);
        }
        return t;
    }
}
