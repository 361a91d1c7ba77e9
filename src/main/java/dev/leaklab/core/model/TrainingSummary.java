package dev.leaklab.core.model;

/**
 * How a training run went.
 *
 * @param epochsRun         epochs actually trained (fewer than configured after early stopping)
 * @param examples          training examples seen in all
 * @param seconds           wall-clock training time
 * @param finalLoss         mean training loss of the last epoch
 * @param finalAccuracy     training accuracy of the last epoch
 */
public record TrainingSummary(int epochsRun, long examples, double seconds, double finalLoss, double finalAccuracy) {

    /** Training examples per second over the whole run. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
