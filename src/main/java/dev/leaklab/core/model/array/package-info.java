/**
 * LeakLab's own array engine, which trains and runs the three architectures (BiLSTM, BiGRU, the RoBERTa-style
 * encoder) on plain float arrays, with OpenBLAS for the matrix products. It is exact under padding and measured
 * faster than DL4J's layers for these models (see {@link dev.leaklab.core.model.array.ArrayTrainer}); models
 * trained elsewhere run through {@code core.model.dl4j} and {@code core.model.onnx} instead.
 */
package dev.leaklab.core.model.array;
