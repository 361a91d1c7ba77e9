package dev.leaklab.core.model.dl4j;

import dev.leaklab.core.code.EncodedSequence;
import dev.leaklab.core.model.LabelledSequences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Length-bucketed batches: samples of similar length go together and each batch is cut to its longest
 * member, so short gadgets do not pay for the longest one's padding. Why: the median CGD gadget is 65
 * normalised tokens against a 200-token cap; a recurrent layer's cost is linear in the padded length.
 */
final class Batches {

    /** One batch: sample indices into the data, and the arrays the network takes. */
    record Batch(int[] indices, INDArray features, INDArray mask, INDArray labels) {
    }

    private Batches() {
    }

    /**
     * Training batches for one epoch: indices shuffled with the seed, sorted by length within windows of 50
     * batches (so the order stays random across windows), cut into batches, and the batch order shuffled.
     */
    static List<int[]> trainingOrder(LabelledSequences data, int batchSize, long seed, int prefixTokens) {
        int n = data.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        Collections.shuffle(Arrays.asList(order), random);
        int window = batchSize * 50;
        for (int from = 0; from < n; from += window) {
            Arrays.sort(order, from, Math.min(n, from + window),
                    (a, b) -> Integer.compare(data.sequences().get(a).length(), data.sequences().get(b).length()));
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] batch = new int[to - from];
            for (int k = from; k < to; k++) {
                batch[k - from] = order[k];
            }
            batches.add(batch);
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Inference batches: all indices sorted by length, cut into batches; order does not matter here. */
    static List<int[]> inferenceOrder(LabelledSequences data, int batchSize) {
        int n = data.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(data.sequences().get(a).length(), data.sequences().get(b).length()));
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] batch = new int[to - from];
            for (int k = from; k < to; k++) {
                batch[k - from] = order[k];
            }
            batches.add(batch);
        }
        return batches;
    }

    /**
     * The arrays of one batch: token ids as floats [B, T], the mask [B, T] and one-hot labels [B, 2], with T
     * the longest member's length. With a {@code prefixToken} &ge; 0 every sequence starts with that token
     * (the encoder's {@code <s>}), and the rest is cut so the whole fits {@code maxLength}.
     */
    static Batch build(LabelledSequences data, int[] indices, int prefixToken, int maxLength) {
        int prefix = prefixToken >= 0 ? 1 : 0;
        int t = 1;
        for (int i : indices) {
            t = Math.max(t, Math.min(maxLength, data.sequences().get(i).length() + prefix));
        }
        int b = indices.length;
        float[] ids = new float[b * t];
        float[] mask = new float[b * t];
        float[] labels = new float[b * 2];
        for (int r = 0; r < b; r++) {
            EncodedSequence s = data.sequences().get(indices[r]);
            int[] tokens = s.ids();
            int len = Math.min(t, s.length() + prefix);
            if (prefix == 1) {
                ids[r * t] = prefixToken;
            }
            for (int k = prefix; k < len; k++) {
                ids[r * t + k] = tokens[k - prefix];
            }
            // why: an empty sequence still gets one real step, so pooling never divides by zero
            Arrays.fill(mask, r * t, r * t + Math.max(1, len), 1f);
            labels[r * 2 + data.label(indices[r])] = 1f;
        }
        return new Batch(indices, Nd4j.create(ids, new long[] {b, t}, 'c').castTo(DataType.FLOAT),
                Nd4j.create(mask, new long[] {b, t}, 'c'), Nd4j.create(labels, new long[] {b, 2}, 'c'));
    }
}
