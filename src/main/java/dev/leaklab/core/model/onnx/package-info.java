/**
 * Imported ONNX models, the way PyTorch models leave Python, run with ONNX Runtime for Java: a BiLSTM, a
 * RoBERTa-style encoder, anything whose graph takes token ids (and an attention mask) and gives two logits.
 * The only package that imports {@code ai.onnxruntime}; its native library loads when a model first opens.
 */
package dev.leaklab.core.model.onnx;
