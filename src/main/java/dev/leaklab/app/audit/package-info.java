/**
 * File ▸ Audit a Model…: the dialog that asks which model trained elsewhere to audit (an outputs file, a Keras
 * model, an ONNX model), with its data, vocabulary and member marking, and the request it makes.
 */
package dev.leaklab.app.audit;
