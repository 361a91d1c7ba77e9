package dev.leaklab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Near-duplicate detection and deduplication: type-3 clones (a few tokens changed, a statement added) of one
 * label are found and all but the first dropped, unrelated code and a vulnerable function's fixed twin are
 * kept, and the MinHash estimate is close to the true Jaccard similarity.
 */
class NearDuplicatesTest {

    private final Random random = new Random(3);

    /** A random function body of {@code n} tokens. */
    private List<String> body(int n) {
        String[] vocabulary = {"int", "char", "buf", "len", "i", "for", "(", ")", "{", "}", ";", "=", "+", "<",
            "memcpy", "strcpy", "malloc", "free", "if", "return", "VAR1", "VAR2", "FUN1", "0", "1", "[", "]", ","};
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(vocabulary[random.nextInt(vocabulary.length)] + (random.nextInt(4) == 0 ? random.nextInt(50) : ""));
        }
        return tokens;
    }

    /** {@code tokens} with {@code changes} tokens replaced. */
    private List<String> mutate(List<String> tokens, int changes) {
        List<String> copy = new ArrayList<>(tokens);
        for (int c = 0; c < changes; c++) {
            copy.set(random.nextInt(copy.size()), "changed" + c);
        }
        return copy;
    }

    private static NormalizedSample sample(String id, int label, List<String> tokens) {
        return new NormalizedSample(new Sample(id, String.join(" ", tokens), label, "s.c", 1, null, null), tokens);
    }

    private static double jaccard(List<String> a, List<String> b) {
        java.util.Set<String> x = shingles(a);
        java.util.Set<String> y = shingles(b);
        java.util.Set<String> both = new java.util.HashSet<>(x);
        both.retainAll(y);
        java.util.Set<String> either = new java.util.HashSet<>(x);
        either.addAll(y);
        return both.size() / (double) either.size();
    }

    private static java.util.Set<String> shingles(List<String> t) {
        java.util.Set<String> s = new java.util.HashSet<>();
        for (int i = 0; i + NearDuplicates.SHINGLE <= t.size(); i++) {
            s.add(String.join("\u0000", t.subList(i, i + NearDuplicates.SHINGLE)));
        }
        return s;
    }

    @Test
    void theEstimateIsCloseToTheTrueJaccardSimilarity() {
        for (int changes : new int[] {0, 2, 5, 10, 30}) {
            List<String> a = body(200);
            List<String> b = mutate(a, changes);
            NearDuplicates nd = NearDuplicates.of(List.of(sample("a", 1, a), sample("b", 1, b)), 0.8);
            // four standard errors of a 128-hash estimate at most
            assertThat(nd.similarity(0, 1)).as("%d changes", changes).isCloseTo(jaccard(a, b),
                    org.assertj.core.data.Offset.offset(0.18));
        }
        List<String> a = body(200);
        assertThat(NearDuplicates.of(List.of(sample("a", 1, a), sample("b", 1, new ArrayList<>(a))), 0.8)
                .similarity(0, 1)).isEqualTo(1.0);
    }

    @Test
    void nearDedupDropsSameLabelClonesAndKeepsTwinsAndUnrelatedCode() {
        List<NormalizedSample> samples = new ArrayList<>();
        List<String> original = body(150);
        samples.add(sample("original", 1, original));
        samples.add(sample("clone-1", 1, mutate(original, 2)));
        samples.add(sample("clone-2", 1, mutate(original, 1)));
        samples.add(sample("fixed-twin", 0, mutate(original, 2)));
        for (int i = 0; i < 40; i++) {
            samples.add(sample("v" + i, 1, body(150)));
            samples.add(sample("s" + i, 0, body(150)));
        }
        SplitSpec near = new SplitSpec(0.25, 0.25, 0.25, 0.25, 0, ConflictPolicy.DROP, 1, "near", 0.8);
        DataSplit split = Splitter.split(samples, near);
        List<String> kept = split.subsets().values().stream().flatMap(List::stream).map(s -> s.sample().id()).toList();
        assertThat(kept).contains("original", "fixed-twin").doesNotContain("clone-1", "clone-2").hasSize(82);
        assertThat(split.dedup().nearRemoved()).isEqualTo(2);
        assertThat(split.dedup().duplicatesRemoved()).isEqualTo(2);

        DataSplit exact = Splitter.split(samples, SplitSpec.equalQuarters());
        assertThat(exact.subsets().values().stream().mapToInt(List::size).sum()).isEqualTo(84);
    }

    @Test
    void noDedupKeepsExactCopiesAndTheDefaultSpecIsWrittenAsBefore() throws Exception {
        List<String> a = body(30);
        List<NormalizedSample> samples = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            samples.add(sample("copy" + i, i % 2, a));
        }
        DataSplit none = Splitter.split(samples, new SplitSpec(0.25, 0.25, 0.25, 0.25, 0, ConflictPolicy.DROP, 1,
                "none", null));
        assertThat(none.subsets().values().stream().mapToInt(List::size).sum()).isEqualTo(12);
        String json = dev.leaklab.core.Json.mapper().writeValueAsString(SplitSpec.equalQuarters());
        assertThat(json).doesNotContain("dedup").doesNotContain("nearThreshold");
        assertThat(new SplitSpec(0.25, 0.25, 0.25, 0.25, 0, ConflictPolicy.DROP, 42, "exact", null))
                .isEqualTo(SplitSpec.equalQuarters());
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> new SplitSpec(0.25, 0.25, 0.25, 0.25, 0, ConflictPolicy.DROP, 1, "fuzzy", null))
                .hasMessageContaining("split.dedup must be exact, near or none");
        assertThatThrownBy(() -> new SplitSpec(0.25, 0.25, 0.25, 0.25, 0, ConflictPolicy.DROP, 1, "near", 1.5))
                .hasMessageContaining("split.nearThreshold must be in (0, 1]");
        assertThatThrownBy(() -> new SplitSpec(0.25, 0.25, 0.25, 0.25, 0, ConflictPolicy.DROP, 1, null, 0.7))
                .hasMessageContaining("applies to dedup \"near\" only");
    }
}
