package dev.leaklab.core.attack;

import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.core.task.Parallel;

/**
 * The study's shadow-model attack: a classifier trained on the shadow model's outputs for its members (label
 * member) and non-members, standardised on that shadow data only, then applied to the target's outputs.
 */
public final class ShadowAttack implements TrainedAttack {

    private final AttackKind kind;
    private final FeatureSet features;
    private final Standardizer standardizer;
    private final AttackNetwork network;
    private final double threshold;
    private final AttackNetwork.Settings settings;

    private ShadowAttack(AttackKind kind, FeatureSet features, Standardizer standardizer, AttackNetwork network,
                         double threshold, AttackNetwork.Settings settings) {
        this.kind = kind;
        this.features = features;
        this.standardizer = standardizer;
        this.network = network;
        this.threshold = threshold;
        this.settings = settings;
    }

    /**
     * Trains the attack on shadow outputs.
     *
     * @throws IllegalArgumentException when a side has fewer than 2 samples
     */
    public static ShadowAttack train(AttackKind kind, FeatureSet features, Released shadowIn, Released shadowOut,
                                     AttackNetwork.Settings settings, Gemm gemm, CancellationToken cancel) {
        if (!kind.takesFeatures()) {
            throw new IllegalArgumentException(kind.id() + " is not a shadow-model attack");
        }
        requireEnough(shadowIn, shadowOut);
        Training t = training(features, shadowIn, shadowOut, null);
        AttackNetwork network = AttackNetwork.train(t.x, t.n, t.d, t.labels, settings, gemm, cancel);
        return finish(kind, features, t, network, settings);
    }

    /**
     * The adaptive attacker: this attack trained further, for {@code epochs}, on shadow outputs released
     * through the defence, with the standardisation refitted to them.
     */
    public ShadowAttack adapted(Released shadowIn, Released shadowOut, int epochs, CancellationToken cancel) {
        requireEnough(shadowIn, shadowOut);
        Training t = training(features, shadowIn, shadowOut, null);
        AttackNetwork.Settings s = settings.withEpochs(epochs);
        AttackNetwork adapted = network.continued(t.x, t.n, t.labels, s, cancel);
        return finish(kind, features, t, adapted, settings);
    }

    private static ShadowAttack finish(AttackKind kind, FeatureSet features, Training t, AttackNetwork network,
                                       AttackNetwork.Settings settings) {
        double[] scores = network.score(t.x, t.n);
        double[] in = java.util.Arrays.copyOfRange(scores, 0, t.members);
        double[] out = java.util.Arrays.copyOfRange(scores, t.members, t.n);
        return new ShadowAttack(kind, features, t.standardizer, network, AttackMetrics.bestThreshold(in, out),
                settings);
    }

    private record Training(float[] x, int n, int d, int members, int[] labels, Standardizer standardizer) {
    }

