package dev.leaklab.core.model.array;

import dev.leaklab.core.task.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A bidirectional LSTM or GRU classifier with hand-written forward and backward passes over Java arrays,
 * matrix products through OpenBLAS ({@link Blas}): token embedding, stacked bidirectional layers, masked mean
 * pooling over each sequence's real tokens, and a linear head with two logits.
 *
 * <p>Why not DL4J's layers: its {@code Bidirectional(LSTM)} gave outputs that changed with the padded length
 * of the batch, its SameDiff layers (the only way to a GRU) trained at 16 to 25 examples a second at
 * embedding 128, hidden 128, length 200, and both spent their time in per-operation overhead rather than
 * arithmetic. Here the input projection of a chunk of steps is one matrix product, a step adds only its
 * recurrent product and flat, vectorised gate loops ({@link Activations}), and backwards the weight gradients
 * of a chunk of steps are again one product each; all products run in native scratch memory
 * ({@link NativeMatrices}). The two directions of a layer run side by side when a second core is allowed.
 *
 * <p>Sequences of a batch have their own lengths. The forward direction reads tokens 0 to L−1; the backward
 * direction reads them from L−1 down to 0, so it starts at the real last token. Steps past a sequence's
 * length are computed (the batch shares one matrix product) but never pooled, so they carry no gradient.
 * Inference passes may run at once on several threads, each with its own native scratch memory; a training
 * pass must not overlap an update of the weights.
 */
final class RecurrentNetwork implements ArrayNetwork {

    /** The recurrent cell. */
    enum Cell {
        /** Gates i, f, g, o (Hochreiter and Schmidhuber, 1997). */
        LSTM(4),
        /** Gates r, z, n as in cuDNN and PyTorch (Cho et al., 2014), with a separate recurrent bias. */
        GRU(3);

        final int gates;

        Cell(int gates) {
            this.gates = gates;
        }
    }

    final Cell cell;
    final int vocabulary;
    final int embedding;
    final int hidden;
    final int layers;
    final float[] embeddingTable;
    final float[][] wx;
    final float[][] wh;
    final float[][] bx;
    final float[][] bh;
    final float[] headW;
    final float[] headB;

