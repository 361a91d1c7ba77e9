package dev.leaklab.core.model;

/**
 * Hears of training progress; called on the training thread after every batch and at every epoch's end. A
 * GUI implementation keeps only the latest value for the FX thread; a CLI one prints now and then.
 */
@FunctionalInterface
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = p -> { };

    /** Progress after a batch, or at an epoch's end ({@link TrainingProgress#endOfEpoch()}). */
    void onProgress(TrainingProgress progress);
}
