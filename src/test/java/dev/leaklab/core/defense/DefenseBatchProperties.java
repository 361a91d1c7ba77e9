package dev.leaklab.core.defense;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.attack.SyntheticOutputs;
import dev.leaklab.core.model.ModelOutputs;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every output defence gives a sample the same release whether it is processed alone, in the whole set, or in a
 * batch of any size and order (a bug class of other privacy toolkits, whose noise follows the batch position).
 */
class DefenseBatchProperties {

    private static final int N = 300;
    private static final int WIDTH = 5;
    private static final ModelOutputs ALL = SyntheticOutputs.of("s", N, WIDTH, false, 3, 9);
    private static final Nmid NMID = new Nmid(Spread.of(ALL));

    @Property(tries = 1_000)
    void aSampleIsReleasedAlikeInAnyBatch(@ForAll("settings") DefenseSettings settings,
                                          @ForAll("batches") List<Integer> batch,
                                          @ForAll @IntRange(min = 1, max = 4) int query) {
        Released whole = NMID.release(Released.clean(ALL), settings, query);
        Released part = NMID.release(Released.clean(subset(batch)), settings, query);
        for (int j = 0; j < batch.size(); j++) {
            int i = batch.get(j);
            assertSame(part, j, whole, i);
            Released alone = NMID.release(Released.clean(subset(List.of(i))), settings, query);
            assertSame(alone, 0, whole, i);
        }
    }

    @Provide
    Arbitrary<DefenseSettings> settings() {
        Arbitrary<Mask> mask = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(Mask.RELEASED)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Mask.REDUCED)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Mask.WITHHELD)));
        Arbitrary<Double> sigma = Arbitraries.of(0.0, 0.05, 0.5, 1.0, 3.0, 10.0);
        return Combinators.combine(sigma, mask.list().ofSize(Feature.values().length),
                sigma.list().ofSize(Feature.values().length), Arbitraries.of(true, false),
                Arbitraries.of(NoiseMode.values())).as((global, masks, sigmas, preserving, mode) -> {
                    DefenseSettings s = DefenseSettings.noise(global).withLabelPreserving(preserving).withNoise(mode);
                    for (Feature f : Feature.values()) {
                        s = s.withMask(f, masks.get(f.ordinal()));
                        if (sigmas.get(f.ordinal()) != global) {
                            s = s.withSigma(f, sigmas.get(f.ordinal()));
                        }
                    }
                    return s;
                });
    }

    @Provide
    Arbitrary<List<Integer>> batches() {
        return Arbitraries.integers().between(0, N - 1).list().uniqueElements().ofMinSize(1).ofMaxSize(64)
                .map(list -> {
                    List<Integer> shuffled = new ArrayList<>(list);
                    java.util.Collections.shuffle(shuffled, new java.util.Random(list.hashCode()));
                    return shuffled;
                });
    }

    private static ModelOutputs subset(List<Integer> rows) {
        List<String> ids = new ArrayList<>();
        int[] labels = new int[rows.size()];
        float[] logits = new float[2 * rows.size()];
        float[] embeddings = new float[WIDTH * rows.size()];
        float[] all = ALL.embeddings();
        for (int j = 0; j < rows.size(); j++) {
            int i = rows.get(j);
            ids.add(ALL.ids().get(i));
            labels[j] = ALL.label(i);
            logits[2 * j] = ALL.logit(i, 0);
            logits[2 * j + 1] = ALL.logit(i, 1);
            System.arraycopy(all, i * WIDTH, embeddings, j * WIDTH, WIDTH);
        }
        return ModelOutputs.of(ids, labels, logits, embeddings, WIDTH);
    }

    private static void assertSame(Released a, int j, Released b, int i) {
        assertThat(a.ids().get(j)).isEqualTo(b.ids().get(i));
        assertThat(a.predicted()[j]).isEqualTo(b.predicted()[i]);
        assertBits(a.logits(), 2 * j, b.logits(), 2 * i, 2);
        assertBits(a.confidence(), j, b.confidence(), i, 1);
        assertBits(a.loss(), j, b.loss(), i, 1);
        assertBits(a.embeddings(), j * WIDTH, b.embeddings(), i * WIDTH, a.embeddings() == null ? 0 : WIDTH);
    }

    private static void assertBits(float[] a, int from, float[] b, int bFrom, int n) {
        if (a == null || b == null) {
            assertThat(a == null).isEqualTo(b == null);
            return;
        }
        for (int k = 0; k < n; k++) {
            assertThat(Float.floatToIntBits(a[from + k])).as("value %d", k)
                    .isEqualTo(Float.floatToIntBits(b[bFrom + k]));
        }
    }
}