    RecurrentNetwork(Cell cell, int vocabulary, int embedding, int hidden, int layers) {
        Blas.load();
        this.cell = cell;
        this.vocabulary = vocabulary;
        this.embedding = embedding;
        this.hidden = hidden;
        this.layers = layers;
        int g = cell.gates * hidden;
        embeddingTable = new float[vocabulary * embedding];
        wx = new float[2 * layers][];
        wh = new float[2 * layers][];
        bx = new float[2 * layers][];
        bh = new float[2 * layers][];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? embedding : 2 * hidden;
            for (int d = 0; d < 2; d++) {
                wx[2 * l + d] = new float[in * g];
                wh[2 * l + d] = new float[hidden * g];
                bx[2 * l + d] = new float[g];
                bh[2 * l + d] = new float[cell == Cell.GRU ? g : 0];
            }
        }
        headW = new float[2 * hidden * 2];
        headB = new float[2];
    }

    /** Seeded initialisation: embeddings N(0, 0.1), Glorot-uniform weights, LSTM forget-gate bias 1. */
    void initialise(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < embeddingTable.length; i++) {
            embeddingTable[i] = (float) (random.nextGaussian() * 0.1);
        }
        int g = cell.gates * hidden;
        for (int k = 0; k < wx.length; k++) {
            int in = wx[k].length / g;
            uniform(wx[k], Math.sqrt(6.0 / (in + g)), random);
            uniform(wh[k], Math.sqrt(6.0 / (hidden + g)), random);
            if (cell == Cell.LSTM) {
                // why: forget gates start open so early gradients reach far back (Jozefowicz et al., 2015)
                java.util.Arrays.fill(bx[k], hidden, 2 * hidden, 1f);
            }
        }
        uniform(headW, Math.sqrt(6.0 / (2 * hidden + 2)), random);
    }

    private static void uniform(float[] a, double limit, Random random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }

    /** Every parameter array, in a fixed order (the optimiser and checkpoints rely on it). */
    @Override
    public List<float[]> parameters() {
        List<float[]> all = new ArrayList<>();
        all.add(embeddingTable);
        for (int k = 0; k < wx.length; k++) {
            all.add(wx[k]);
            all.add(wh[k]);
            all.add(bx[k]);
            all.add(bh[k]);
        }
        all.add(headW);
        all.add(headB);
        return all;
    }

    /**
     * The length of every array {@link #parameters()} gives for these sizes, in its order, computed in
     * {@code long} without allocating: a checkpoint's claims are checked against its file with these first.
     */
    static long[] parameterSizes(Cell cell, long vocabulary, long embedding, long hidden, int layers) {
        long g = cell.gates * hidden;
        long[] sizes = new long[1 + 8 * layers + 2];
        int k = 0;
        sizes[k++] = vocabulary * embedding;
        for (int l = 0; l < layers; l++) {
            long in = l == 0 ? embedding : 2 * hidden;
            for (int d = 0; d < 2; d++) {
                sizes[k++] = in * g;
                sizes[k++] = hidden * g;
                sizes[k++] = g;
                sizes[k++] = cell == Cell.GRU ? g : 0;
            }
        }
        sizes[k++] = 2 * hidden * 2;
        sizes[k] = 2;
        return sizes;
    }

    /** Width of the pooled representation: both directions. */
    @Override
    public int representationSize() {
        return 2 * hidden;
    }

    // ---- forward ------------------------------------------------------------------------------------------

    /**
     * Rows of one input-projection or weight-gradient product: that many (step, sample) rows go through OpenBLAS
     * at once. Why: one product over 16 steps of a batch of 32 runs near the core's peak, where 16 products of
     * 32 rows ran at half of it; 512 rows keep the scratch memory of a batch of 256 under 2 MB a matrix.
     */
    private static final int CHUNK_ROWS = 512;

    // the scratch buffers of a pass (NativeMatrices slots); weights follow from WEIGHTS on
    private static final int X = 0;
    private static final int G = 1;
    private static final int TILE = 2;
    private static final int H = 3;
    private static final int HW = 4;
    private static final int H_TILE = 5;
    private static final int DH = 6;
    private static final int GRAD_X = 7;
    private static final int GRAD_H = 8;
    private static final int GRAD_BX = 9;
    private static final int GRAD_BH = 10;
    private static final int ONES = 11;
    private static final int DX = 12;
    private static final int BIAS = 13;
    private static final int WEIGHTS = 14;

    /** The arrays a training pass keeps for backpropagation, given back once it has been backpropagated. */
    private final FloatPool kept = new FloatPool();
    /**
     * Each direction's own working arrays (its steps' parts and states, its gradients), apart from the arrays
     * both directions or the pass share ({@link #kept}).
     */
    // why: the two directions run side by side, and from one shared pool each took, batch after batch, arrays
    // the other had last written, from the other core's caches; with a pool each, two threads trained the
    // BiLSTM 64 / 64 at 1,330 against 1,255 examples/s (medians of six rounds of a phase harness) and the BiGRU
    // 64 / 64 at 1,794 to 1,803 against 1,479 to 1,661 in `bench models`, one thread unchanged
    private final FloatPool[] own = {new FloatPool(), new FloatPool()};
    /** Native scratch memory, one per pass running at a time; reused from pass to pass. */
    private final java.util.concurrent.ConcurrentLinkedDeque<NativeMatrices> scratch =
            new java.util.concurrent.ConcurrentLinkedDeque<>();

    /** What a forward pass keeps: enough for the backward pass when training, the outputs either way. */
    final class Pass implements Forward {
        final int batch;
        final int steps;
        final int[] lengths;
        final int[][] tokens;
        /** Embedded input per time step [B × E], after dropout. */
        final float[][] embedded;
        final float[][] embeddingDropMask;
        /**
         * Layer outputs per layer and time step [B × 2H]; zero past a sequence's end. In inference the top
         * layer's are not kept (they are pooled as they come).
         */
        final float[][][] outputs;
        /** Per layer and direction, per processing step: the inputs [B × in] and the states [B × H]. */
        final float[][][] inputs;
        final float[][][] states;
        /**
         * Per layer and direction, per part and processing step [B × H], training only. LSTM: the gates i, f,
         * g, o after their activations, the cell c and tanh(c). GRU: r, z, n, and the recurrent n-part W·h + b.
         */
        final float[][][][] parts;
        final float[] representation;
        final float[] representationDropMask;
        final float[] logits;
        final boolean training;
        /**
         * The distinct tokens of the batch and, by token id, each one's place among them (−1 when absent), when
         * the first layer's input projection is looked up rather than multiplied; {@code null} otherwise.
         */
        int[] unique;
        int[] place;
        /** Native scratch memory for each direction, from the forward pass to the end of the backward one. */
        final NativeMatrices[] matrices = new NativeMatrices[2];

        @Override
        public float[] logits() {
            return logits;
        }

        @Override
        public float[] representation() {
            return representation;
        }

        Pass(int[][] tokens, int[] lengths, boolean training) {
            this.batch = tokens.length;
            this.lengths = lengths;
            this.tokens = tokens;
            this.steps = ArrayNetwork.longest(lengths);
            this.training = training;
            this.embedded = new float[steps][];
            this.embeddingDropMask = new float[steps][];
            this.outputs = new float[layers][steps][];
            this.inputs = new float[2 * layers][][];
            this.states = new float[2 * layers][][];
            this.parts = new float[2 * layers][][][];
            this.representation = new float[batch * 2 * hidden];
            this.representationDropMask = training ? new float[batch * 2 * hidden] : null;
            this.logits = new float[batch * 2];
        }
    }

    @Override
    public void releaseTrainingArrays() {
        kept.clear();
        own[0].clear();
        own[1].clear();
    }

    /** Floats held in the pools now (for tests). */
    long pooledFloats() {
        return kept.held() + own[0].held() + own[1].held();
    }

    /** The floats the pools have allocated so far for want of an array to hand out (for tests). */
    long poolCreatedFloats() {
        return kept.created() + own[0].created() + own[1].created();
    }

    private NativeMatrices takeScratch() {
        NativeMatrices m = scratch.pollFirst();
        return m != null ? m : new NativeMatrices();
    }

    private void giveBack(Pass p) {
        for (int d = 0; d < 2; d++) {
            if (p.matrices[d] != null) {
                scratch.offerFirst(p.matrices[d]);
                p.matrices[d] = null;
            }
        }
    }

    /**
     * Copies the weight matrices of direction {@code d} into its native memory (once a pass: they do not
     * change within one).
     */
    private void loadWeights(NativeMatrices m, int d) {
        for (int k = d; k < wx.length; k += 2) {
            NativeMatrices.put(m.buffer(WEIGHTS + 2 * k, wx[k].length), 0, wx[k], 0, wx[k].length);
            NativeMatrices.put(m.buffer(WEIGHTS + 2 * k + 1, wh[k].length), 0, wh[k], 0, wh[k].length);
        }
    }

    private static int chunkSteps(int batch, int steps) {
        return Math.max(1, Math.min(steps, CHUNK_ROWS / batch));
    }

    /**
     * A native rows × width matrix whose every row is {@code bias}: a column of ones times the bias row (1 · b
     * is b exactly). Why not rows filled in Java and copied in: that allocated a megabyte for every direction of
     * every batch, a tenth of what training allocated.
     */
    private static org.bytedeco.javacpp.FloatPointer tile(NativeMatrices m, int slot, float[] bias, int rows) {
        int width = bias.length;
        org.bytedeco.javacpp.FloatPointer row = m.buffer(BIAS, width);
        NativeMatrices.put(row, 0, bias, 0, width);
        org.bytedeco.javacpp.FloatPointer ones = m.ones(ONES, rows);
        org.bytedeco.javacpp.FloatPointer t = m.buffer(slot, (long) rows * width);
        NativeMatrices.gemm(false, false, rows, width, 1, 1f, ones, 0, row, 0, 0f, t, 0);
        return t;
    }

    /**
     * Runs the network over a batch.
     *
     * @param tokens   token ids per sample (only the first {@code lengths[b]} are read)
     * @param lengths  real lengths, at least 1
     * @param dropout  dropout probability on the embeddings and the representation (training only)
     * @param random   dropout's random source (training only)
     */
    @Override
    public Pass forward(int[][] tokens, int[] lengths, boolean training, double dropout, RandomGenerator random) {
        Pass p = new Pass(tokens, lengths, training);
        int b = p.batch;
        float keep = (float) (1 - dropout);
        boolean drop = training && dropout > 0;
        if (!drop) {
            distinctTokens(p);
        }
        // why: a pass that looks the first projection up never reads the embedded inputs: not to run it, and
        // not to backpropagate (the input weights' and the embedding's gradients come per distinct token)
        boolean embed = !looksUp(p, 0);
        // why: a training pass's arrays for the backward pass come from the pool (given back by giveKept)
        float[][] xs = training && embed ? kept.takeMany(b * embedding, p.steps, true) : null;
        float[][] masks = drop ? kept.takeMany(b * embedding, p.steps, true) : null;
        for (int t = 0; t < p.steps && embed; t++) {
            float[] x = training ? xs[t] : new float[b * embedding];
            float[] mask = drop ? masks[t] : null;
            for (int r = 0; r < b; r++) {
                if (t >= lengths[r]) {
                    continue;
                }
                int id = tokens[r][t];
                System.arraycopy(embeddingTable, id * embedding, x, r * embedding, embedding);
                if (drop) {
                    for (int e = 0; e < embedding; e++) {
                        float m = random.nextFloat() < keep ? 1f / keep : 0f;
                        mask[r * embedding + e] = m;
                        x[r * embedding + e] *= m;
                    }
                }
            }
            p.embedded[t] = x;
            p.embeddingDropMask[t] = mask;
        }
        for (int d = 0; d < 2; d++) {
            p.matrices[d] = takeScratch();
        }
        try {
            float[][] layerInput = p.embedded;
            int inWidth = embedding;
            for (int l = 0; l < layers; l++) {
                // why: in inference the top layer's states go straight into the pooled sums, not into arrays
                // of every step: a batch of 256 at hidden 128 would otherwise keep 52 MB for the collector
                float[][] out = training || l < layers - 1 ? p.outputs[l] : null;
                if (out != null) {
                    System.arraycopy(zeros(training ? kept : null, b * 2 * hidden, p.steps), 0, out, 0, p.steps);
                }
                float[][] input = layerInput;
                int width = inWidth;
                int layer = l;
                // why: the two directions are independent and each writes its own half of the outputs, so they
                // run side by side (Parallel) with the same numbers as one after the other; measured against
                // data-parallel halves of a batch, this keeps a step's products at the batch's full height and
                // needs no fixed split for one-core and many-core runs to agree
                Parallel.both(() -> direction(p, layer, 0, input, width, out),
                        () -> direction(p, layer, 1, input, width, out));
                layerInput = out;
                inWidth = 2 * hidden;
            }
        } finally {
            if (!training) {
                giveBack(p);
            }
        }
        float[][] top = p.outputs[layers - 1];
        int w = 2 * hidden;
        for (int r = 0; r < b; r++) {
            float inv = 1f / lengths[r];
            for (int t = 0; t < lengths[r] && training; t++) {
                float[] o = top[t];
                for (int j = 0; j < w; j++) {
                    p.representation[r * w + j] += o[r * w + j];
                }
            }
            for (int j = 0; j < w; j++) {
                p.representation[r * w + j] *= inv;
            }
        }
        ClassifierHead.forward(p.representation, p.representationDropMask, dropout, random, headW, headB, b, w,
                p.logits);
        return p;
    }

    /**
     * Finds the batch's distinct tokens, so the first layer can look its input projection up: x · W_x for an
     * embedded token is row t of E · W_x. Why: a batch of 256 full-length samples has 51,200 positions but at
     * most as many distinct tokens as the vocabulary, so the product shrinks by that ratio (about 25 times
     * with a vocabulary of 2,000) and inference, which has no dropout, does half the arithmetic of before. Not
     * used when fewer than half the positions would be saved, or under embedding dropout (then x is not a row
     * of E).
     */
    private void distinctTokens(Pass p) {
        int[] place = new int[vocabulary];
        java.util.Arrays.fill(place, -1);
        int count = 0;
        long positions = 0;
        for (int r = 0; r < p.batch; r++) {
            positions += p.lengths[r];
            for (int t = 0; t < p.lengths[r]; t++) {
                int id = p.tokens[r][t];
                if (place[id] < 0) {
                    place[id] = count++;
                }
            }
        }
        if (2L * (count + 1) > positions) {
            return;
        }
        int[] unique = new int[count];
        for (int id = 0; id < vocabulary; id++) {
            if (place[id] >= 0) {
                unique[place[id]] = id;
            }
        }
        p.unique = unique;
        p.place = place;
    }

    /**
     * Rows E[t] · W_x + b_x for the batch's distinct tokens t, then one row of b_x alone for the steps past a
     * sequence's end (where the input is zero).
     */
    private float[] projectionTable(Pass p, int k, FloatPool.Loan loan) {
        int u = p.unique.length;
        int g = cell.gates * hidden;
        // why: both sized by the batch's distinct tokens, so taken by size class, and written in full here
        float[] rows = loan.takeClassUncleared(u * embedding);
        for (int i = 0; i < u; i++) {
            System.arraycopy(embeddingTable, p.unique[i] * embedding, rows, i * embedding, embedding);
        }
        float[] table = loan.takeClassUncleared((u + 1) * g);
        for (int i = 0; i <= u; i++) {
            System.arraycopy(bx[k], 0, table, i * g, g);
        }
        NativeMatrices m = p.matrices[k % 2];
        org.bytedeco.javacpp.FloatPointer a = m.buffer(X, (long) u * embedding);
        org.bytedeco.javacpp.FloatPointer c = m.buffer(G, (long) (u + 1) * g);
        NativeMatrices.put(a, 0, rows, 0, u * embedding);
        NativeMatrices.put(c, 0, table, 0, (u + 1) * g);
        NativeMatrices.gemm(false, false, u, g, embedding, 1f, a, 0, m.buffer(WEIGHTS + 2 * k, wx[k].length), 0, 1f,
                c, 0);
        NativeMatrices.get(c, 0, table, 0, u * g);
        return table;
    }

    /** Direction {@code d} of layer {@code l}: its states, written into its half of the layer's outputs. */
    private void direction(Pass p, int l, int d, float[][] layerInput, int inWidth, float[][] out) {
        int b = p.batch;
        int k = 2 * l + d;
        if (l == 0) {
            loadWeights(p.matrices[d], d);
        }
        boolean unread = looksUp(p, l);
        float[][] in = unread ? null : d == 0 ? layerInput
                : reverse(layerInput, p.lengths, b, inWidth, p.steps, p.training ? own(1) : null);
        p.inputs[k] = in;
        runDirection(p, k, in, inWidth, out);
    }

    /** {@code count} arrays of {@code n} zeros: from {@code pool} (a training pass's), or new when it is null. */
    private static float[][] zeros(FloatPool pool, int n, int count) {
        if (pool != null) {
            return pool.takeMany(n, count, true);
        }
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = new float[n];
        }
        return out;
    }

    /** Each sample's first {@code length} steps in reverse order; zeros after; arrays from {@code pool} if any. */
    private static float[][] reverse(float[][] x, int[] lengths, int b, int width, int steps, FloatPool pool) {
        float[][] out = zeros(pool, b * width, steps);
        for (int r = 0; r < b; r++) {
            for (int s = 0; s < lengths[r]; s++) {
                System.arraycopy(x[lengths[r] - 1 - s], r * width, out[s], r * width, width);
            }
        }
        return out;
    }

    /**
     * One direction of one layer: the input projection of a chunk of steps as one product (biases included),
     * then per step the recurrent product and the gate arithmetic in flat loops ({@link Activations}).
     */
    private void runDirection(Pass p, int k, float[][] in, int inWidth, float[][] out) {
        NativeMatrices m = p.matrices[k % 2];
        int b = p.batch;
        int h = hidden;
        int g = cell.gates * h;
        int n = b * h;
        int steps = p.steps;
        boolean keep = p.training;
        int partCount = cell == Cell.LSTM ? 6 : 4;
        float[][][] saved = keep ? new float[partCount][steps][] : null;
        float[][] statesOut = keep ? new float[steps][] : null;
        // why: the call's own working arrays come from the pool and go back at its end: allocated afresh, a
        // direction's gate rows, step buffers and gradient carries came to megabytes a batch, and every young
        // collection they brought paused the window
        FloatPool.Loan loan = own(k).loan();
        float[][] stateBuffers = keep ? null : new float[][] {loan.take(n), loan.take(n)};
        float[] gate = loan.take(b * g);
        // training takes each step's parts from the pool below and keeps them for the backward pass
        float[][] part = new float[partCount][];
        for (int q = 0; q < partCount && !keep; q++) {
            part[q] = loan.take(n);
        }
        // inference: the cell of the step before is kept apart from the one being written
        float[] otherCell = cell == Cell.LSTM && !keep ? loan.take(n) : null;
        float[] hr = cell == Cell.GRU ? loan.take(n) : null;
        float[] hz = cell == Cell.GRU ? loan.take(n) : null;
        float[] hw = cell == Cell.GRU ? loan.take(b * g) : null;
        int chunk = chunkSteps(b, steps);
        // why: first, since it may grow the scratch buffers the pointers below refer to
        float[] table = looksUp(p, k / 2) ? projectionTable(p, k, loan) : null;
        org.bytedeco.javacpp.FloatPointer wxN = m.buffer(WEIGHTS + 2 * k, wx[k].length);
        org.bytedeco.javacpp.FloatPointer whN = m.buffer(WEIGHTS + 2 * k + 1, wh[k].length);
        org.bytedeco.javacpp.FloatPointer x = m.buffer(X, (long) chunk * b * inWidth);
        org.bytedeco.javacpp.FloatPointer gates = m.buffer(G, (long) chunk * b * g);
        org.bytedeco.javacpp.FloatPointer biasTile = tile(m, TILE, bx[k], chunk * b);
        org.bytedeco.javacpp.FloatPointer state = m.buffer(H, n);
        org.bytedeco.javacpp.FloatPointer recurrent = cell == Cell.GRU ? m.buffer(HW, (long) b * g) : null;
        org.bytedeco.javacpp.FloatPointer recurrentBias = cell == Cell.GRU ? tile(m, H_TILE, bh[k], b) : null;
        float[] looked = table != null ? loan.take(chunk * b * g) : null;
        // training: every step's parts and state, kept for the backward pass; each is written whole by the step
        // before it is read, so they come uncleared
        float[][] stepArrays = keep ? own(k).takeMany(n, steps * (partCount + 1), false) : null;
        float[] prevH = null;
        float[] prevC = null;
        for (int s0 = 0; s0 < steps; s0 += chunk) {
            int s1 = Math.min(steps, s0 + chunk);
            int rows = (s1 - s0) * b;
            if (table != null) {
                int padding = p.unique.length;
                for (int s = s0; s < s1; s++) {
                    for (int r = 0; r < b; r++) {
                        int len = p.lengths[r];
                        int row = s >= len ? padding : p.place[p.tokens[r][k == 0 ? s : len - 1 - s]];
                        System.arraycopy(table, row * g, looked, ((s - s0) * b + r) * g, g);
                    }
                }
                NativeMatrices.put(gates, 0, looked, 0, rows * g);
            } else {
                for (int s = s0; s < s1; s++) {
                    NativeMatrices.put(x, (long) (s - s0) * b * inWidth, in[s], 0, b * inWidth);
                }
                org.bytedeco.javacpp.Pointer.memcpy(gates, biasTile, 4L * rows * g);
                NativeMatrices.gemm(false, false, rows, g, inWidth, 1f, x, 0, wxN, 0, 1f, gates, 0);
            }
            for (int s = s0; s < s1; s++) {
                long at = (long) (s - s0) * b * g;
                if (keep) {
                    for (int q = 0; q < partCount; q++) {
                        part[q] = stepArrays[s * (partCount + 1) + q];
                        saved[q][s] = part[q];
                    }
                }
                float[] h1 = keep ? stepArrays[s * (partCount + 1) + partCount] : stateBuffers[s & 1];
                if (cell == Cell.LSTM) {
                    if (prevH != null) {
                        NativeMatrices.gemm(false, false, b, g, h, 1f, state, 0, whN, 0, 1f, gates, at);
                    }
                    NativeMatrices.get(gates, at, gate, 0, b * g);
                    float[] c = keep || (s & 1) == 0 ? part[4] : otherCell;
                    lstmStep(gate, b, part[0], part[1], part[2], part[3], prevC, c, part[5], h1);
                    prevC = c;
                } else {
                    NativeMatrices.get(gates, at, gate, 0, b * g);
                    org.bytedeco.javacpp.Pointer.memcpy(recurrent, recurrentBias, 4L * b * g);
                    if (prevH != null) {
                        NativeMatrices.gemm(false, false, b, g, h, 1f, state, 0, whN, 0, 1f, recurrent, 0);
                    }
                    NativeMatrices.get(recurrent, 0, hw, 0, b * g);
                    gruStep(gate, hw, b, part[0], part[1], part[2], part[3], hr, hz, prevH, h1);
                }
                NativeMatrices.put(state, 0, h1, 0, n);
                if (keep) {
                    statesOut[s] = h1;
                }
                emit(p, k % 2, s, h1, out);
                prevH = h1;
            }
        }
        p.parts[k] = saved;
        p.states[k] = statesOut;
        loan.giveBack();
    }

    /**
     * Step {@code s} of direction {@code d}: each sample's state goes to its half of the layer output at the
     * sample's time (backwards for d = 1), or, with no outputs kept, into its pooled sum; steps past a
     * sequence's end go nowhere.
     */
    private void emit(Pass p, int d, int s, float[] h, float[][] out) {
        int w = 2 * hidden;
        for (int r = 0; r < p.batch; r++) {
            int len = p.lengths[r];
            if (s >= len) {
                continue;
            }
            if (out != null) {
                System.arraycopy(h, r * hidden, out[d == 0 ? s : len - 1 - s], r * w + d * hidden, hidden);
            } else {
                int o = r * w + d * hidden;
                for (int j = 0; j < hidden; j++) {
                    p.representation[o + j] += h[r * hidden + j];
                }
            }
        }
    }

    /**
     * An LSTM step after the products: i, f, o = σ, g = tanh of the gate rows; c = f · c' + i · g (c' zero at
     * the first step); h = o · tanh(c).
     */
    private void lstmStep(float[] gate, int b, float[] i, float[] f, float[] g, float[] o, float[] prevC, float[] c,
                          float[] tanhC, float[] h) {
        int n = b * hidden;
        Activations.split(gate, b, hidden, i, f, g, o);
        Activations.sigmoid(i, n);
        Activations.sigmoid(f, n);
        Activations.tanh(g, n);
        Activations.sigmoid(o, n);
        Activations.multiply(i, g, c, n);
        if (prevC != null) {
            for (int q = 0; q < n; q++) {
                c[q] += f[q] * prevC[q];
            }
        }
        Activations.tanh(c, tanhC, n);
        Activations.multiply(o, tanhC, h, n);
    }

    /**
     * A GRU step after the products, as cuDNN and PyTorch define it: r = σ(x_r + h_r), z = σ(x_z + h_z),
     * n = tanh(x_n + r · h_n), h = (1 − z) · n + z · h' (h' zero at the first step); the x parts carry b_x and
     * the h parts b_h.
     */
    private void gruStep(float[] gate, float[] hw, int b, float[] r, float[] z, float[] nn, float[] hn, float[] hr,
                         float[] hz, float[] prevH, float[] h) {
        int n = b * hidden;
        Activations.split(gate, b, hidden, r, z, nn);
        Activations.split(hw, b, hidden, hr, hz, hn);
        Activations.add(r, hr, n);
        Activations.sigmoid(r, n);
        Activations.add(z, hz, n);
        Activations.sigmoid(z, n);
        for (int q = 0; q < n; q++) {
            nn[q] += r[q] * hn[q];
        }
        Activations.tanh(nn, n);
        if (prevH == null) {
            for (int q = 0; q < n; q++) {
                h[q] = nn[q] - z[q] * nn[q];
            }
        } else {
            for (int q = 0; q < n; q++) {
                h[q] = nn[q] + z[q] * (prevH[q] - nn[q]);
            }
        }
    }

    static float sigmoid(float x) {
        return FastMath.sigmoid(x);
    }

    static float tanh(float x) {
        return FastMath.tanh(x);
    }

    // ---- backward -----------------------------------------------------------------------------------------

    /**
     * Backpropagates d(loss)/d(logits) through a training pass and adds every parameter's gradient into
     * {@code grads} (same order as {@link #parameters()}).
     */
    @Override
    public void backward(Forward forward, float[] dLogits, List<float[]> grads) {
        Pass p = (Pass) forward;
        if (p.matrices[0] == null) {
            throw new IllegalStateException("backward needs a training pass that has not been backpropagated yet");
        }
        try {
            backwardWith(p, dLogits, grads);
        } finally {
            giveBack(p);
            giveKept(p);
        }
    }

    /**
     * Whether layer {@code l} of this pass looks its input projection up per distinct token (see
     * distinctTokens) instead of multiplying embedded inputs: only the first layer, and only when the pass
     * found its distinct tokens.
     */
    private static boolean looksUp(Pass p, int l) {
        return l == 0 && p.unique != null;
    }

    /** The pool of the direction of layer-direction index {@code k} (direction {@code k % 2}). */
    private FloatPool own(int k) {
        return own[k % 2];
    }

    /** Gives the arrays the pass kept for backpropagation back to the pool: nothing reads them any more. */
    private void giveKept(Pass p) {
        // why: each array once: the forward direction's inputs are the embedded inputs or the layer below's
        // outputs, given back as those; only the backward direction's reversed copies are its own
        kept.give(p.embedded);
        kept.give(p.embeddingDropMask);
        java.util.Arrays.fill(p.embedded, null);
        java.util.Arrays.fill(p.embeddingDropMask, null);
        for (int l = 0; l < layers; l++) {
            kept.give(p.outputs[l]);
            own(1).give(p.inputs[2 * l + 1]);
            p.outputs[l] = null;
            p.inputs[2 * l] = null;
            p.inputs[2 * l + 1] = null;
        }
        for (int k = 0; k < p.parts.length; k++) {
            if (p.parts[k] != null) {
                for (float[][] part : p.parts[k]) {
                    own(k).give(part);
                }
                p.parts[k] = null;
            }
            own(k).give(p.states[k]);
            p.states[k] = null;
        }
    }

    private void backwardWith(Pass p, float[] dLogits, List<float[]> grads) {
        int b = p.batch;
        int w = 2 * hidden;
        float[] gEmbedding = grads.get(0);
        float[] gHeadW = grads.get(grads.size() - 2);
        float[] gHeadB = grads.get(grads.size() - 1);
        float[] dRep = ClassifierHead.backward(p.representation, p.representationDropMask, dLogits, headW, b, w,
                gHeadW, gHeadB);
        // pooling: every real step of a sequence gets 1/L of its representation's gradient
        // why: the backward pass's per-step arrays come from the pool too and go back as soon as they are read:
        // allocated afresh, they grew the heap into memory never touched before, and a one-thread BiLSTM at
        // 128 / 128 trained at 90 to 190 examples/s for its first twenty seconds against 265 after
        float[][] dOut = kept.takeMany(b * w, p.steps, true);
        for (int r = 0; r < b; r++) {
            float inv = 1f / p.lengths[r];
            for (int t = 0; t < p.lengths[r]; t++) {
                for (int j = 0; j < w; j++) {
                    dOut[t][r * w + j] = dRep[r * w + j] * inv;
                }
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            int inWidth = l == 0 ? embedding : w;
            float[][] dIn = looksUp(p, l) ? new float[p.steps][] : kept.takeMany(b * inWidth, p.steps, true);
            InputGradient[] dXs = new InputGradient[2];
            float[][] dLayer = dOut;
            int layer = l;
            Parallel.both(() -> dXs[0] = backDirection(p, layer, 0, dLayer, inWidth, grads),
                    () -> dXs[1] = backDirection(p, layer, 1, dLayer, inWidth, grads));
            if (dXs[0].byToken() != null) {
                // the first layer looked its inputs up: its gradient is per distinct token, straight into E
                for (int d = 0; d < 2; d++) {
                    float[] rows = dXs[d].byToken();
                    for (int u = 0; u < p.unique.length; u++) {
                        int row = p.unique[u] * embedding;
                        for (int e = 0; e < embedding; e++) {
                            gEmbedding[row + e] += rows[u * embedding + e];
                        }
                    }
                }
                own(0).give(new float[][] {dXs[0].byToken()});
                own(1).give(new float[][] {dXs[1].byToken()});
                kept.give(dOut);
                return;
            }
            for (int d = 0; d < 2; d++) {
                float[][] dX = dXs[d].perStep();
                for (int r = 0; r < b; r++) {
                    for (int s = 0; s < p.lengths[r]; s++) {
                        int t = d == 0 ? s : p.lengths[r] - 1 - s;
                        float[] target = dIn[t];
                        float[] source = dX[s];
                        int o = r * inWidth;
                        for (int j = 0; j < inWidth; j++) {
                            target[o + j] += source[o + j];
                        }
                    }
                }
                own(d).give(dX);
            }
            kept.give(dOut);
            dOut = dIn;
        }
        for (int t = 0; t < p.steps; t++) {
            float[] dx = dOut[t];
            float[] mask = p.embeddingDropMask[t];
            for (int r = 0; r < b; r++) {
                if (t >= p.lengths[r]) {
                    continue;
                }
                int row = p.tokens[r][t] * embedding;
                for (int e = 0; e < embedding; e++) {
                    float v = dx[r * embedding + e];
                    gEmbedding[row + e] += mask == null ? v : v * mask[r * embedding + e];
                }
            }
        }
        kept.give(dOut);
    }

    /**
     * Backpropagation through time for one direction; returns d(loss)/d(input) per processing step. The steps
     * run backwards with only the recurrent product each; the weight and input gradients then come from one
     * product per chunk of steps.
     */
    /**
     * A direction's gradient with respect to its inputs: per processing step [B × in], or, for a first layer
     * that looked its projection up, per distinct token of the batch [U × E].
     */
    private record InputGradient(float[][] perStep, float[] byToken) {
    }

    private InputGradient backDirection(Pass p, int l, int dir, float[][] dOut, int inWidth, List<float[]> grads) {
        int k = 2 * l + dir;
        int b = p.batch;
        int w = 2 * hidden;
        // the direction's share of the output gradient, in its processing order
        float[][] dH = own(dir).takeMany(b * hidden, p.steps, true);
        for (int r = 0; r < b; r++) {
            for (int t = 0; t < p.lengths[r]; t++) {
                int s = dir == 0 ? t : p.lengths[r] - 1 - t;
                System.arraycopy(dOut[t], r * w + dir * hidden, dH[s], r * hidden, hidden);
            }
        }
        int base = 1 + 4 * k;
        float[] gWx = grads.get(base);
        float[] gWh = grads.get(base + 1);
        float[] gBx = grads.get(base + 2);
        float[] gBh = grads.get(base + 3);
        NativeMatrices m = p.matrices[dir];
        int h = hidden;
        int g = cell.gates * h;
        int n = b * h;
        int steps = p.steps;
        float[][][] saved = p.parts[k];
        float[][] state = p.states[k];
        float[][] dGates = new float[steps][];
        float[][] dRecurrent = cell == Cell.GRU ? new float[steps][] : null;
        FloatPool.Loan loan = own(dir).loan();
        float[] zeros = loan.take(n);
        float[] dhNext = loan.take(n);
        float[] dcNext = loan.take(n);
        float[] dhq = loan.take(n);
        float[][] d = {loan.take(n), loan.take(n), loan.take(n), loan.take(n)};
        org.bytedeco.javacpp.FloatPointer whN = m.buffer(WEIGHTS + 2 * k + 1, wh[k].length);
        org.bytedeco.javacpp.FloatPointer dg = m.buffer(HW, (long) b * g);
        org.bytedeco.javacpp.FloatPointer dhOut = m.buffer(DH, n);
        // written whole (joined from the gate gradients) before they are read
        float[][] gateArrays = own(dir).takeMany(b * g, cell == Cell.GRU ? 2 * steps : steps, false);
        for (int s = steps - 1; s >= 0; s--) {
            float[] dh = dH[s];
            for (int q = 0; q < n; q++) {
                dhq[q] = dh[q] + dhNext[q];
            }
            float[] hPrev = s > 0 ? state[s - 1] : zeros;
            float[] dGate = gateArrays[s];
            float[] dHidden;
            if (cell == Cell.LSTM) {
                lstmBack(saved, s, dhq, dcNext, d[0], d[1], d[2], d[3], n);
                Activations.join(dGate, b, h, d[0], d[1], d[2], d[3]);
                dHidden = dGate;
            } else {
                // the gradient reaching h' directly, carried to the step before as dcNext is for the LSTM
                gruBack(saved, s, dhq, hPrev, d[0], d[1], d[2], d[3], dcNext, n);
                Activations.join(dGate, b, h, d[0], d[1], d[2]);
                dHidden = gateArrays[steps + s];
                Activations.join(dHidden, b, h, d[0], d[1], d[3]);
                dRecurrent[s] = dHidden;
            }
            dGates[s] = dGate;
            if (s > 0) {
                NativeMatrices.put(dg, 0, dHidden, 0, b * g);
                NativeMatrices.gemm(false, true, b, h, g, 1f, dg, 0, whN, 0, 0f, dhOut, 0);
                NativeMatrices.get(dhOut, 0, dhNext, 0, n);
                if (cell == Cell.GRU) {
                    Activations.add(dhNext, dcNext, n);
                }
            }
        }
        own(dir).give(dH);
        InputGradient gradient = weightGradients(p, k, inWidth, dGates, dRecurrent, gWx, gWh, gBx, gBh, loan);
        own(dir).give(dGates);
        own(dir).give(dRecurrent);
        loan.giveBack();
        return gradient;
    }

    /**
     * The LSTM step backwards, in flat loops: from dh (this step's output gradient plus the recurrent one) and
     * the cell gradient carried from the step after, the gate gradients before their activations; updates the
     * carried cell gradient to the step before.
     */
    private static void lstmBack(float[][][] saved, int s, float[] dh, float[] dcNext, float[] di, float[] df,
                                 float[] dg, float[] dout, int n) {
        float[] i = saved[0][s];
        float[] f = saved[1][s];
        float[] g = saved[2][s];
        float[] o = saved[3][s];
        float[] tc = saved[5][s];
        float[] cp = s > 0 ? saved[4][s - 1] : null;
        for (int q = 0; q < n; q++) {
            float t = tc[q];
            float dc = dcNext[q] + dh[q] * o[q] * (1 - t * t);
            di[q] = dc * g[q] * i[q] * (1 - i[q]);
            dg[q] = dc * i[q] * (1 - g[q] * g[q]);
            dout[q] = dh[q] * t * o[q] * (1 - o[q]);
            dcNext[q] = dc * f[q];
            df[q] = dc;
        }
        if (cp == null) {
            java.util.Arrays.fill(df, 0, n, 0f);
        } else {
            for (int q = 0; q < n; q++) {
                df[q] *= cp[q] * f[q] * (1 - f[q]);
            }
        }
    }

    /**
     * The GRU step backwards, in flat loops: the x-side gate gradients (dr, dz, dn), the recurrent n-part's
     * gradient dn · r, and the gradient that reaches h' directly through z, into {@code direct}.
     */
    private static void gruBack(float[][][] saved, int s, float[] dh, float[] hPrev, float[] dr, float[] dz,
                                float[] dn, float[] dhn, float[] direct, int n) {
        float[] r = saved[0][s];
        float[] z = saved[1][s];
        float[] nn = saved[2][s];
        float[] hn = saved[3][s];
        for (int q = 0; q < n; q++) {
            float dnq = dh[q] * (1 - z[q]) * (1 - nn[q] * nn[q]);
            dz[q] = dh[q] * (hPrev[q] - nn[q]) * z[q] * (1 - z[q]);
            dr[q] = dnq * hn[q] * r[q] * (1 - r[q]);
            dn[q] = dnq;
            dhn[q] = dnq * r[q];
            direct[q] = dh[q] * z[q];
        }
    }

    /**
     * Adds W_x's, W_h's and the biases' gradients and returns the input gradient per step, one product per
     * chunk of steps: gW_x = Σ xᵀ · dG, gW_h = Σ h'ᵀ · dG_h, gb = Σ dG (as a product with a vector of ones),
     * dX = dG · W_xᵀ.
     */
    private InputGradient weightGradients(Pass p, int k, int inWidth, float[][] dGates, float[][] dRecurrent,
                                          float[] gWx, float[] gWh, float[] gBx, float[] gBh, FloatPool.Loan loan) {
        NativeMatrices m = p.matrices[k % 2];
        // why: first, since it may grow the scratch buffers the pointers below refer to
        float[] byToken = looksUp(p, k / 2) ? tokenGradients(p, k, dGates, gWx, gBx, loan) : null;
        int b = p.batch;
        int h = hidden;
        int g = cell.gates * h;
        int steps = p.steps;
        int chunk = chunkSteps(b, steps);
        float[][] in = p.inputs[k];
        float[][] state = p.states[k];
        float[] zeros = loan.take(b * h);
        org.bytedeco.javacpp.FloatPointer wxN = m.buffer(WEIGHTS + 2 * k, wx[k].length);
        org.bytedeco.javacpp.FloatPointer x = m.buffer(X, (long) chunk * b * inWidth);
        org.bytedeco.javacpp.FloatPointer dG = m.buffer(G, (long) chunk * b * g);
        org.bytedeco.javacpp.FloatPointer hPrev = m.buffer(TILE, (long) chunk * b * h);
        org.bytedeco.javacpp.FloatPointer dX = m.buffer(DX, (long) chunk * b * inWidth);
        org.bytedeco.javacpp.FloatPointer gradX = m.buffer(GRAD_X, (long) inWidth * g);
        org.bytedeco.javacpp.FloatPointer gradH = m.buffer(GRAD_H, (long) h * g);
        org.bytedeco.javacpp.FloatPointer gradBx = m.buffer(GRAD_BX, g);
        org.bytedeco.javacpp.FloatPointer gradBh = m.buffer(GRAD_BH, g);
        org.bytedeco.javacpp.FloatPointer ones = m.ones(ONES, (long) chunk * b);
        // written whole from the products below
        float[][] dXOut = byToken == null ? own(k).takeMany(b * inWidth, steps, false) : new float[steps][];
        for (int s0 = 0; s0 < steps; s0 += chunk) {
            int s1 = Math.min(steps, s0 + chunk);
            int rows = (s1 - s0) * b;
            float beta = s0 == 0 ? 0f : 1f;
            for (int s = s0; s < s1; s++) {
                long row = (long) (s - s0) * b;
                if (byToken == null) {
                    NativeMatrices.put(x, row * inWidth, in[s], 0, b * inWidth);
                    NativeMatrices.put(dG, row * g, dGates[s], 0, b * g);
                }
                NativeMatrices.put(hPrev, row * h, s > 0 ? state[s - 1] : zeros, 0, b * h);
            }
            if (byToken == null) {
                NativeMatrices.gemm(true, false, inWidth, g, rows, 1f, x, 0, dG, 0, beta, gradX, 0);
                NativeMatrices.gemvTransposed(rows, g, 1f, dG, ones, beta, gradBx);
                NativeMatrices.gemm(false, true, rows, inWidth, g, 1f, dG, 0, wxN, 0, 0f, dX, 0);
                for (int s = s0; s < s1; s++) {
                    NativeMatrices.get(dX, (long) (s - s0) * b * inWidth, dXOut[s], 0, b * inWidth);
                }
            } else if (dRecurrent == null) {
                for (int s = s0; s < s1; s++) {
                    NativeMatrices.put(dG, (long) (s - s0) * b * g, dGates[s], 0, b * g);
                }
            }
            if (dRecurrent != null) {
                for (int s = s0; s < s1; s++) {
                    NativeMatrices.put(dG, (long) (s - s0) * b * g, dRecurrent[s], 0, b * g);
                }
                NativeMatrices.gemvTransposed(rows, g, 1f, dG, ones, beta, gradBh);
            }
            NativeMatrices.gemm(true, false, h, g, rows, 1f, hPrev, 0, dG, 0, beta, gradH, 0);
        }
        if (byToken == null) {
            addInto(gradX, loan, gWx);
            addInto(gradBx, loan, gBx);
        }
        addInto(gradH, loan, gWh);
        if (dRecurrent != null) {
            addInto(gradBh, loan, gBh);
        }
        return new InputGradient(dXOut, byToken);
    }

    /**
     * For a first layer that looked its projection up: the gate gradients summed per distinct token, S, give
     * gW_x = E_Uᵀ · S, gb_x = Σ S and the embedding gradient S · W_xᵀ [U × E], which it returns. Why: the same
     * numbers as per position (padding steps carry no gradient), from products with as many rows as the batch
     * has distinct tokens instead of positions.
     */
    private float[] tokenGradients(Pass p, int k, float[][] dGates, float[] gWx, float[] gBx, FloatPool.Loan loan) {
        int u = p.unique.length;
        int g = cell.gates * hidden;
        float[] sums = loan.takeClass(u * g);
        for (int s = 0; s < p.steps; s++) {
            float[] dG = dGates[s];
            for (int r = 0; r < p.batch; r++) {
                int len = p.lengths[r];
                if (s >= len) {
                    continue;
                }
                int o = p.place[p.tokens[r][k == 0 ? s : len - 1 - s]] * g;
                int from = r * g;
                for (int j = 0; j < g; j++) {
                    sums[o + j] += dG[from + j];
                }
            }
        }
        for (int i = 0; i < u; i++) {
            for (int j = 0; j < g; j++) {
                gBx[j] += sums[i * g + j];
            }
        }
        int tokenRows = u * embedding;
        float[] rows = loan.takeClassUncleared(tokenRows);
        for (int i = 0; i < u; i++) {
            System.arraycopy(embeddingTable, p.unique[i] * embedding, rows, i * embedding, embedding);
        }
        NativeMatrices m = p.matrices[k % 2];
        org.bytedeco.javacpp.FloatPointer e = m.buffer(X, tokenRows);
        org.bytedeco.javacpp.FloatPointer sg = m.buffer(G, (long) u * g);
        org.bytedeco.javacpp.FloatPointer gw = m.buffer(GRAD_X, (long) embedding * g);
        org.bytedeco.javacpp.FloatPointer de = m.buffer(DX, tokenRows);
        NativeMatrices.put(e, 0, rows, 0, tokenRows);
        NativeMatrices.put(sg, 0, sums, 0, u * g);
        NativeMatrices.gemm(true, false, embedding, g, u, 1f, e, 0, sg, 0, 0f, gw, 0);
        addInto(gw, loan, gWx);
        NativeMatrices.gemm(false, true, u, embedding, g, 1f, sg, 0, m.buffer(WEIGHTS + 2 * k, wx[k].length), 0, 0f,
                de, 0);
        // the caller reads the first u × E floats and gives the array back to the pool
        float[] dE = own(k).takeClassUncleared(tokenRows);
        NativeMatrices.get(de, 0, dE, 0, tokenRows);
        return dE;
    }

    /** Adds the first {@code target.length} floats of native {@code source} into {@code target}. */
    private static void addInto(org.bytedeco.javacpp.FloatPointer source, FloatPool.Loan loan, float[] target) {
        float[] values = loan.takeClassUncleared(target.length);
        NativeMatrices.get(source, 0, values, 0, target.length);
        Activations.add(target, values, target.length);
    }
}
