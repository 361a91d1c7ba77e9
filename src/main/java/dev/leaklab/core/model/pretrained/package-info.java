/**
 * Pretrained RoBERTa checkpoints in Hugging Face's folder layout ({@code config.json}, {@code vocab.json},
 * {@code merges.txt}, {@code model.safetensors}): a validating safetensors reader and writer, the config, the
 * expected tensor layout, and a plain-Java reference forward pass that serves as the test oracle for the fast
 * encoder. Plain Java plus Jackson; no DL4J/ND4J here.
 */
package dev.leaklab.core.model.pretrained;
