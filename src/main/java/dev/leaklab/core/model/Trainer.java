package dev.leaklab.core.model;

import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.task.CancellationToken;

/** Trains one model. Implementations keep their deep-learning library to themselves. */
public interface Trainer {

    /**
     * Trains a model.
     *
     * @param name       the model's name in progress events ({@code target}, {@code shadow-1})
     * @param config     the settings, already checked
     * @param vocabulary the token ids the sequences use
     * @param train      the members
     * @param validation held-out data for early stopping and progress, or {@code null}
     * @param listener   hears of progress on the training thread
     * @param cancel     checked before every batch
     * @throws IllegalArgumentException when the data does not fit the settings (a batch larger than the data)
     * @throws TrainingException        when training diverges
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    TrainedModel train(String name, ModelConfig config, Vocabulary vocabulary, LabelledSequences train,
                       LabelledSequences validation, TrainingListener listener, CancellationToken cancel);
}
