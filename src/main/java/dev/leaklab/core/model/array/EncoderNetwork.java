package dev.leaklab.core.model.array;

import dev.leaklab.core.task.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A RoBERTa encoder classifier (Liu et al., 2019) with hand-written forward and backward passes over Java
 * arrays, matrix products through OpenBLAS ({@link Blas}): token, position and token-type embeddings,
 * LayerNorm, post-norm blocks of multi-head self-attention (padding keys masked) and an exact-GELU
 * feed-forward network; the first position's vector (the {@code <s>} token) feeds a linear head with two
 * logits. Weight layout is [in, out]; Hugging Face checkpoints ([out, in]) are transposed on loading.
 *
 * <p>Why by hand: as a DL4J SameDiff layer the same encoder trained at 35 examples a second (128 wide, two
 * blocks, 200 tokens) and spent most of its time outside arithmetic; here (58 a second) the dense layers are
 * a few large matrix products per batch and attention is two small ones per sequence and head.
 * Not thread-safe: one network, one thread.
 */
final class EncoderNetwork implements ArrayNetwork {

    static final float LAYER_NORM_EPSILON = 1e-5f;

    /** The rows of a dense product that one thread takes at a time. */
    private static final int ROW_BLOCK = 256;

    final int vocabulary;
    final int width;
    final int feedForward;
    final int blocks;
    final int heads;
    final int positions;
    final float[] tokenEmbedding;
    final float[] positionEmbedding;
    final float[] typeEmbedding;
    final float[] embGain;
    final float[] embBias;
    final float[][] wq;
    final float[][] bq;
    final float[][] wk;
    final float[][] bk;
    final float[][] wv;
    final float[][] bv;
    final float[][] wo;
    final float[][] bo;
    final float[][] ln1g;
    final float[][] ln1b;
    final float[][] w1;
    final float[][] b1;
    final float[][] w2;
    final float[][] b2;
    final float[][] ln2g;
    final float[][] ln2b;
    final float[] headW;
    final float[] headB;
    /**
     * The arrays of passes done with, for the next ones. Why: a pass of 32 sequences of 200 tokens at width
     * 256 takes about 40 arrays of 6 to 26 MB; fresh ones each batch went straight to free heap regions (each a
     * "humongous" object), were zeroed there page by page and grew the heap to 6 GB in `bench models`, 1.7
     * million page faults a run. Bounded, since lengths vary from batch to batch: an eighth of the heap, at
     * most 512 MB.
     */
    final FloatPool pool = new FloatPool(
            Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8) / Float.BYTES);

    EncoderNetwork(int vocabulary, int width, int feedForward, int blocks, int heads, int positions) {
        Blas.load();
        if (width % heads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must divide the width (" + width + ")");
        }
        this.vocabulary = vocabulary;
        this.width = width;
        this.feedForward = feedForward;
        this.blocks = blocks;
        this.heads = heads;
        this.positions = positions;
        tokenEmbedding = new float[vocabulary * width];
        positionEmbedding = new float[positions * width];
        typeEmbedding = new float[width];
        embGain = new float[width];
        embBias = new float[width];
        wq = new float[blocks][width * width];
        bq = new float[blocks][width];
        wk = new float[blocks][width * width];
        bk = new float[blocks][width];
        wv = new float[blocks][width * width];
        bv = new float[blocks][width];
        wo = new float[blocks][width * width];
        bo = new float[blocks][width];
        ln1g = new float[blocks][width];
        ln1b = new float[blocks][width];
        w1 = new float[blocks][width * feedForward];
        b1 = new float[blocks][feedForward];
        w2 = new float[blocks][feedForward * width];
        b2 = new float[blocks][width];
        ln2g = new float[blocks][width];
        ln2b = new float[blocks][width];
        headW = new float[width * 2];
        headB = new float[2];
    }

    /** BERT's initialisation: weights and embeddings N(0, 0.02), LayerNorm gains 1, biases 0. */
    void initialise(long seed) {
        Random random = new Random(seed);
        for (float[] p : List.of(tokenEmbedding, positionEmbedding)) {
            gaussian(p, 0.02, random);
        }
        Arrays.fill(embGain, 1f);
        for (int l = 0; l < blocks; l++) {
            for (float[] p : List.of(wq[l], wk[l], wv[l], wo[l], w1[l], w2[l])) {
                gaussian(p, 0.02, random);
            }
            Arrays.fill(ln1g[l], 1f);
            Arrays.fill(ln2g[l], 1f);
        }
        gaussian(headW, 0.02, random);
    }

    private static void gaussian(float[] a, double sd, Random random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextGaussian() * sd);
        }
    }

    /** Every parameter array in a fixed order (the optimiser and checkpoints rely on it). */
    @Override
    public List<float[]> parameters() {
        List<float[]> all = new ArrayList<>(List.of(tokenEmbedding, positionEmbedding, typeEmbedding, embGain,
                embBias));
        for (int l = 0; l < blocks; l++) {
            all.addAll(List.of(wq[l], bq[l], wk[l], bk[l], wv[l], bv[l], wo[l], bo[l], ln1g[l], ln1b[l], w1[l], b1[l],
                    w2[l], b2[l], ln2g[l], ln2b[l]));
        }
        all.add(headW);
        all.add(headB);
        return all;
    }

    /**
     * The length of every array {@link #parameters()} gives for these sizes, in its order, computed in
     * {@code long} without allocating: a checkpoint's claims are checked against its file with these first.
     */
    static long[] parameterSizes(long vocabulary, long width, long feedForward, int blocks, long positions) {
        long[] sizes = new long[5 + 16 * blocks + 2];
        int k = 0;
        for (long size : new long[] {vocabulary * width, positions * width, width, width, width}) {
            sizes[k++] = size;
        }
        long square = width * width;
        for (int l = 0; l < blocks; l++) {
            for (long size : new long[] {square, width, square, width, square, width, square, width, width, width,
                    width * feedForward, feedForward, feedForward * width, width, width, width}) {
                sizes[k++] = size;
            }
        }
        sizes[k++] = width * 2;
        sizes[k] = 2;
        return sizes;
    }

    @Override
    public int representationSize() {
        return width;
    }

    @Override
    public void releaseTrainingArrays() {
        pool.clear();
    }

    /** What a forward pass keeps for the backward pass. */
    final class Pass implements Forward {
        final int batch;
        final int steps;
        final int[][] tokens;
        final int[] lengths;
        final boolean training;
        final float[] embDropMask;
        final LayerNormCache embNorm;
        /** Block inputs: index 0 is the embedding LayerNorm's output, index l + 1 block l's output. */
        final float[][] hidden;
        /** Per block, the queries, keys and values side by side: rows of 3 × width. */
        final float[][] qkv;
        /** Per block, W_q, W_k and W_v side by side (width × 3 width): what made qkv, for its gradient. */
        final float[][] qkvWeights;
        final float[][] probs;
        final float[][] context;
        final LayerNormCache[] norm1;
        final float[][] afterNorm1;
        final float[][] preGelu;
        final float[][] gelu;
        final LayerNormCache[] norm2;
        final float[] representation;
        final float[] repDropMask;
        final float[] logits;
        /** Every array this pass took from the pool, given back when nothing reads them any more. */
        private final FloatPool.Loan taken = pool.loan();

        @Override
        public float[] logits() {
            return logits;
        }

        /**
         * An array of at least {@code n} floats from the pool, given back with the pass, holding whatever it held:
         * its user writes each of the first {@code n} before reading it, and uses no more (arrays of a pass are
         * read and written by explicit sizes, never by their length). Why not cleared: every array but one is
         * written whole by a copy, a loop or a product, and clearing them was 2.5% of training's time.
         */
        float[] take(int n) {
            return taken.takeClassUncleared(n);
        }

        /** As {@link #take}, its first {@code n} floats zeros. */
        float[] takeZeros(int n) {
            return taken.takeClass(n);
        }

        /**
         * Gives every array this pass took back to the pool and forgets them: after it only the logits and the
         * representation may be read.
         */
        void release() {
            taken.giveBack();
            for (float[][] arrays : List.of(hidden, qkv, probs, context, afterNorm1, preGelu, gelu)) {
                Arrays.fill(arrays, null);
            }
            embNorm.normalised = null;
            for (LayerNormCache[] caches : List.of(norm1, norm2)) {
                for (LayerNormCache c : caches) {
                    if (c != null) {
                        c.normalised = null;
                    }
                }
            }
        }

        @Override
        public float[] representation() {
            return representation;
        }

        Pass(int[][] tokens, int[] lengths, boolean training) {
            this.batch = tokens.length;
            this.tokens = tokens;
            this.lengths = lengths;
            this.steps = ArrayNetwork.longest(lengths);
            this.training = training;
            this.embDropMask = training ? take(batch * steps * width) : null;
            this.embNorm = new LayerNormCache(batch * steps);
            this.hidden = new float[blocks + 1][];
            this.qkv = new float[blocks][];
            this.qkvWeights = new float[blocks][];
            this.probs = new float[blocks][];
            this.context = new float[blocks][];
            this.norm1 = new LayerNormCache[blocks];
            this.afterNorm1 = new float[blocks][];
            this.preGelu = new float[blocks][];
            this.gelu = new float[blocks][];
            this.norm2 = new LayerNormCache[blocks];
            this.representation = new float[batch * width];
            this.repDropMask = training ? new float[batch * width] : null;
            this.logits = new float[batch * 2];
        }
    }

    /** Row means and reciprocal standard deviations of a LayerNorm, and its normalised input. */
    static final class LayerNormCache {
        final float[] mean;
        final float[] rstd;
        float[] normalised;

        LayerNormCache(int rows) {
            mean = new float[rows];
            rstd = new float[rows];
        }
    }

    /**
     * Runs the encoder over a batch; each sequence's token 0 is its {@code <s>}.
     *
     * @param dropout on the embeddings and the representation (training only)
     */
    @Override
    public Pass forward(int[][] tokens, int[] lengths, boolean training, double dropout, RandomGenerator random) {
        Pass p = new Pass(tokens, lengths, training);
        int b = p.batch;
        int t = p.steps;
        int d = width;
        int rows = b * t;
        float[] x = p.take(rows * d);
        for (int r = 0; r < b; r++) {
            for (int s = 0; s < t; s++) {
                int row = (r * t + s) * d;
                int id = s < lengths[r] ? tokens[r][s] : 0;
                for (int j = 0; j < d; j++) {
                    x[row + j] = tokenEmbedding[id * d + j] + positionEmbedding[s * d + j] + typeEmbedding[j];
                }
            }
        }
        float[] h = layerNorm(p, x, rows, embGain, embBias, p.embNorm);
        if (training && dropout > 0) {
            dropout(h, rows * d, p.embDropMask, dropout, random);
        } else if (p.embDropMask != null) {
            Arrays.fill(p.embDropMask, 0, rows * d, 1f);
        }
        p.hidden[0] = h;
        for (int l = 0; l < blocks; l++) {
            h = block(p, l, h);
            p.hidden[l + 1] = h;
        }
        for (int r = 0; r < b; r++) {
            System.arraycopy(h, r * t * d, p.representation, r * d, d);
        }
        ClassifierHead.forward(p.representation, p.repDropMask, dropout, random, headW, headB, b, d, p.logits);
        if (!training) {
            p.release();
        }
        return p;
    }

    private static void dropout(float[] a, int n, float[] mask, double rate, RandomGenerator random) {
        float keep = (float) (1 - rate);
        for (int i = 0; i < n; i++) {
            float m = random.nextFloat() < keep ? 1f / keep : 0f;
            mask[i] = m;
            a[i] *= m;
        }
    }

    private float[] block(Pass p, int l, float[] h) {
        int b = p.batch;
        int t = p.steps;
        int d = width;
        int rows = b * t;
        // why: the three projections as one product of width × 3 width: the input is copied into native memory
        // once, not three times, and the backward pass's input gradient is one product, not three and two sums
        float[] weights = p.qkvWeights[l] = sideBySide(wq[l], wk[l], wv[l], d, d);
        float[] bias = sideBySide(bq[l], bk[l], bv[l], 1, d);
        float[] qkv = denseRows(p, h, rows, d, 3 * d, weights, bias);
        int dh = d / heads;
        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] context = p.take(rows * d);
        // why: attention weights are kept only for the backward pass; in inference they would be the largest
        // array of all (batch × heads × length² floats)
        float[] probs = p.training ? p.take(b * heads * t * t) : null;
        // why: the batch's sequences are independent: spread over the cores, each writes its own rows, so any
        // number of threads gives the same numbers
        int parts = Math.min(b, Parallel.threads());
        Parallel.forEach(parts, part -> {
            // why: from the pass's pool, as its other arrays (each written whole by a copy or a product before
            // it is read): fresh, they came to a megabyte a part of every batch for the collector
            float[] qh = p.take(t * dh);
            float[] kh = p.take(t * dh);
            float[] vh = p.take(t * dh);
            float[] scores = p.take(t * t);
            float[] ch = p.take(t * dh);
            for (int r = part * b / parts; r < (part + 1) * b / parts; r++) {
                attend(p, r, qkv, qh, kh, vh, scores, ch, probs, context, scale);
            }
        });
        float[] attention = denseRows(p, context, rows, d, d, wo[l], bo[l]);
        for (int i = 0; i < rows * d; i++) {
            attention[i] += h[i];
        }
        LayerNormCache n1 = new LayerNormCache(rows);
        float[] a1 = layerNorm(p, attention, rows, ln1g[l], ln1b[l], n1);
        float[] pre = denseRows(p, a1, rows, d, feedForward, w1[l], b1[l]);
        float[] g = p.take(rows * feedForward);
        for (int i = 0; i < rows * feedForward; i++) {
            g[i] = gelu(pre[i]);
        }
        float[] out = denseRows(p, g, rows, feedForward, d, w2[l], b2[l]);
        for (int i = 0; i < rows * d; i++) {
            out[i] += a1[i];
        }
        LayerNormCache n2 = new LayerNormCache(rows);
        float[] h2 = layerNorm(p, out, rows, ln2g[l], ln2b[l], n2);
        p.qkv[l] = qkv;
        p.probs[l] = probs;
        p.context[l] = context;
        p.norm1[l] = n1;
        p.afterNorm1[l] = a1;
        p.preGelu[l] = pre;
        p.gelu[l] = g;
        p.norm2[l] = n2;
        return h2;
    }

    /** Self-attention of sequence {@code r}, every head, into its rows of {@code context} (and of {@code probs}). */
    private void attend(Pass p, int r, float[] qkv, float[] qh, float[] kh, float[] vh,
                        float[] scores, float[] ch, float[] probs, float[] context, float scale) {
        int t = p.steps;
        int dh = width / heads;
        int len = p.lengths[r];
        for (int head = 0; head < heads; head++) {
            gatherHead(qkv, 3, 0, r, head, t, dh, qh);
            gatherHead(qkv, 3, 1, r, head, t, dh, kh);
            gatherHead(qkv, 3, 2, r, head, t, dh, vh);
            Blas.gemm(false, true, t, t, dh, scale, qh, kh, 0f, scores);
            int base = (r * heads + head) * t * t;
            softmaxRows(scores, t, len);
            if (probs != null) {
                System.arraycopy(scores, 0, probs, base, t * t);
            }
            Blas.gemm(false, false, t, dh, t, 1f, scores, vh, 0f, ch);
            scatterHead(ch, 1, 0, r, head, t, dh, context);
        }
    }

    /**
     * Each of the {@code t} rows of {@code scores} (t × t) turned into its softmax over its first {@code len}
     * entries, the rest zero, so padded keys get exactly no weight and padding can never leak into real tokens.
     * Why whole rows in place and one exponential over the whole matrix: row by row in a copy (as once here),
     * C2's vector loops spent much of each 200-value row in their scalar start and end; one loop over 40,000
     * values does not, and the rows' subtractions and scalings index a single array, which vectorises too;
     * the maxima go by comparison and the sums in eight chains ({@link #max}, {@link #sum}): 256 heads of 200
     * tokens in 15 ms against 24.
     */
    static void softmaxRows(float[] scores, int t, int len) {
        for (int i = 0; i < t; i++) {
            int row = i * t;
            float max = max(scores, row, len);
            for (int j = row; j < row + len; j++) {
                scores[j] -= max;
            }
        }
        // why: the padded entries too (finite, from the product): they are set to zero below
        for (int j = 0; j < t * t; j++) {
            scores[j] = FastMath.expNonPositive(scores[j]);
        }
        for (int i = 0; i < t; i++) {
            int row = i * t;
            float inv = (float) (1.0 / sum(scores, row, len));
            for (int j = row; j < row + len; j++) {
                scores[j] *= inv;
            }
            Arrays.fill(scores, row + len, row + t, 0f);
        }
    }

    /**
     * Head {@code head} of sequence {@code r} (t × dh) out of rows of {@code parts} × width, from part
     * {@code part} of each row (0 for arrays one width wide; 0, 1, 2 for queries, keys, values side by side).
     */
    private void gatherHead(float[] x, int parts, int part, int r, int head, int t, int dh, float[] into) {
        int stride = parts * width;
        int at = part * width + head * dh;
        for (int s = 0; s < t; s++) {
            System.arraycopy(x, (r * t + s) * stride + at, into, s * dh, dh);
        }
    }

    /** The inverse of {@link #gatherHead}: writes head {@code head} of sequence {@code r} into those rows. */
    private void scatterHead(float[] from, int parts, int part, int r, int head, int t, int dh, float[] x) {
        int stride = parts * width;
        int at = part * width + head * dh;
        for (int s = 0; s < t; s++) {
            System.arraycopy(from, s * dh, x, (r * t + s) * stride + at, dh);
        }
    }

    /**
     * Three matrices of {@code rows} × {@code cols} side by side: row i of the result is row i of a, of b and
     * of c in turn.
     */
    static float[] sideBySide(float[] a, float[] b, float[] c, int rows, int cols) {
        float[] all = new float[rows * 3 * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, i * cols, all, (3 * i) * cols, cols);
            System.arraycopy(b, i * cols, all, (3 * i + 1) * cols, cols);
            System.arraycopy(c, i * cols, all, (3 * i + 2) * cols, cols);
        }
        return all;
    }

    /** Adds each third of each row of {@code all} (rows × 3 cols) into a, b and c: the inverse of sideBySide. */
    static void addThirds(float[] all, int rows, int cols, float[] a, float[] b, float[] c) {
        float[][] into = {a, b, c};
        for (int i = 0; i < rows; i++) {
            for (int m = 0; m < 3; m++) {
                float[] target = into[m];
                int from = (3 * i + m) * cols;
                int to = i * cols;
                for (int j = 0; j < cols; j++) {
                    target[to + j] += all[from + j];
                }
            }
        }
    }

    /**
     * y = x·W + b for x of {@code rows} × {@code in}, in blocks of {@link #ROW_BLOCK} rows spread over the
     * threads. Why blocks of a fixed size, not one per thread: the matrix product's kernels round a row
     * differently by where it falls in the block, so blocks cut by the thread count gave different numbers on
     * one core and on two (ModelsTest checks one thread against all).
     */
    private static float[] denseRows(Pass p, float[] x, int rows, int in, int out, float[] w, float[] bias) {
        float[] y = p.take(rows * out);
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        // why: each thread a run of whole blocks, so it copies W into native memory once for them all
        int parts = Math.min(blocks, Parallel.threads());
        Parallel.forEach(parts, part -> Blas.dense(x, part * blocks / parts * ROW_BLOCK,
                Math.min(rows, (part + 1) * blocks / parts * ROW_BLOCK), in, out, w, bias, y, ROW_BLOCK));
        return y;
    }

    private float[] layerNorm(Pass p, float[] x, int rows, float[] gain, float[] bias, LayerNormCache cache) {
        int d = width;
        float[] y = p.take(rows * d);
        float[] normalised = p.take(rows * d);
        // why: each row is worked on in copies indexed from 0, as gain and bias are: on JDK 17 a loop that
        // reads one array at o + j and another at j stays scalar (twice the time of copying and vectorising)
        float[] xr = new float[d];
        float[] nr = new float[d];
        float[] yr = new float[d];
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            System.arraycopy(x, o, xr, 0, d);
            double mean = sum(xr, 0, d) / d;
            double var = squaredDeviations(xr, 0, d, mean) / d;
            float rstd = (float) (1.0 / Math.sqrt(var + LAYER_NORM_EPSILON));
            float m = (float) mean;
            cache.mean[r] = m;
            cache.rstd[r] = rstd;
            // why: float arithmetic here, where a double mean made every element convert twice
            for (int j = 0; j < d; j++) {
                float n = (xr[j] - m) * rstd;
                nr[j] = n;
                yr[j] = n * gain[j] + bias[j];
            }
            System.arraycopy(nr, 0, normalised, o, d);
            System.arraycopy(yr, 0, y, o, d);
        }
        cache.normalised = normalised;
        return y;
    }

    /**
     * The sum of {@code x[from, from + n)} in double, in eight running sums. Why eight: one running sum waits for
     * each addition to finish before the next (a row of 256 took a quarter of the encoder's Java time in its
     * LayerNorms); four sums took as long as one over attention's rows of 200 (21.8 µs a head against 20.5),
     * eight took 12.3.
     */
    static double sum(float[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int end = from + n;
        int j = from;
        for (; j + 7 < end; j += 8) {
            s0 += x[j];
            s1 += x[j + 1];
            s2 += x[j + 2];
            s3 += x[j + 3];
            s4 += x[j + 4];
            s5 += x[j + 5];
            s6 += x[j + 6];
            s7 += x[j + 7];
        }
        for (; j < end; j++) {
            s0 += x[j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The sum of {@code a[i] · b[i]} (each product in float) over i in {@code [from, from + n)}, as {@link #sum}. */
    static double dot(float[] a, float[] b, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int end = from + n;
        int j = from;
        for (; j + 7 < end; j += 8) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
            s4 += a[j + 4] * b[j + 4];
            s5 += a[j + 5] * b[j + 5];
            s6 += a[j + 6] * b[j + 6];
            s7 += a[j + 7] * b[j + 7];
        }
        for (; j < end; j++) {
            s0 += a[j] * b[j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * The largest of {@code x[from, from + n)}, negative infinity if none. Why a comparison, not
     * {@code Math.max}: on JDK 17 Math.max over floats keeps its NaN and signed-zero rules with a slow
     * sequence (23.6 µs over a head's 200 rows of 200 against 9.6); attention's scores are finite.
     */
    static float max(float[] x, int from, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < from + n; j++) {
            float v = x[j];
            max = v > max ? v : max;
        }
        return max;
    }

    /** The sum of {@code (x[i] − mean)²} over {@code x[from, from + n)}, as {@link #sum}. */
    static double squaredDeviations(float[] x, int from, int n, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int end = from + n;
        int j = from;
        for (; j + 7 < end; j += 8) {
            double c0 = x[j] - mean;
            double c1 = x[j + 1] - mean;
            double c2 = x[j + 2] - mean;
            double c3 = x[j + 3] - mean;
            double c4 = x[j + 4] - mean;
            double c5 = x[j + 5] - mean;
            double c6 = x[j + 6] - mean;
            double c7 = x[j + 7] - mean;
            s0 += c0 * c0;
            s1 += c1 * c1;
            s2 += c2 * c2;
            s3 += c3 * c3;
            s4 += c4 * c4;
            s5 += c5 * c5;
            s6 += c6 * c6;
            s7 += c7 * c7;
        }
        for (; j < end; j++) {
            double c = x[j] - mean;
            s0 += c * c;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static float gelu(float x) {
        return FastMath.gelu(x);
    }

    // ---- backward -----------------------------------------------------------------------------------------

    /** Adds every parameter's gradient into {@code grads} (the order of {@link #parameters()}). */
    @Override
    public void backward(Forward forward, float[] dLogits, List<float[]> grads) {
        Pass p = (Pass) forward;
        try {
            int b = p.batch;
            int t = p.steps;
            int d = width;
            int rows = b * t;
            int g = grads.size();
            float[] dRep = ClassifierHead.backward(p.representation, p.repDropMask, dLogits, headW, b, d,
                    grads.get(g - 2), grads.get(g - 1));
            // why: zeros, since only each sequence's first position gets a gradient from the head
            float[] dh = p.takeZeros(rows * d);
            for (int r = 0; r < b; r++) {
                System.arraycopy(dRep, r * d, dh, r * t * d, d);
            }
            for (int l = blocks - 1; l >= 0; l--) {
                dh = backBlock(p, l, dh, grads, 5 + 16 * l);
            }
            if (p.embDropMask != null) {
                for (int i = 0; i < rows * d; i++) {
                    dh[i] *= p.embDropMask[i];
                }
            }
            float[] dx = layerNormBackward(p, dh, rows, embGain, p.embNorm, grads.get(3), grads.get(4));
            float[] gToken = grads.get(0);
            float[] gPosition = grads.get(1);
            float[] gType = grads.get(2);
            for (int r = 0; r < b; r++) {
                for (int s = 0; s < p.lengths[r]; s++) {
                    int row = (r * t + s) * d;
                    int id = p.tokens[r][s];
                    for (int j = 0; j < d; j++) {
                        float v = dx[row + j];
                        gToken[id * d + j] += v;
                        gPosition[s * d + j] += v;
                        gType[j] += v;
                    }
                }
            }
        } finally {
            // why: the backward pass is the last to read the forward's arrays, and its own
            p.release();
        }
    }

    private float[] backBlock(Pass p, int l, float[] dOut, List<float[]> grads, int base) {
        int b = p.batch;
        int t = p.steps;
        int d = width;
        int rows = b * t;
        float[] h = p.hidden[l];
        // second LayerNorm, then the feed-forward network and its residual
        float[] dR2 = layerNormBackward(p, dOut, rows, ln2g[l], p.norm2[l], grads.get(base + 14),
                grads.get(base + 15));
        float[] dA1 = copy(p, dR2, rows * d);
        float[] dG = denseBackward(p, dR2, p.gelu[l], rows, feedForward, d, w2[l], grads.get(base + 12),
                grads.get(base + 13));
        float[] pre = p.preGelu[l];
        // why: the GELU's output is read by nothing after W2's gradient, so it is the gradient's scratch
        FastMath.timesGeluGrad(dG, pre, rows * feedForward, p.gelu[l]);
        float[] dA1ff = denseBackward(p, dG, p.afterNorm1[l], rows, d, feedForward, w1[l], grads.get(base + 10),
                grads.get(base + 11));
        for (int i = 0; i < rows * d; i++) {
            dA1[i] += dA1ff[i];
        }
        // first LayerNorm, then attention and its residual
        float[] dR1 = layerNormBackward(p, dA1, rows, ln1g[l], p.norm1[l], grads.get(base + 8), grads.get(base + 9));
        float[] dH = copy(p, dR1, rows * d);
        float[] dContext = denseBackward(p, dR1, p.context[l], rows, d, d, wo[l], grads.get(base + 6),
                grads.get(base + 7));
        int dh = d / heads;
        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] dQkv = p.take(rows * 3 * d);
        int parts = Math.min(b, Parallel.threads());
        Parallel.forEach(parts, part -> {
            float[][] scratch = new float[9][];
            for (int m = 0; m < 9; m++) {
                scratch[m] = p.take(m == 4 || m == 5 ? t * t : t * dh);
            }
            for (int r = part * b / parts; r < (part + 1) * b / parts; r++) {
                attendBackward(p, l, r, dContext, dQkv, scratch, scale);
            }
        });
        // zeros: the products add into them
        float[] gWeights = p.takeZeros(d * 3 * d);
        float[] gBias = p.takeZeros(3 * d);
        float[] dIn = denseBackward(p, dQkv, h, rows, d, 3 * d, p.qkvWeights[l], gWeights, gBias);
        addThirds(gWeights, d, d, grads.get(base), grads.get(base + 2), grads.get(base + 4));
        addThirds(gBias, 1, d, grads.get(base + 1), grads.get(base + 3), grads.get(base + 5));
        for (int i = 0; i < rows * d; i++) {
            dH[i] += dIn[i];
        }
        return dH;
    }

    /** The backward pass of sequence {@code r}'s attention: its rows of dq, dk and dv, side by side in dQkv. */
    private void attendBackward(Pass p, int l, int r, float[] dContext, float[] dQkv,
                                float[][] scratch, float scale) {
        int t = p.steps;
        int dh = width / heads;
        float[] qh = scratch[0];
        float[] kh = scratch[1];
        float[] vh = scratch[2];
        float[] dch = scratch[3];
        float[] probs = scratch[4];
        float[] dProbs = scratch[5];
        float[] dqh = scratch[6];
        float[] dkh = scratch[7];
        float[] dvh = scratch[8];
        int len = p.lengths[r];
        for (int head = 0; head < heads; head++) {
            gatherHead(p.qkv[l], 3, 0, r, head, t, dh, qh);
            gatherHead(p.qkv[l], 3, 1, r, head, t, dh, kh);
            gatherHead(p.qkv[l], 3, 2, r, head, t, dh, vh);
            gatherHead(dContext, 1, 0, r, head, t, dh, dch);
            System.arraycopy(p.probs[l], (r * heads + head) * t * t, probs, 0, t * t);
            Blas.gemm(true, false, t, dh, t, 1f, probs, dch, 0f, dvh);
            Blas.gemm(false, true, t, t, dh, 1f, dch, vh, 0f, dProbs);
            for (int i = 0; i < t; i++) {
                int row = i * t;
                // why: in place, both arrays read at the same index (row + j), so the loops vectorise without
                // the row copies they once went through
                float dotF = (float) dot(dProbs, probs, row, len);
                for (int j = row; j < row + len; j++) {
                    dProbs[j] = probs[j] * (dProbs[j] - dotF) * scale;
                }
                Arrays.fill(dProbs, row + len, row + t, 0f);
            }
            Blas.gemm(false, false, t, dh, t, 1f, dProbs, kh, 0f, dqh);
            Blas.gemm(true, false, t, dh, t, 1f, dProbs, qh, 0f, dkh);
            scatterHead(dqh, 3, 0, r, head, t, dh, dQkv);
            scatterHead(dkh, 3, 1, r, head, t, dh, dQkv);
            scatterHead(dvh, 3, 2, r, head, t, dh, dQkv);
        }
    }

    /** A copy of the first {@code n} floats of {@code a}, from the pass's pool. */
    private static float[] copy(Pass p, float[] a, int n) {
        float[] c = p.take(n);
        System.arraycopy(a, 0, c, 0, n);
        return c;
    }

    /** For y = x·W + b: adds dW and db, returns dx. */
    private static float[] denseBackward(Pass p, float[] dy, float[] x, int rows, int in, int out, float[] w,
                                         float[] gW, float[] gB) {
        float[] dx = p.take(rows * in);
        // why: the weight gradient and the input gradient are two independent products
        Parallel.both(() -> {
            Blas.gemm(true, false, in, out, rows, 1f, x, dy, 1f, gW);
            // why: each row through a copy indexed from 0, as gB is, so the sum vectorises (read at o + j
            // beside gB at j, it stayed scalar: 0.63 ns a value against 0.30, 3% of training time)
            float[] row = new float[out];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dy, r * out, row, 0, out);
                for (int j = 0; j < out; j++) {
                    gB[j] += row[j];
                }
            }
        }, () -> Blas.gemm(false, true, rows, in, out, 1f, dy, w, 0f, dx));
        return dx;
    }

    private float[] layerNormBackward(Pass p, float[] dy, int rows, float[] gain, LayerNormCache cache,
                                      float[] gGain, float[] gBias) {
        int d = width;
        float[] dx = p.take(rows * d);
        float[] n = cache.normalised;
        // why: rows in copies indexed from 0, as in the forward pass, so the element-wise loops vectorise
        float[] dyr = new float[d];
        float[] nr = new float[d];
        float[] dxr = new float[d];
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            System.arraycopy(dy, o, dyr, 0, d);
            System.arraycopy(n, o, nr, 0, d);
            // why: the gradients of gain and bias apart from the row's two sums, so this loop vectorises and
            // the sums run in four chains each (as sum)
            for (int j = 0; j < d; j++) {
                float dyj = dyr[j];
                gGain[j] += dyj * nr[j];
                gBias[j] += dyj;
            }
            double dn0 = 0;
            double dn1 = 0;
            double dn2 = 0;
            double dn3 = 0;
            double dnN0 = 0;
            double dnN1 = 0;
            double dnN2 = 0;
            double dnN3 = 0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                float a0 = dyr[j] * gain[j];
                float a1 = dyr[j + 1] * gain[j + 1];
                float a2 = dyr[j + 2] * gain[j + 2];
                float a3 = dyr[j + 3] * gain[j + 3];
                dn0 += a0;
                dn1 += a1;
                dn2 += a2;
                dn3 += a3;
                dnN0 += a0 * nr[j];
                dnN1 += a1 * nr[j + 1];
                dnN2 += a2 * nr[j + 2];
                dnN3 += a3 * nr[j + 3];
            }
            for (; j < d; j++) {
                float a = dyr[j] * gain[j];
                dn0 += a;
                dnN0 += a * nr[j];
            }
            double sumDn = (dn0 + dn1) + (dn2 + dn3);
            double sumDnN = (dnN0 + dnN1) + (dnN2 + dnN3);
            float rstd = cache.rstd[r];
            float meanDn = (float) (sumDn / d);
            float meanDnN = (float) (sumDnN / d);
            for (int k = 0; k < d; k++) {
                float dn = dyr[k] * gain[k];
                dxr[k] = rstd * (dn - meanDn - nr[k] * meanDnN);
            }
            System.arraycopy(dxr, 0, dx, o, d);
        }
        return dx;
    }
}
