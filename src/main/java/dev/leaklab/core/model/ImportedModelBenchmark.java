package dev.leaklab.core.model;

import dev.leaklab.core.InputException;
import dev.leaklab.core.audit.ModelInput;
import dev.leaklab.core.model.dl4j.KerasImportedModel;
import dev.leaklab.core.model.onnx.OnnxImportedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Inference speed of an imported BiLSTM (embedding 128, hidden 128, length 200, vocabulary 1,000): the Keras
 * model through DL4J on ND4J, and the ONNX export through ONNX Runtime on one intra-op thread, on full-length
 * random token sequences in batches of 64, for {@code leaklab bench models} to print beside our engine's.
 */
public final class ImportedModelBenchmark {

    /** The Keras fixture's file name. */
    public static final String KERAS = "keras-bilstm-128-k2.h5";
    /** The ONNX fixture's file name. */
    public static final String ONNX = "onnx-bilstm-128.onnx";
    private static final int LENGTH = 200;
    private static final int BATCH = 64;
    private static final int VOCABULARY = 1000;

    /**
     * One measurement.
     *
     * @param runtime               DL4J or ONNX Runtime
     * @param inferSamplesPerSecond samples a second, full length
     */
    public record Result(String runtime, double inferSamplesPerSecond) {
    }

    private ImportedModelBenchmark() {
    }

    /** Measures the Keras model in {@code folder} through DL4J over {@code samples} samples. */
    public static Result keras(Path folder, int samples) throws InputException {
        KerasImportedModel model = KerasImportedModel.open(folder.resolve(KERAS), vocabulary(folder), LENGTH);
        int[][][] batches = batches(samples);
        model.run(batches[0]);
        long t0 = System.nanoTime();
        for (int[][] b : batches) {
            model.run(b);
        }
        return new Result("DL4J " + "1.0.0-M2.1 (Keras import, ND4J CPU)", rate(samples, t0));
    }

    /** Measures the ONNX model in {@code folder} through ONNX Runtime on one thread. */
    public static Result onnx(Path folder, int samples) throws InputException {
        try (OnnxImportedModel model = OnnxImportedModel.open(folder.resolve(ONNX), vocabulary(folder), LENGTH, 1)) {
            int[][][] batches = batches(samples);
            long[][][] ids = new long[batches.length][][];
            long[][][] masks = new long[batches.length][][];
            for (int i = 0; i < batches.length; i++) {
                ids[i] = new long[batches[i].length][LENGTH];
                masks[i] = new long[batches[i].length][LENGTH];
                for (int j = 0; j < batches[i].length; j++) {
                    for (int t = 0; t < LENGTH; t++) {
                        ids[i][j][t] = batches[i][j][t];
                        masks[i][j][t] = 1;
                    }
                }
            }
            model.run(ids[0], masks[0]);
            long t0 = System.nanoTime();
            for (int i = 0; i < ids.length; i++) {
                model.run(ids[i], masks[i]);
            }
            return new Result("ONNX Runtime 1.20.0 (one intra-op thread)", rate(samples, t0));
        }
    }

    /** Whether {@code folder} holds both benchmark models. */
    public static boolean available(Path folder) {
        return Files.isRegularFile(folder.resolve(KERAS)) && Files.isRegularFile(folder.resolve(ONNX));
    }

    private static ModelInput vocabulary(Path folder) throws InputException {
        // why: the benchmark feeds token ids itself; a vocabulary is needed only to open the models
        Path v = folder.resolve("keras-vocabulary.json");
        return ModelInput.vocabulary(v);
    }

    private static int[][][] batches(int samples) {
        SplittableRandom random = new SplittableRandom(7);
        int n = (samples + BATCH - 1) / BATCH;
        int[][][] out = new int[n][][];
        for (int b = 0; b < n; b++) {
            int size = Math.min(BATCH, samples - b * BATCH);
            out[b] = new int[size][LENGTH];
            for (int i = 0; i < size; i++) {
                for (int t = 0; t < LENGTH; t++) {
                    out[b][i][t] = 2 + random.nextInt(VOCABULARY - 2);
                }
            }
        }
        return out;
    }

    private static double rate(int samples, long t0) {
        return samples / ((System.nanoTime() - t0) / 1e9);
    }
}
