package dev.leaklab.app.experiment;

/**
 * One point of a live training curve.
 *
 * @param model    which model ({@code target}, {@code shadow-1}...)
 * @param epoch    the epoch just finished, from 1
 * @param loss     its mean training loss
 * @param accuracy its training accuracy
 * @param heldOutAccuracy its accuracy on held-out samples (the target's non-members), or NaN where not measured
 */
public record EpochPoint(String model, int epoch, double loss, double accuracy, double heldOutAccuracy) {
}
