/**
 * Projects and experiments: the {@code .leaklab} file, its validation, the bundled projects, training the
 * target, shadow and reference models, the runner that takes an experiment from data to results, and the
 * results with their JSON and CSV forms.
 */
package dev.leaklab.core.experiment;
