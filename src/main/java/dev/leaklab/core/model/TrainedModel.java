package dev.leaklab.core.model;

import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;

/** A trained vulnerability-prediction model: it gives per-sample outputs and saves itself. */
public interface TrainedModel {

    /** The configuration it was trained with. */
    ModelConfig config();

    /** How its training went. */
    TrainingSummary summary();

    /**
     * The token vocabulary it reads, or {@code null} for a pretrained encoder, which reads raw code through its
     * own tokenizer.
     */
    dev.leaklab.core.code.Vocabulary vocabulary();

    /**
     * Runs the model over {@code data} in batches and returns each sample's outputs, in {@code data}'s order.
     *
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    ModelOutputs outputs(LabelledSequences data, CancellationToken cancel);

    /**
     * Writes a checkpoint into {@code dir}: the network and a JSON sidecar with the configuration, the
     * vocabulary and provenance. The folder is written in full or not at all.
     */
    void save(Path dir) throws IOException;
}
