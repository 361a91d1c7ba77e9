package dev.leaklab.core.audit;

import dev.leaklab.core.InputException;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * A model trained elsewhere, loaded to be audited: it runs over samples and gives each one's outputs (logits,
 * and the embedding before its head where the model exposes one), which LeakLab then treats exactly as its
 * own models' outputs.
 */
public interface ImportedModel extends AutoCloseable {

    /** What the model is, in one line: its kind, its layers or graph, its file. */
    String description();

    /**
     * Runs the model over {@code samples} in batches.
     *
     * @param progress told the fraction done after every batch
     * @throws InputException when the data does not fit the model (a token id beyond its vocabulary, say)
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    ModelOutputs outputs(List<NormalizedSample> samples, CancellationToken cancel, DoubleConsumer progress)
            throws InputException;

    /** Frees the native memory the model holds. */
    @Override
    void close();
}
