package dev.leaklab.core.model.array;

import java.util.random.RandomGenerator;

/**
 * The linear two-logit head both networks end in, with inverted dropout on its input, and the softmax
 * cross-entropy that trains it.
 */
final class ClassifierHead {

    private ClassifierHead() {
    }

    /**
     * logits = dropout(representation) · W + b.
     *
     * @param dropMask where the dropout mask goes when training, or {@code null} when not
     */
    static void forward(float[] representation, float[] dropMask, double rate, RandomGenerator random, float[] w, float[] b,
                        int batch, int width, float[] logits) {
        float[] in = representation;
        if (dropMask != null) {
            in = representation.clone();
            float keep = (float) (1 - rate);
            for (int i = 0; i < in.length; i++) {
                float m = rate > 0 ? (random.nextFloat() < keep ? 1f / keep : 0f) : 1f;
                dropMask[i] = m;
                in[i] *= m;
            }
        }
        Blas.gemm(false, false, batch, 2, width, 1f, in, w, 0f, logits);
        for (int r = 0; r < batch; r++) {
            logits[2 * r] += b[0];
            logits[2 * r + 1] += b[1];
        }
    }

    /** Adds the head's gradients into {@code gW} and {@code gB} and returns d(loss)/d(representation). */
    static float[] backward(float[] representation, float[] dropMask, float[] dLogits, float[] w, int batch, int width,
                            float[] gW, float[] gB) {
        float[] in = representation;
        if (dropMask != null) {
            in = representation.clone();
            for (int i = 0; i < in.length; i++) {
                in[i] *= dropMask[i];
            }
        }
        Blas.gemm(true, false, width, 2, batch, 1f, in, dLogits, 1f, gW);
        for (int r = 0; r < batch; r++) {
            gB[0] += dLogits[2 * r];
            gB[1] += dLogits[2 * r + 1];
        }
        float[] dRep = new float[batch * width];
        Blas.gemm(false, true, batch, width, 2, 1f, dLogits, w, 0f, dRep);
        if (dropMask != null) {
            for (int i = 0; i < dRep.length; i++) {
                dRep[i] *= dropMask[i];
            }
        }
        return dRep;
    }

    /** A batch's summed weighted loss and its correct predictions. */
    record Loss(double sum, int correct) {
    }

    /**
     * Class-weighted softmax cross-entropy of two logits per sample; writes d(mean loss)/d(logits).
     *
     * @param labels  the true label of each sample of the batch
     * @param weights loss weight of class 0 and class 1
     */
    static Loss crossEntropy(float[] logits, int[] labels, double[] weights, float[] dLogits) {
        int b = labels.length;
        double sum = 0;
        int correct = 0;
        for (int r = 0; r < b; r++) {
            int y = labels[r];
            double z0 = logits[2 * r];
            double z1 = logits[2 * r + 1];
            double max = Math.max(z0, z1);
            double e0 = Math.exp(z0 - max);
            double e1 = Math.exp(z1 - max);
            double total = e0 + e1;
            double w = weights[y];
            sum += w * (max + Math.log(total) - (y == 1 ? z1 : z0));
            dLogits[2 * r] = (float) (w * (e0 / total - (y == 0 ? 1 : 0)) / b);
            dLogits[2 * r + 1] = (float) (w * (e1 / total - (y == 1 ? 1 : 0)) / b);
            if ((z1 >= z0 ? 1 : 0) == y) {
                correct++;
            }
        }
        return new Loss(sum, correct);
    }
}
