package dev.leaklab.core.model;

/**
 * Where a training run stands after a batch or an epoch.
 *
 * @param model             which model ({@code target}, {@code shadow-1}...)
 * @param epoch             the epoch, from 1
 * @param epochs            epochs in all
 * @param batch             batches done in this epoch (equal to {@code batches} at an epoch's end)
 * @param batches           batches per epoch
 * @param loss              mean training loss over this epoch so far
 * @param accuracy          training accuracy over this epoch so far
 * @param examplesPerSecond training speed over this epoch so far
 * @param etaSeconds        estimated seconds until the run ends
 * @param validationLoss    loss on held-out data at an epoch's end, or NaN
 * @param validationAccuracy accuracy on held-out data at an epoch's end, or NaN
 * @param endOfEpoch        whether this closes an epoch
 */
public record TrainingProgress(String model, int epoch, int epochs, int batch, int batches, double loss,
                               double accuracy, double examplesPerSecond, double etaSeconds, double validationLoss,
                               double validationAccuracy, boolean endOfEpoch) {
}
