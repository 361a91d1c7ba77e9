package dev.leaklab.core.model.array;

import dev.leaklab.core.code.EncodedSequence;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.task.CancellationToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Measures training and inference speed of the networks, and the machine's matrix-multiply speed. */
public final class ModelBenchmark {

    /**
     * One measurement.
     *
     * @param config                   the model measured
     * @param trainExamplesPerSecond   training speed on full-length sequences
     * @param inferSamplesPerSecond    inference speed (outputs with embeddings) on full-length sequences
     * @param forwardFlopsPerSample    multiply-adds × 2 of one forward pass of one full-length sample
     */
    public record Result(ModelConfig config, double trainExamplesPerSecond, double inferSamplesPerSecond,
                         double forwardFlopsPerSample) {

        /** Achieved GFLOP/s while training, counting a training step as three forward passes. */
        public double trainGflops() {
            return 3 * forwardFlopsPerSample * trainExamplesPerSecond / 1e9;
        }

        /** Achieved GFLOP/s in inference. */
        public double inferGflops() {
            return forwardFlopsPerSample * inferSamplesPerSecond / 1e9;
        }
    }

    private ModelBenchmark() {
    }

    /**
     * Single-thread float matrix-multiply speed (512 × 512 × 512) in GFLOP/s, the hardware reference: OpenBLAS on
     * native buffers that stay put, as the models' products run ({@link NativeMatrices}). Why not on Java arrays:
     * JavaCPP copies each array into freshly allocated native memory and back on every call, and on a machine
     * whose fresh pages are slow to touch (a virtual machine here) that measured 18 to 27 GFLOP/s against about
     * 100 for the product itself, and made the models look faster than the core.
     */
    public static double gemmGflops() {
        int n = 512;
        Random random = new Random(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
            b[i] = random.nextFloat();
        }
        try (NativeMatrices m = new NativeMatrices()) {
            org.bytedeco.javacpp.FloatPointer na = m.buffer(0, a.length);
            org.bytedeco.javacpp.FloatPointer nb = m.buffer(1, b.length);
            org.bytedeco.javacpp.FloatPointer nc = m.buffer(2, (long) n * n);
            NativeMatrices.put(na, 0, a, 0, a.length);
            NativeMatrices.put(nb, 0, b, 0, b.length);
            for (int i = 0; i < 5; i++) {
                NativeMatrices.gemm(false, false, n, n, n, 1f, na, 0, nb, 0, 0f, nc, 0);
            }
            int reps = 40;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                NativeMatrices.gemm(false, false, n, n, n, 1f, na, 0, nb, 0, 0f, nc, 0);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return 2.0 * n * n * n * reps / seconds / 1e9;
        }
    }

    /**
     * Trains on {@code batches} batches of random full-length sequences after {@link #WARM_UP_BATCHES} warm-up
     * batches, then times inference over {@code 4 × batches × batchSize} samples.
     */
    /** Batches trained before the timed ones, so the element-wise loops are compiled by C2 (vectorised). */
    public static final int WARM_UP_BATCHES = 4;

    public static Result measure(ModelConfig config, int vocabulary, int batches) {
        int b = config.batchSize();
        int length = config.maxLength() - (config.architecture() == Architecture.CODEBERT ? 1 : 0);
        dev.leaklab.core.code.Vocabulary vocab = dev.leaklab.core.code.Vocabulary.of(vocabularyTokens(vocabulary));
        ArrayTrainer trainer = new ArrayTrainer();
        // why: a short first run warms up the JIT and the native libraries; the second is timed
        trainer.train("warm-up", config.withEpochs(1), vocab, randomData(WARM_UP_BATCHES * b, length, vocabulary, 5),
                null,
                p -> { }, CancellationToken.none());
        LabelledSequences data = randomData(b * batches, length, vocabulary, config.seed());
        // why: timed from the end of the first batch, which also fills the new network's pool with the arrays
        // every later batch reuses: on memory slow to touch the first time that one batch took a second or
        // more, a quarter of a 16-batch run, where a training run of hundreds of batches pays it once
        long[] firstDone = new long[1];
        long[] lastDone = new long[1];
        dev.leaklab.core.model.TrainedModel model = trainer.train("bench", config.withEpochs(1), vocab, data, null,
                p -> {
                    if (!p.endOfEpoch()) {
                        long now = System.nanoTime();
                        if (p.batch() == 1) {
                            firstDone[0] = now;
                        }
                        lastDone[0] = now;
                    }
                }, CancellationToken.none());
        double train = batches > 1
                ? (double) (batches - 1) * b / ((lastDone[0] - firstDone[0]) / 1e9)
                : model.summary().examplesPerSecond();
        LabelledSequences inferData = randomData(Math.max(512, 4 * batches * b), length, vocabulary,
                config.seed() + 1);
        model.outputs(randomData(512, length, vocabulary, 3), CancellationToken.none());
        long t1 = System.nanoTime();
        model.outputs(inferData, CancellationToken.none());
        double infer = inferData.size() / ((System.nanoTime() - t1) / 1e9);
        return new Result(config, train, infer, forwardFlops(config));
    }

    /** Multiply-adds × 2 of one forward pass over a full-length sequence. */
    public static double forwardFlops(ModelConfig c) {
        double t = c.maxLength();
        return switch (c.architecture()) {
            case BILSTM, BIGRU -> {
                int gates = c.architecture() == Architecture.BILSTM ? 4 : 3;
                double flops = 0;
                for (int l = 0; l < c.layers(); l++) {
                    double in = l == 0 ? c.embeddingSize() : 2.0 * c.hiddenSize();
                    flops += 2 * 2 * t * (in * gates * c.hiddenSize() + (double) c.hiddenSize() * gates * c.hiddenSize());
                }
                yield flops + 2.0 * 2 * c.representationSize();
            }
            case CODEBERT -> {
                double d = c.embeddingSize();
                double perBlock = t * (2 * 4 * d * d + 2 * 2 * d * c.hiddenSize()) + 2 * 2 * t * t * d;
                yield c.layers() * perBlock + 2.0 * 2 * d;
            }
        };
    }

    private static List<String> vocabularyTokens(int size) {
        List<String> tokens = new ArrayList<>(size);
        tokens.add(dev.leaklab.core.code.Vocabulary.PAD);
        tokens.add(dev.leaklab.core.code.Vocabulary.UNK);
        for (int i = 2; i < size; i++) {
            tokens.add("t" + i);
        }
        return tokens;
    }

    private static LabelledSequences randomData(int n, int length, int vocabulary, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(n);
        List<EncodedSequence> sequences = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int[] tokens = new int[length];
            for (int k = 0; k < length; k++) {
                tokens[k] = 2 + random.nextInt(vocabulary - 2);
            }
            ids.add("r" + i);
            sequences.add(new EncodedSequence(tokens, length, length));
            labels[i] = i % 2;
        }
        return new LabelledSequences(ids, sequences, labels);
    }
}
