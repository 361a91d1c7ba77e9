/**
 * Auditing a model LeakLab did not train: per-sample outputs read from a file any framework can write (CSV,
 * JSON Lines, NumPy), the user's member marking, and the vocabularies imported models read code with. The
 * models themselves run in {@code core.model.dl4j} (Keras) and {@code core.model.onnx} (ONNX).
 */
package dev.leaklab.core.audit;
