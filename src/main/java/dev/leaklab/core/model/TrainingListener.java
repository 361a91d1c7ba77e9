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

    /**
     * How many of {@code model}'s held-out samples to score at each epoch's end, so the gap between training
     * and held-out accuracy can be watched as it opens ({@link TrainingProgress#validationAccuracy()}); 0, the
     * default, for none. It never changes what is trained.
     */
    default int heldOutSamples(String model) {
        return 0;
    }
}
