package dev.leaklab.core.attack;

import dev.leaklab.core.model.ModelOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Model outputs made up for attack tests: members' true-class logit is raised by {@code signal}. */
public final class SyntheticOutputs {

    private SyntheticOutputs() {
    }

    /** {@code n} samples of a subset; ids start with {@code prefix}. */
    public static ModelOutputs of(String prefix, int n, int embeddingSize, boolean members, double signal,
                                  long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        float[] logits = new float[2 * n];
        float[] embeddings = new float[n * embeddingSize];
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
            labels[i] = i % 2;
            double margin = random.nextGaussian() + 0.5 + (members ? signal : 0);
            logits[2 * i + labels[i]] = (float) (margin / 2);
            logits[2 * i + 1 - labels[i]] = (float) (-margin / 2);
            for (int d = 0; d < embeddingSize; d++) {
                embeddings[i * embeddingSize + d] = (float) (random.nextGaussian()
                        + (members && d < 4 ? signal * 0.5 : 0));
            }
        }
        return ModelOutputs.of(ids, labels, logits, embeddings, embeddingSize);
    }

    /** Clean released outputs of {@link #of}. */
    public static Released released(String prefix, int n, int embeddingSize, boolean members, double signal,
                                    long seed) {
        return Released.clean(of(prefix, n, embeddingSize, members, signal, seed));
    }
}
