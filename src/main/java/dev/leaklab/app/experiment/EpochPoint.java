package dev.leaklab.app.experiment;

/**
 * One point of a live training curve.
 *
 * @param model    which model ({@code target}, {@code shadow-1}...)
 * @param epoch    the epoch just finished, from 1
 * @param loss     its mean training loss
 * @param accuracy its training accuracy
 */
public record EpochPoint(String model, int epoch, double loss, double accuracy) {
}
