/**
 * DL4J and ND4J doing what they are made for, loading and running models trained elsewhere: Keras models
 * ({@code .h5}, through {@code KerasModelImport}) and NumPy arrays ({@code .npy}, {@code .npz}). The only
 * package that imports {@code org.deeplearning4j} or {@code org.nd4j}; ND4J's native backend loads when one
 * of these first runs, never when the window opens.
 */
package dev.leaklab.core.model.dl4j;
