package dev.leaklab.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.testing.SharedData;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real VulDeePecker code-gadget files, read end to end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CgdDatasetTest {

    private Dataset cwe119;
    private Dataset cwe399;

    @BeforeAll
    void load() throws DatasetException {
        cwe119 = DatasetLoader.load(List.of(SharedData.cgd("cwe119_cgd.txt")), null, ReaderOptions.defaults(),
                CancellationToken.none());
        cwe399 = DatasetLoader.load(List.of(SharedData.cgd("cwe399_cgd.txt")), null, ReaderOptions.defaults(),
                CancellationToken.none());
    }

    @Test
    void formatIsDetectedAsGadgets() {
        assertThat(cwe119.format()).isEqualTo(DatasetFormat.GADGETS);
        assertThat(cwe399.format()).isEqualTo(DatasetFormat.GADGETS);
    }

    @Test
    void cwe119HasThePublishedCounts() {
        assertThat(cwe119.size()).isEqualTo(39_753);
        assertThat(cwe119.vulnerableCount()).isEqualTo(10_440);
        assertThat(distinctRawBodies(cwe119)).isEqualTo(20_123);
    }

    @Test
    void cwe399HasThePublishedCounts() {
        assertThat(cwe399.size()).isEqualTo(21_885);
        assertThat(cwe399.vulnerableCount()).isEqualTo(7_285);
        assertThat(distinctRawBodies(cwe399)).isEqualTo(7_808);
    }

    @Test
    void streamingStatisticsAgreeWithTheLoadedData() {
        DatasetStats stats = DatasetStats.of(cwe399.samples(), new SymbolicNormalizer());
        assertThat(stats.samples()).isEqualTo(21_885);
        assertThat(stats.vulnerable()).isEqualTo(7_285);
        assertThat(stats.notVulnerable()).isEqualTo(21_885 - 7_285);
        assertThat(stats.distinctRaw()).isEqualTo(7_808);
        assertThat(stats.distinct()).isLessThanOrEqualTo(stats.distinctRaw());
        assertThat(stats.duplicates()).isEqualTo(stats.samples() - stats.distinct());
        assertThat(stats.minTokens()).isPositive();
        assertThat(stats.maxTokens()).isGreaterThanOrEqualTo(stats.medianTokens());
    }

    @Test
    void headersKeepIdSourceTagLineAndCwe() {
        Sample first = cwe119.samples().get(0);
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.source()).isEqualTo("CVE-2010-1444/vlc_media_player_1.1.0_CVE-2010-1444_zipstream.c");
        assertThat(first.tag()).isEqualTo("cfunc");
        assertThat(first.line()).isEqualTo(449);
        assertThat(first.cwe()).isEqualTo("CWE-119");
        assertThat(first.label()).isZero();
        assertThat(first.code()).startsWith("ZIP_FILENAME_LEN, NULL, 0, NULL, 0 )").endsWith("free( psz_fileName );");
    }

    @Test
    void everyRecordIsWellFormedUnderStrictReading() throws DatasetException {
        Dataset strict = DatasetLoader.load(List.of(SharedData.cgd("cwe119_cgd.txt")), DatasetFormat.GADGETS,
                ReaderOptions.defaults().withStrict(true), CancellationToken.none());
        assertThat(strict.size()).isEqualTo(39_753);
    }

    @Test
    void pathsWithSpacesStayWholeInTheSource() {
        assertThat(cwe399.samples()).filteredOn(s -> s.source().contains(" ")).hasSize(2)
                .allSatisfy(s -> {
                    assertThat(s.tag()).isNotBlank();
                    assertThat(s.line()).isPositive();
                });
    }

    @Test
    void splitIsDisjointStratifiedAndReproducible() {
        SymbolicNormalizer normalizer = new SymbolicNormalizer();
        List<NormalizedSample> normalized = cwe119.samples().stream()
                .map(s -> new NormalizedSample(s, normalizer.normalize(s.code()))).toList();
        DataSplit split = Splitter.split(normalized, SplitSpec.equalQuarters());
        DataSplit again = Splitter.split(normalized, SplitSpec.equalQuarters());
        DataSplit other = Splitter.split(normalized, SplitSpec.equalQuarters().withSeed(7));

        Set<String> seenKeys = new HashSet<>();
        Set<String> seenIds = new HashSet<>();
        int total = 0;
        double overall = (double) split.subsets().values().stream().flatMap(List::stream)
                .filter(s -> s.sample().isVulnerable()).count()
                / split.subsets().values().stream().mapToInt(List::size).sum();
        for (Subset subset : Subset.values()) {
            List<NormalizedSample> part = split.get(subset);
            total += part.size();
            for (NormalizedSample s : part) {
                assertThat(seenKeys.add(s.key())).as("body in two subsets").isTrue();
                assertThat(seenIds.add(s.sample().id())).isTrue();
            }
            assertThat((double) split.vulnerable(subset) / part.size()).isCloseTo(overall,
                    org.assertj.core.data.Offset.offset(0.001));
            assertThat(part).isEqualTo(again.get(subset));
            assertThat(part).isNotEqualTo(other.get(subset));
        }
        DedupReport report = split.dedup();
        assertThat(report.samples()).isEqualTo(39_753);
        assertThat(report.duplicatesRemoved()).isEqualTo(report.samples() - report.distinct());
        assertThat(report.conflictingBodies()).isPositive();
        assertThat(total).isEqualTo(report.kept());
    }

    private static long distinctRawBodies(Dataset dataset) {
        return dataset.samples().stream().map(Sample::code).distinct().count();
    }
}
