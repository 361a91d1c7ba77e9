/**
 * GPT-2 / RoBERTa byte-level BPE: the tokenizer that CodeBERT's checkpoints were trained with, able to read
 * and write Hugging Face {@code vocab.json} / {@code merges.txt} pairs and to learn a new vocabulary from a
 * corpus when no pretrained folder is at hand. Plain Java plus Jackson, toolkit-free.
 */
package dev.leaklab.core.code.bpe;
