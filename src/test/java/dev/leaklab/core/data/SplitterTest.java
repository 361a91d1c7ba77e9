package dev.leaklab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitterTest {

    private static NormalizedSample sample(String id, int label, String body) {
        return new NormalizedSample(new Sample(id, body, label, "s.c", 1, null, null), List.of(body.split(" ")));
    }

    private static List<NormalizedSample> distinct(int vulnerable, int safe) {
        List<NormalizedSample> list = new ArrayList<>();
        for (int i = 0; i < vulnerable; i++) {
            list.add(sample("v" + i, 1, "v " + i));
        }
        for (int i = 0; i < safe; i++) {
            list.add(sample("s" + i, 0, "s " + i));
        }
        return list;
    }

    @Test
    void splitsEachClassIntoEqualQuarters() {
        DataSplit split = Splitter.split(distinct(40, 120), SplitSpec.equalQuarters());
        for (Subset s : Subset.values()) {
            assertThat(split.get(s)).hasSize(40);
            assertThat(split.vulnerable(s)).isEqualTo(10);
        }
    }

    @Test
    void givesRemaindersToTheLargestShares() {
        DataSplit split = Splitter.split(distinct(7, 6), SplitSpec.equalQuarters());
        int total = split.subsets().values().stream().mapToInt(List::size).sum();
        assertThat(total).isEqualTo(13);
        assertThat(split.subsets().values()).allSatisfy(l -> assertThat(l.size()).isBetween(3, 4));
    }

    @Test
    void removesDuplicatesAndDropsConflictingBodies() {
        List<NormalizedSample> samples = new ArrayList<>(distinct(8, 8));
        samples.add(sample("dup", 1, "v 0"));
        samples.add(sample("c1", 1, "both"));
        samples.add(sample("c2", 0, "both"));
        DataSplit split = Splitter.split(samples, SplitSpec.equalQuarters());
        assertThat(split.dedup()).isEqualTo(new DedupReport(19, 17, 2, 1, 1, 16));
        assertThat(split.subsets().values().stream().flatMap(List::stream).map(s -> s.sample().id()))
                .doesNotContain("dup", "c1", "c2");
    }

    @Test
    void keepsConflictingBodiesUnderTheMajorityPolicy() {
        List<NormalizedSample> samples = List.of(sample("a", 1, "x"), sample("b", 0, "x"), sample("c", 0, "x"),
                sample("d", 1, "y"));
        Deduplicator.Result r = Deduplicator.deduplicate(samples, ConflictPolicy.MAJORITY);
        assertThat(r.kept()).extracting(s -> s.sample().id() + "=" + s.sample().label()).containsExactly("a=0", "d=1");
    }

    @Test
    void honoursFractionsAndTheCap() {
        SplitSpec spec = new SplitSpec(0.4, 0.4, 0.1, 0.1, 0, ConflictPolicy.DROP, 1);
        DataSplit split = Splitter.split(distinct(100, 100), spec);
        assertThat(split.get(Subset.TARGET_IN)).hasSize(80);
        assertThat(split.get(Subset.SHADOW_OUT)).hasSize(20);

        DataSplit capped = Splitter.split(distinct(100, 300), new SplitSpec(0.25, 0.25, 0.25, 0.25, 20,
                ConflictPolicy.DROP, 1));
        for (Subset s : Subset.values()) {
            assertThat(capped.get(s)).hasSize(20);
            assertThat(capped.vulnerable(s)).isEqualTo(5);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        List<NormalizedSample> data = distinct(50, 50);
        SplitSpec spec = SplitSpec.equalQuarters();
        assertThat(Splitter.split(data, spec)).isEqualTo(Splitter.split(data, spec));
        assertThat(Splitter.split(data, spec.withSeed(9)).get(Subset.TARGET_IN))
                .isNotEqualTo(Splitter.split(data, spec).get(Subset.TARGET_IN));
    }

    @Test
    void rejectsFractionsThatDoNotFit() {
        assertThatThrownBy(() -> new SplitSpec(0.5, 0.5, 0.5, 0.5, 0, ConflictPolicy.DROP, 1))
                .hasMessageContaining("sum to at most 1");
        assertThatThrownBy(() -> new SplitSpec(0, 0.5, 0.25, 0.25, 0, ConflictPolicy.DROP, 1))
                .hasMessageContaining("targetIn must be in (0, 1]");
    }
}
