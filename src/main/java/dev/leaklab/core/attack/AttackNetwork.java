package dev.leaklab.core.attack;

import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.task.CancellationToken;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The attack classifier: a small MLP (one hidden ReLU layer) by default, logistic regression when it has no
 * hidden layer. Trained with Adam on binary cross-entropy over mini-batches; the score is the output logit,
 * higher meaning "member".
 */
public final class AttackNetwork {

    /**
     * How the classifier is trained.
     *
     * @param hidden    hidden units, 0 for logistic regression
     * @param epochs    passes over the training data
     * @param batchSize samples a step
     * @param learningRate Adam's step size
     * @param weightDecay  L2 penalty on the weights
     * @param seed      initialisation and shuffling
     */
    public record Settings(int hidden, int epochs, int batchSize, double learningRate, double weightDecay, long seed) {

        /** Checks the ranges. */
        public Settings {
            if (hidden < 0 || hidden > 4096) {
                throw new IllegalArgumentException("attack hidden units must be 0 to 4096, was " + hidden);
            }
            if (epochs < 1 || epochs > 10_000) {
                throw new IllegalArgumentException("attack epochs must be 1 to 10000, was " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("attack batch size must be at least 1, was " + batchSize);
            }
            if (!(learningRate > 0 && learningRate < 10)) {
                throw new IllegalArgumentException("attack learning rate must be in (0, 10), was " + learningRate);
            }
            if (!(weightDecay >= 0 && weightDecay < 1)) {
                throw new IllegalArgumentException("attack weight decay must be in [0, 1), was " + weightDecay);
            }
        }

        /** The MLP default: 64 hidden units, 30 epochs of 128, Adam at 1e-3. */
        public static Settings mlp(long seed) {
            return new Settings(64, 30, 128, 1e-3, 1e-4, seed);
        }

        /** Logistic regression: 60 epochs of 128, Adam at 1e-2. */
        public static Settings logistic(long seed) {
            return new Settings(0, 60, 128, 1e-2, 1e-4, seed);
        }

        /** The same with another number of epochs. */
        public Settings withEpochs(int e) {
            return new Settings(hidden, e, batchSize, learningRate, weightDecay, seed);
        }
    }

    private final int inputs;
    private final int hidden;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;
    private final Gemm gemm;