    private static Training training(FeatureSet features, Released in, Released out, Standardizer given) {
        float[] xin = FeatureMatrix.of(in, features);
        float[] xout = FeatureMatrix.of(out, features);
        int d = FeatureMatrix.width(features, in.embeddingSize());
        int n = in.size() + out.size();
        float[] x = new float[n * d];
        System.arraycopy(xin, 0, x, 0, xin.length);
        System.arraycopy(xout, 0, x, xin.length, xout.length);
        Standardizer standardizer = given != null ? given : Standardizer.fit(x, n, d);
        standardizer.apply(x, n);
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, 0, in.size(), 1);
        return new Training(x, n, d, in.size(), labels, standardizer);
    }

    private static void requireEnough(Released in, Released out) {
        if (in.size() < 2 || out.size() < 2) {
            throw new IllegalArgumentException("too few shadow samples to train an attack: " + in.size()
                    + " members and " + out.size() + " non-members; at least 2 of each are needed");
        }
    }

    @Override
    public AttackKind kind() {
        return kind;
    }

    @Override
    public FeatureSet features() {
        return features;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    /** The classifier. */
    public AttackNetwork network() {
        return network;
    }

    /** The standardisation fitted on shadow data. */
    public Standardizer standardizer() {
        return standardizer;
    }

    /**
     * Scores with the embedding's first-layer contribution supplied by the caller: {@code embeddingPre} holds
     * the standardised embeddings times the first layer's embedding rows, hidden unit by hidden unit
     * ({@code max(hidden, 1) × n}, unit by unit, as {@link #embeddingProduct} makes it). The defence's fast path
     * precomputes it for the clean embeddings and for the noise, since the first layer is linear in them.
     */
    public double[] scoreWithEmbeddingPart(Released released, float[] embeddingPre) {
        return scoreWithEmbeddingPart(released, embeddingPre, 0f, null);
    }

    /**
     * As {@link #scoreWithEmbeddingPart(Released, float[])} with the embedding's part taken as
     * {@code embeddingPre + sigma · noisePre}.
     */
    public double[] scoreWithEmbeddingPart(Released released, float[] embeddingPre, float sigma,
                                           float[] noisePre) {
        int n = released.size();
        int e = features.has(Feature.EMBEDDING) ? released.embeddingSize() : 0;
        int d = FeatureMatrix.width(features, released.embeddingSize());
        int small = d - e;
        int h = Math.max(1, network.hidden());
        float[] b1 = network.firstBias();
        // why: only the few columns after the embedding are built and standardised; the embedding's part is
        // given, so a call never touches n × width floats
        float[] mean = new float[small];
        float[] inverse = new float[small];
        for (int c = 0; c < small; c++) {
            mean[c] = standardizer.mean(e + c);
            inverse[c] = standardizer.inverseStd(e + c);
        }
        float[] logits = released.logits();
        float[] loss = released.loss();
        float[] confidence = released.confidence();
        int[] labels = released.labels();
        boolean hasLogits = features.has(Feature.LOGITS);
        boolean hasLoss = features.has(Feature.LOSS);
        boolean hasConfidence = features.has(Feature.CONFIDENCE);
        float[] w1 = network.firstWeights();
        float[] ws = java.util.Arrays.copyOfRange(w1, e * h, d * h);
        boolean noisy = noisePre != null && sigma != 0f;
        Columns columns = new Columns(logits, loss, confidence, labels, hasLogits, hasLoss, hasConfidence, mean,
                inverse);
        return hiddenScores(n, h, small, columns, embeddingPre, noisy ? noisePre : embeddingPre, noisy ? sigma : 0f,
                b1, ws, network.hidden() == 0 ? null : network.secondWeights(), network.secondBias());
    }

    /** The few released outputs after the embedding, standardised a block of samples at a time. */
    private record Columns(float[] logits, float[] loss, float[] confidence, int[] labels, boolean hasLogits,
                           boolean hasLoss, boolean hasConfidence, float[] mean, float[] inverse) {

        /**
         * Fills {@code cols[k][0, m)} with standardised feature {@code k} of samples {@code from} to
         * {@code from + m}, column by column, so that the scoring loops run over whole rows (a withheld output,
         * NaN, standardises to 0).
         */
        void block(int from, int m, float[][] cols) {
            for (int i = 0; i < m; i++) {
                int s = from + i;
                int c = 0;
                if (hasLogits) {
                    cols[c++][i] = logits[2 * s];
                    cols[c++][i] = logits[2 * s + 1];
                }
                if (hasLoss) {
                    cols[c++][i] = loss[s];
                }
                if (hasConfidence) {
                    cols[c++][i] = confidence[s];
                }
                cols[c][i] = labels[s] == 1 ? 1f : -1f;
            }
            for (int k = 0; k < cols.length; k++) {
                float[] column = cols[k];
                for (int i = 0; i < m; i++) {
                    float v = column[i];
                    column[i] = Float.isNaN(v) ? 0f : (v - mean[k]) * inverse[k];
                }
            }
        }
    }

    /**
     * Samples scored together in {@link #hiddenScores}: every working row of a block fits the core's first-level
     * cache (a few kilobytes each).
     */
    private static final int BLOCK = 1024;

    /**
     * Hidden unit by hidden unit: {@code acc = pre + sigma · noise + b1 + columns · ws}, then the output layer's
     * share of that unit (or {@code acc} itself for logistic regression, {@code w2 == null}). {@code pre} and
     * {@code noise} are {@code h × n}, unit by unit; {@code columns} gives the small features.
     */
    private static double[] hiddenScores(int n, int h, int small, Columns columns, float[] pre, float[] noise,
                                         float sigma, float[] b1, float[] ws, float[] w2, float b2) {
        double[] scores = new double[n];
        int blocks = (n + BLOCK - 1) / BLOCK;
        int parts = Math.min(blocks, Parallel.threads());
        // why: the blocks are independent and each writes its own samples' scores, so they spread over the
        // allowed cores (a slider move on a desktop's spare cores) with the same numbers on any count
        Parallel.forEach(parts, part -> {
            float[] out = new float[BLOCK];
            float[] acc = new float[BLOCK];
            float[] p = new float[BLOCK];
            float[] q = new float[BLOCK];
            float[][] cols = new float[small][BLOCK];
            for (int block = part * blocks / parts; block < (part + 1) * blocks / parts; block++) {
                scoreBlock(block * BLOCK, Math.min(BLOCK, n - block * BLOCK), n, h, columns, pre, noise, sigma, b1,
                        ws, w2, b2, out, acc, p, q, cols, scores);
            }
        });
        return scores;
    }

    /**
     * Samples {@code from} to {@code from + m} of {@link #hiddenScores}, with working rows of the caller's.
     *
     * <p>Why a block of samples at a time: the working rows stay in the first-level cache while every hidden
     * unit passes over them; over all 20,000 samples at once each unit streamed about 1.7 MB through the slower
     * caches, and this loop is most of a defence slider move. Each sample's sums are taken in the same order
     * as before, so the scores are bit for bit the same.
     */
    private static void scoreBlock(int from, int m, int n, int h, Columns columns, float[] pre, float[] noise,
                                   float sigma, float[] b1, float[] ws, float[] w2, float b2, float[] out,
                                   float[] acc, float[] p, float[] q, float[][] cols, double[] scores) {
        int small = cols.length;
        columns.block(from, m, cols);
        java.util.Arrays.fill(out, 0, m, 0f);
        for (int j = 0; j < h; j++) {
            float bias = b1[j];
            // why: every loop indexes its rows from 0 (the block is copied out first), so C2 turns each into
            // vector instructions; on JDK 17 a loop over arrays at different offsets stays scalar
            System.arraycopy(pre, j * n + from, p, 0, m);
            if (sigma != 0f) {
                System.arraycopy(noise, j * n + from, q, 0, m);
                for (int i = 0; i < m; i++) {
                    acc[i] = p[i] + sigma * q[i] + bias;
                }
            } else {
                for (int i = 0; i < m; i++) {
                    acc[i] = p[i] + bias;
                }
            }
            for (int k = 0; k < small; k++) {
                float w = ws[k * h + j];
                float[] c = cols[k];
                for (int i = 0; i < m; i++) {
                    acc[i] += c[i] * w;
                }
            }
            if (w2 == null) {
                System.arraycopy(acc, 0, out, 0, m);
            } else {
                float w = w2[j];
                for (int i = 0; i < m; i++) {
                    out[i] += Math.max(0f, acc[i]) * w;
                }
            }
        }
        float bias = w2 == null ? 0f : b2;
        for (int i = 0; i < m; i++) {
            scores[from + i] = out[i] + bias;
        }
    }

    /**
     * The first-layer product of embedding rows: {@code rows[i][j] · scale[j]} summed against the layer's
     * embedding weights, for {@code n} samples of width {@code e}; with {@code centre} the training means are
     * subtracted first. The result is {@code max(hidden, 1) × n}, hidden unit by hidden unit, in one array.
     * Why one: it lives as long as the workbench shows the run, and one array this large (5 MB at 20,000
     * samples) is allocated outside the young generation, so collections never copy it; as rows of 80 KB it
     * was copied at each young collection until it aged out, made during a slider sweep as the noise's part is.
     */
    public float[] embeddingProduct(float[] rows, int n, int e, float[] scale, boolean centre, Gemm gemm) {
        if (!features.has(Feature.EMBEDDING)) {
            throw new IllegalStateException("the attack does not read embeddings");
        }
        int h = Math.max(1, network.hidden());
        float[] x = new float[n * e];
        for (int i = 0; i < n; i++) {
            int o = i * e;
            for (int j = 0; j < e; j++) {
                float v = centre ? rows[o + j] - standardizer.mean(j) : rows[o + j];
                x[o + j] = v * standardizer.inverseStd(j) * (scale == null ? 1f : scale[j]);
            }
        }
        float[] w = java.util.Arrays.copyOf(network.firstWeights(), e * h);
        float[] out = new float[h * n];
        // why: Wᵀ · Xᵀ gives the product unit by unit, the layout the scoring loops run along
        gemm.gemm(true, true, h, n, e, 1f, w, x, 0f, out);
        return out;
    }

    @Override
    public double[] score(Released released) {
        float[] x = FeatureMatrix.of(released, features);
        standardizer.apply(x, released.size());
        return network.score(x, released.size());
    }
}
