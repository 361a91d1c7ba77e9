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

    /**
     * Lets go of the arrays kept for reuse from one training pass to the next, once training is over; later
     * passes (inference) take what they need afresh. Why: a trained model held them for as long as its outputs
     * were read, activations no pass would use again (the quickstart's two BiLSTMs about 130 MB, an encoder up
     * to 512 MB), and the young collection after training copied them: in `bench gui` it paused the window
     * 113 ms, 45 to 85 ms once they were let go, with 100 to 170 MB less left in the heap after the run.
     */
    void releaseTrainingArrays();

    /** The longest of a batch's lengths, at least 1: the number of steps a batch takes. */
    static int longest(int[] lengths) {
        int t = 1;
        for (int len : lengths) {
            t = Math.max(t, len);
        }
        return t;
    }
}
