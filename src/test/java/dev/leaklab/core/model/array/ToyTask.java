package dev.leaklab.core.model.array;

import dev.leaklab.core.code.EncodedSequence;
import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.model.LabelledSequences;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small learnable task: a sequence is "vulnerable" when the token {@code strcpy} occurs without a later
 * {@code check}; lengths vary so masking matters.
 */
final class ToyTask {
    static final Vocabulary VOCABULARY = Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "strcpy", "check",
            "a", "b", "c", "d", "e", "f", "g", "h"));

    private ToyTask() {
    }

    static LabelledSequences make(int n, int maxLength, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        List<EncodedSequence> sequences = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int length = 4 + random.nextInt(maxLength - 4);
            int[] tokens = new int[maxLength];
            for (int t = 0; t < length; t++) {
                tokens[t] = 4 + random.nextInt(8);
            }
            int label = random.nextInt(2);
            int at = random.nextInt(length - 1);
            tokens[at] = 2;
            if (label == 0) {
                tokens[at + 1 + random.nextInt(length - at - 1)] = 3;
            }
            labels[i] = label;
            ids.add("toy-" + seed + "-" + i);
            sequences.add(new EncodedSequence(tokens, length, length));
        }
        return new LabelledSequences(ids, sequences, labels);
    }
}