    private AttackNetwork(int inputs, int hidden, Gemm gemm, SplittableRandom random) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.gemm = gemm;
        int h = hidden == 0 ? 1 : hidden;
        w1 = new float[inputs * h];
        b1 = new float[h];
        w2 = new float[hidden == 0 ? 0 : hidden];
        b2 = new float[1];
        double limit = Math.sqrt(6.0 / (inputs + h));
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        double limit2 = Math.sqrt(6.0 / (h + 1));
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) ((random.nextDouble() * 2 - 1) * limit2);
        }
    }

    private AttackNetwork(AttackNetwork from) {
        inputs = from.inputs;
        hidden = from.hidden;
        gemm = from.gemm;
        w1 = from.w1.clone();
        b1 = from.b1.clone();
        w2 = from.w2.clone();
        b2 = from.b2.clone();
    }

    /**
     * A copy of this classifier trained further on other data (the adaptive attacker starts from the clean
     * attack and adapts to defended outputs).
     */
    public AttackNetwork continued(float[] x, int n, int[] labels, Settings settings, CancellationToken cancel) {
        if (x.length != (long) n * inputs) {
            throw new IllegalArgumentException("expected " + inputs + " features a row");
        }
        AttackNetwork copy = new AttackNetwork(this);
        copy.fit(x, n, labels, settings, new SplittableRandom(settings.seed() + 1), cancel);
        return copy;
    }

    /** The number of inputs. */
    public int inputs() {
        return inputs;
    }

    /** Hidden units, 0 for logistic regression. */
    public int hidden() {
        return hidden;
    }

    /** The first layer's weights, inputs × max(hidden, 1), row-major (shared array). */
    float[] firstWeights() {
        return w1;
    }

    /** The output layer's weights, one a hidden unit (shared array; empty for logistic regression). */
    float[] secondWeights() {
        return w2;
    }

    /** The output layer's bias. */
    float secondBias() {
        return b2[0];
    }

    /** The first layer's biases (shared array). */
    float[] firstBias() {
        return b1;
    }

    /**
     * Trains a classifier on {@code n} rows of {@code d} standardised features.
     *
     * @param x      n × d features, row-major
     * @param labels 1 for member, 0 for non-member
     */
    public static AttackNetwork train(float[] x, int n, int d, int[] labels, Settings settings, Gemm gemm,
                                      CancellationToken cancel) {
        if (n < 2) {
            throw new IllegalArgumentException("an attack needs at least 2 training samples, had " + n);
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        AttackNetwork net = new AttackNetwork(d, settings.hidden(), gemm, random);
        net.fit(x, n, labels, settings, random, cancel);
        return net;
    }

    private void fit(float[] x, int n, int[] labels, Settings s, SplittableRandom random, CancellationToken cancel) {
        int d = inputs;
        int h = hidden == 0 ? 1 : hidden;
        int batch = Math.min(s.batchSize(), n);
        float[][] params = hidden == 0 ? new float[][] {w1, b1} : new float[][] {w1, b1, w2, b2};
        float[][] grads = new float[params.length][];
        float[][] m = new float[params.length][];
        float[][] v = new float[params.length][];
        for (int p = 0; p < params.length; p++) {
            grads[p] = new float[params[p].length];
            m[p] = new float[params[p].length];
            v[p] = new float[params[p].length];
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] xb = new float[batch * d];
        float[] pre = new float[batch * h];
        float[] act = new float[batch * h];
        float[] dOut = new float[batch];
        float[] dAct = new float[batch * h];
        int step = 0;
        double beta1 = 0.9;
        double beta2 = 0.999;
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            cancel.throwIfCancelled();
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                for (int r = 0; r < b; r++) {
                    System.arraycopy(x, order[start + r] * d, xb, r * d, d);
                }
                for (int r = 0; r < b; r++) {
                    System.arraycopy(b1, 0, pre, r * h, h);
                }
                gemm.gemm(false, false, b, h, d, 1f, xb, w1, 1f, pre);
                if (hidden == 0) {
                    for (int r = 0; r < b; r++) {
                        dOut[r] = (sigmoid(pre[r]) - labels[order[start + r]]) / b;
                    }
                    Arrays.fill(grads[0], 0f);
                    gemm.gemm(true, false, d, 1, b, 1f, xb, dOut, 0f, grads[0]);
                    float gb = 0;
                    for (int r = 0; r < b; r++) {
                        gb += dOut[r];
                    }
                    grads[1][0] = gb;
                } else {
                    for (int k = 0; k < b * h; k++) {
                        act[k] = Math.max(0f, pre[k]);
                    }
                    float gb2 = 0;
                    Arrays.fill(grads[2], 0f);
                    for (int r = 0; r < b; r++) {
                        float out = b2[0];
                        int o = r * h;
                        for (int j = 0; j < h; j++) {
                            out += act[o + j] * w2[j];
                        }
                        float g = (sigmoid(out) - labels[order[start + r]]) / b;
                        gb2 += g;
                        for (int j = 0; j < h; j++) {
                            grads[2][j] += g * act[o + j];
                            dAct[o + j] = pre[o + j] > 0f ? g * w2[j] : 0f;
                        }
                    }
                    grads[3][0] = gb2;
                    gemm.gemm(true, false, d, h, b, 1f, xb, dAct, 0f, grads[0]);
                    Arrays.fill(grads[1], 0f);
                    for (int r = 0; r < b; r++) {
                        int o = r * h;
                        for (int j = 0; j < h; j++) {
                            grads[1][j] += dAct[o + j];
                        }
                    }
                }
                step++;
                double lr = s.learningRate() * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
                for (int p = 0; p < params.length; p++) {
                    float[] w = params[p];
                    float[] g = grads[p];
                    float[] mp = m[p];
                    float[] vp = v[p];
                    // why: decay the weight matrices only, not the biases
                    float decay = p % 2 == 0 ? (float) s.weightDecay() : 0f;
                    for (int k = 0; k < w.length; k++) {
                        float gk = g[k] + decay * w[k];
                        mp[k] = (float) (beta1 * mp[k] + (1 - beta1) * gk);
                        vp[k] = (float) (beta2 * vp[k] + (1 - beta2) * gk * gk);
                        w[k] -= (float) (lr * mp[k] / (Math.sqrt(vp[k]) + 1e-8));
                    }
                }
            }
        }
    }

    /** Member scores (output logits) of {@code n} rows of standardised features. */
    public double[] score(float[] x, int n) {
        int h = hidden == 0 ? 1 : hidden;
        float[] pre = new float[n * h];
        for (int r = 0; r < n; r++) {
            System.arraycopy(b1, 0, pre, r * h, h);
        }
        gemm.gemm(false, false, n, h, inputs, 1f, x, w1, 1f, pre);
        return scoreFromFirstLayer(pre, n);
    }

    /**
     * Member scores given the first layer's pre-activations ({@code n × max(hidden, 1)}, biases included),
     * which it overwrites.
     */
    double[] scoreFromFirstLayer(float[] pre, int n) {
        double[] scores = new double[n];
        if (hidden == 0) {
            for (int r = 0; r < n; r++) {
                scores[r] = pre[r];
            }
            return scores;
        }
        // why: the ReLU in place, then one matrix-vector product; a hand loop here is a float reduction the
        // JIT cannot vectorise
        for (int k = 0; k < pre.length; k++) {
            pre[k] = Math.max(0f, pre[k]);
        }
        float[] out = new float[n];
        gemm.gemm(false, false, n, 1, hidden, 1f, pre, w2, 0f, out);
        for (int r = 0; r < n; r++) {
            scores[r] = out[r] + b2[0];
        }
        return scores;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
