package dev.leaklab.core.model.array;

import dev.leaklab.core.model.LabelledSequences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Length-bucketed batches: samples of similar length go together and each batch is cut to its longest
 * member, so short gadgets do not pay for the longest one's padding. Why: the median CGD gadget is 65
 * normalised tokens against a 200-token cap; a recurrent layer's cost is linear in the padded length.
 */
final class Batches {

    private Batches() {
    }

    /**
     * Training batches for one epoch: indices shuffled with the seed, sorted by length within windows of 50
     * batches (so the order stays random across windows), cut into batches, and the batch order shuffled.
     */
    static List<int[]> trainingOrder(LabelledSequences data, int batchSize, long seed) {
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
        List<int[]> batches = cut(order, batchSize);
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
        return cut(order, batchSize);
    }

    /** Consecutive runs of {@code batchSize} indices (the last may be shorter). */
    private static List<int[]> cut(Integer[] order, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int[] batch = new int[to - from];
            for (int k = from; k < to; k++) {
                batch[k - from] = order[k];
            }
            batches.add(batch);
        }
        return batches;
    }
}
