package dev.leaklab.core.audit;

import dev.leaklab.core.InputException;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Runs an imported model over samples batch by batch: encodes each batch, lets the model run it, and gathers
 * the logits and embeddings into {@link ModelOutputs}, checking cancellation before and reporting progress
 * after every batch. The one loop the Keras and ONNX models share.
 */
public final class ImportedBatches {

    /** One batch's outputs: two logits a sample, and the embeddings or {@code null}. */
    public record Batch(float[][] logits, float[][] embedding) {
    }

    /** Runs one batch of token-id sequences (not padded). */
    @FunctionalInterface
    public interface Runner {
        Batch run(int[][] tokens) throws InputException;
    }

    private ImportedBatches() {
    }

    /**
     * The outputs of {@code samples}, in order.
     *
     * @param file   the model, named when its outputs cannot be used
     * @param length tokens a sample is cut to
     */
    public static ModelOutputs collect(Path file, List<NormalizedSample> samples, ModelInput input, int length,
                                       int batchSize, CancellationToken cancel, DoubleConsumer progress,
                                       Runner runner) throws InputException {
        int n = samples.size();
        List<String> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        float[] logits = new float[2 * n];
        float[] embeddings = null;
        int width = 0;
        for (int from = 0; from < n; from += batchSize) {
            cancel.throwIfCancelled();
            int to = Math.min(n, from + batchSize);
            int[][] tokens = new int[to - from][];
            for (int i = from; i < to; i++) {
                NormalizedSample s = samples.get(i);
                ids.add(s.sample().id());
                labels[i] = s.sample().label();
                tokens[i - from] = input.encode(s, length);
            }
            Batch run = runner.run(tokens);
            if (embeddings == null) {
                width = run.embedding() == null ? 0 : run.embedding()[0].length;
                embeddings = new float[n * width];
            }
            for (int i = from; i < to; i++) {
                logits[2 * i] = run.logits()[i - from][0];
                logits[2 * i + 1] = run.logits()[i - from][1];
                if (width > 0) {
                    System.arraycopy(run.embedding()[i - from], 0, embeddings, i * width, width);
                }
            }
            progress.accept(to / (double) n);
        }
        try {
            return ModelOutputs.of(ids, labels, logits, embeddings == null ? new float[0] : embeddings, width);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, 0, "the model gave outputs LeakLab cannot use: " + e.getMessage(), e);
        }
    }

    /** The first line of a library's exception message, as one line; the exception's name when it has none. */
    public static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return InputException.oneLine(nl >= 0 ? m.substring(0, nl) : m);
    }
}
