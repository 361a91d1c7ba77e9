package dev.leaklab.core.model.array;

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
 * arithmetic. Here a step is two matrix products forward and four backward, straight on the arrays, and the
 * element-wise gate arithmetic is one fused Java loop.
 *
 * <p>Sequences of a batch have their own lengths. The forward direction reads tokens 0 to L−1; the backward
 * direction reads them from L−1 down to 0, so it starts at the real last token. Steps past a sequence's
 * length are computed (the batch shares one matrix product) but never pooled, so they carry no gradient.
 * Not thread-safe: one network, one thread.
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

    /** What a forward pass keeps: enough for the backward pass when training, the outputs either way. */
    final class Pass implements Forward {
        final int batch;
        final int steps;
        final int[] lengths;
        final int[][] tokens;
        /** Embedded input per time step [B × E], after dropout. */
        final float[][] embedded;
        final float[][] embeddingDropMask;
        /** Layer outputs per layer and time step [B × 2H]; zero past a sequence's end. */
        final float[][][] outputs;
        /** Per layer and direction, per processing step: inputs [B × in], post-activation gates, cells, states. */
        final float[][][] inputs;
        final float[][][] gates;
        final float[][][] cells;
        final float[][][] states;
        final float[][][] recurrentN;
        final float[] representation;
        final float[] representationDropMask;
        final float[] logits;
        final boolean training;

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
            this.gates = new float[2 * layers][][];
            this.cells = new float[2 * layers][][];
            this.states = new float[2 * layers][][];
            this.recurrentN = new float[2 * layers][][];
            this.representation = new float[batch * 2 * hidden];
            this.representationDropMask = training ? new float[batch * 2 * hidden] : null;
            this.logits = new float[batch * 2];
        }
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
        for (int t = 0; t < p.steps; t++) {
            float[] x = new float[b * embedding];
            float[] mask = drop ? new float[b * embedding] : null;
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
        float[][] layerInput = p.embedded;
        int inWidth = embedding;
        for (int l = 0; l < layers; l++) {
            float[][] out = p.outputs[l];
            for (int t = 0; t < p.steps; t++) {
                out[t] = new float[b * 2 * hidden];
            }
            for (int d = 0; d < 2; d++) {
                int k = 2 * l + d;
                float[][] in = d == 0 ? layerInput : reverse(layerInput, lengths, b, inWidth, p.steps);
                p.inputs[k] = in;
                runDirection(p, k, in, inWidth);
                float[][] h = p.states[k];
                for (int r = 0; r < b; r++) {
                    for (int t = 0; t < lengths[r]; t++) {
                        int s = d == 0 ? t : lengths[r] - 1 - t;
                        System.arraycopy(h[s], r * hidden, out[t], r * 2 * hidden + d * hidden, hidden);
                    }
                }
            }
            layerInput = out;
            inWidth = 2 * hidden;
        }
        float[][] top = p.outputs[layers - 1];
        int w = 2 * hidden;
        for (int r = 0; r < b; r++) {
            float inv = 1f / lengths[r];
            for (int t = 0; t < lengths[r]; t++) {
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

    /** Each sample's first {@code length} steps in reverse order; zeros after. */
    private static float[][] reverse(float[][] x, int[] lengths, int b, int width, int steps) {
        float[][] out = new float[steps][];
        for (int s = 0; s < steps; s++) {
            out[s] = new float[b * width];
        }
        for (int r = 0; r < b; r++) {
            for (int s = 0; s < lengths[r]; s++) {
                System.arraycopy(x[lengths[r] - 1 - s], r * width, out[s], r * width, width);
            }
        }
        return out;
    }

    private void runDirection(Pass p, int k, float[][] in, int inWidth) {
        int b = p.batch;
        int g = cell.gates * hidden;
        int h = hidden;
        float[][] gatesOut = new float[p.steps][];
        float[][] cellsOut = cell == Cell.LSTM ? new float[p.steps][] : null;
        float[][] statesOut = new float[p.steps][];
        float[][] nOut = cell == Cell.GRU ? new float[p.steps][] : null;
        float[] wxk = wx[k];
        float[] whk = wh[k];
        float[] bxk = bx[k];
        float[] bhk = bh[k];
        float[] prevH = null;
        float[] prevC = null;
        // why: inference keeps only the states; reusing the other buffers spares the collector hundreds of
        // megabytes a batch
        boolean keep = p.training;
        float[] gateBuffer = keep ? null : new float[b * g];
        float[] hwBuffer = keep || cell != Cell.GRU ? null : new float[b * g];
        float[][] cellBuffers = keep || cell != Cell.LSTM ? null : new float[][] {new float[b * h], new float[b * h]};
        for (int s = 0; s < p.steps; s++) {
            float[] gate = keep ? new float[b * g] : gateBuffer;
            Blas.gemm(false, false, b, g, inWidth, 1f, in[s], wxk, 0f, gate);
            float[] state = new float[b * h];
            if (cell == Cell.LSTM) {
                if (prevH != null) {
                    Blas.gemm(false, false, b, g, h, 1f, prevH, whk, 1f, gate);
                }
                float[] c = keep ? new float[b * h] : cellBuffers[s & 1];
                for (int r = 0; r < b; r++) {
                    int o = r * g;
                    for (int j = 0; j < h; j++) {
                        float i = sigmoid(gate[o + j] + bxk[j]);
                        float f = sigmoid(gate[o + h + j] + bxk[h + j]);
                        float gg = tanh(gate[o + 2 * h + j] + bxk[2 * h + j]);
                        float og = sigmoid(gate[o + 3 * h + j] + bxk[3 * h + j]);
                        float cPrev = prevC == null ? 0f : prevC[r * h + j];
                        float cell = f * cPrev + i * gg;
                        gate[o + j] = i;
                        gate[o + h + j] = f;
                        gate[o + 2 * h + j] = gg;
                        gate[o + 3 * h + j] = og;
                        c[r * h + j] = cell;
                        state[r * h + j] = og * tanh(cell);
                    }
                }
                if (keep) {
                    cellsOut[s] = c;
                }
                prevC = c;
            } else {
                float[] hw = keep ? new float[b * g] : hwBuffer;
                if (prevH != null) {
                    Blas.gemm(false, false, b, g, h, 1f, prevH, whk, 0f, hw);
                } else if (!keep) {
                    java.util.Arrays.fill(hw, 0f);
                }
                float[] n = keep ? new float[b * h] : null;
                for (int r = 0; r < b; r++) {
                    int o = r * g;
                    for (int j = 0; j < h; j++) {
                        float rr = sigmoid(gate[o + j] + bxk[j] + hw[o + j] + bhk[j]);
                        float z = sigmoid(gate[o + h + j] + bxk[h + j] + hw[o + h + j] + bhk[h + j]);
                        float hn = hw[o + 2 * h + j] + bhk[2 * h + j];
                        float nn = tanh(gate[o + 2 * h + j] + bxk[2 * h + j] + rr * hn);
                        float hPrev = prevH == null ? 0f : prevH[r * h + j];
                        gate[o + j] = rr;
                        gate[o + h + j] = z;
                        gate[o + 2 * h + j] = nn;
                        if (n != null) {
                            n[r * h + j] = hn;
                        }
                        state[r * h + j] = (1 - z) * nn + z * hPrev;
                    }
                }
                if (keep) {
                    nOut[s] = n;
                }
            }
            if (keep) {
                gatesOut[s] = gate;
            }
            statesOut[s] = state;
            prevH = state;
        }
        p.gates[k] = gatesOut;
        p.cells[k] = cellsOut;
        p.states[k] = statesOut;
        p.recurrentN[k] = nOut;
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
        int b = p.batch;
        int w = 2 * hidden;
        float[] gEmbedding = grads.get(0);
        float[] gHeadW = grads.get(grads.size() - 2);
        float[] gHeadB = grads.get(grads.size() - 1);
        float[] dRep = ClassifierHead.backward(p.representation, p.representationDropMask, dLogits, headW, b, w,
                gHeadW, gHeadB);
        // pooling: every real step of a sequence gets 1/L of its representation's gradient
        float[][] dOut = new float[p.steps][];
        for (int t = 0; t < p.steps; t++) {
            dOut[t] = new float[b * w];
        }
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
            float[][] dIn = new float[p.steps][];
            for (int t = 0; t < p.steps; t++) {
                dIn[t] = new float[b * inWidth];
            }
            for (int d = 0; d < 2; d++) {
                int k = 2 * l + d;
                // the direction's share of the output gradient, in its processing order
                float[][] dH = new float[p.steps][];
                for (int s = 0; s < p.steps; s++) {
                    dH[s] = new float[b * hidden];
                }
                for (int r = 0; r < b; r++) {
                    for (int t = 0; t < p.lengths[r]; t++) {
                        int s = d == 0 ? t : p.lengths[r] - 1 - t;
                        System.arraycopy(dOut[t], r * w + d * hidden, dH[s], r * hidden, hidden);
                    }
                }
                int base = 1 + 4 * k;
                float[][] dX = backDirection(p, k, dH, inWidth, grads.get(base), grads.get(base + 1),
                        grads.get(base + 2), grads.get(base + 3));
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
            }
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
    }

    /** Backpropagation through time for one direction; returns d(loss)/d(input) per processing step. */
    private float[][] backDirection(Pass p, int k, float[][] dH, int inWidth, float[] gWx, float[] gWh, float[] gBx,
                                   float[] gBh) {
        int b = p.batch;
        int h = hidden;
        int g = cell.gates * h;
        float[][] in = p.inputs[k];
        float[][] gate = p.gates[k];
        float[][] state = p.states[k];
        float[][] dX = new float[p.steps][];
        float[] dhNext = new float[b * h];
        float[] dcNext = cell == Cell.LSTM ? new float[b * h] : null;
        float[] dGate = new float[b * g];
        float[] dHw = cell == Cell.GRU ? new float[b * g] : null;
        for (int s = p.steps - 1; s >= 0; s--) {
            float[] a = gate[s];
            float[] dh = dH[s];
            float[] hPrev = s > 0 ? state[s - 1] : null;
            if (cell == Cell.LSTM) {
                float[] c = p.cells[k][s];
                float[] cPrev = s > 0 ? p.cells[k][s - 1] : null;
                for (int r = 0; r < b; r++) {
                    int o = r * g;
                    for (int j = 0; j < h; j++) {
                        int q = r * h + j;
                        float i = a[o + j];
                        float f = a[o + h + j];
                        float gg = a[o + 2 * h + j];
                        float og = a[o + 3 * h + j];
                        float tc = tanh(c[q]);
                        float dhq = dh[q] + dhNext[q];
                        float dc = dcNext[q] + dhq * og * (1 - tc * tc);
                        float cp = cPrev == null ? 0f : cPrev[q];
                        dGate[o + j] = dc * gg * i * (1 - i);
                        dGate[o + h + j] = dc * cp * f * (1 - f);
                        dGate[o + 2 * h + j] = dc * i * (1 - gg * gg);
                        dGate[o + 3 * h + j] = dhq * tc * og * (1 - og);
                        dcNext[q] = dc * f;
                    }
                }
                if (hPrev != null) {
                    Blas.gemm(false, true, b, h, g, 1f, dGate, wh[k], 0f, dhNext);
                    Blas.gemm(true, false, h, g, b, 1f, hPrev, dGate, 1f, gWh);
                } else {
                    java.util.Arrays.fill(dhNext, 0f);
                }
            } else {
                float[] hn = p.recurrentN[k][s];
                float[] dhPrevDirect = new float[b * h];
                for (int r = 0; r < b; r++) {
                    int o = r * g;
                    for (int j = 0; j < h; j++) {
                        int q = r * h + j;
                        float rr = a[o + j];
                        float z = a[o + h + j];
                        float nn = a[o + 2 * h + j];
                        float hp = hPrev == null ? 0f : hPrev[q];
                        float dhq = dh[q] + dhNext[q];
                        float dn = dhq * (1 - z) * (1 - nn * nn);
                        float dz = dhq * (hp - nn) * z * (1 - z);
                        float dr = dn * hn[q] * rr * (1 - rr);
                        dGate[o + j] = dr;
                        dGate[o + h + j] = dz;
                        dGate[o + 2 * h + j] = dn;
                        dHw[o + j] = dr;
                        dHw[o + h + j] = dz;
                        dHw[o + 2 * h + j] = dn * rr;
                        dhPrevDirect[q] = dhq * z;
                    }
                }
                for (int r = 0; r < b; r++) {
                    int o = r * g;
                    for (int j = 0; j < g; j++) {
                        gBh[j] += dHw[o + j];
                    }
                }
                if (hPrev != null) {
                    Blas.gemm(false, true, b, h, g, 1f, dHw, wh[k], 0f, dhNext);
                    Blas.gemm(true, false, h, g, b, 1f, hPrev, dHw, 1f, gWh);
                } else {
                    java.util.Arrays.fill(dhNext, 0f);
                }
                for (int q = 0; q < b * h; q++) {
                    dhNext[q] += dhPrevDirect[q];
                }
            }
            for (int r = 0; r < b; r++) {
                int o = r * g;
                for (int j = 0; j < g; j++) {
                    gBx[j] += dGate[o + j];
                }
            }
            Blas.gemm(true, false, inWidth, g, b, 1f, in[s], dGate, 1f, gWx);
            float[] dx = new float[b * inWidth];
            Blas.gemm(false, true, b, inWidth, g, 1f, dGate, wx[k], 0f, dx);
            dX[s] = dx;
        }
        return dX;
    }
}
