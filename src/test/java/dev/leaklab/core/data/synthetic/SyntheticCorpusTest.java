package dev.leaklab.core.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.code.CLexer;
import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.code.Token;
import dev.leaklab.core.code.TokenKind;
import dev.leaklab.core.data.Sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {

    private static final Pattern LABEL_WORDS = Pattern.compile("(?i)bad|good|vuln|safe|fix|flaw");

    private static List<Sample> quickstart;

    @BeforeAll
    static void generateQuickstart() {
        quickstart = SyntheticCorpus.generate(SyntheticCorpus.Spec.defaults());
    }

    @Test
    void sameSpecGivesTheSameCorpus() {
        SyntheticCorpus.Spec spec = new SyntheticCorpus.Spec(500, 42L);

        assertThat(SyntheticCorpus.generate(spec)).isEqualTo(SyntheticCorpus.generate(spec));
        assertThat(SyntheticCorpus.generate(SyntheticCorpus.Spec.defaults())).isEqualTo(quickstart);
    }

    @Test
    void differentSeedGivesDifferentCode() {
        List<String> a = codes(SyntheticCorpus.generate(new SyntheticCorpus.Spec(300, 1L)));
        List<String> b = codes(SyntheticCorpus.generate(new SyntheticCorpus.Spec(300, 2L)));

        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        assertThat(shared).isEmpty();
    }

    @Test
    void decorationAddsStatementsAroundTheSamePatterns() {
        List<Sample> plain = SyntheticCorpus.generate(new SyntheticCorpus.Spec(300, 9L));
        List<Sample> decorated = SyntheticCorpus.generate(new SyntheticCorpus.Spec(300, 9L, true));

        assertThat(decorated).extracting(Sample::tag).containsExactlyElementsOf(plain.stream().map(Sample::tag)
                .toList());
        assertThat(decorated).extracting(Sample::label).containsExactlyElementsOf(plain.stream().map(Sample::label)
                .toList());
        double plainLines = plain.stream().mapToLong(x -> x.code().lines().count()).average().orElseThrow();
        double decoratedLines = decorated.stream().mapToLong(x -> x.code().lines().count()).average().orElseThrow();
        assertThat(decoratedLines).as("lines a function").isGreaterThan(plainLines + 2);
    }

    @Test
    void exactCountAndHalfVulnerable() {
        assertThat(quickstart).hasSize(SyntheticCorpus.DEFAULT_FUNCTIONS);
        assertThat(quickstart).filteredOn(Sample::isVulnerable).hasSize(SyntheticCorpus.DEFAULT_FUNCTIONS / 2);

        List<Sample> odd = SyntheticCorpus.generate(new SyntheticCorpus.Spec(101, 5L));
        assertThat(odd).hasSize(101);
        assertThat(odd).filteredOn(Sample::isVulnerable).hasSize(50);
    }

    @Test
    void everyPatternAppearsWithBothLabelsAndEvenly() {
        Map<String, long[]> perPattern = new TreeMap<>();
        for (Sample s : quickstart) {
            perPattern.computeIfAbsent(s.tag(), t -> new long[2])[s.label()]++;
        }

        assertThat(perPattern.keySet()).containsExactlyInAnyOrderElementsOf(
                SyntheticCorpus.patterns().stream().map(SyntheticCorpus.Pattern::id).toList());
        for (long[] counts : perPattern.values()) {
            assertThat(counts[0]).isEqualTo(counts[1]);
            long perLabel = SyntheticCorpus.DEFAULT_FUNCTIONS / 2 / 12;
            assertThat(counts[0]).isBetween(perLabel, perLabel + 1);
        }

        // the smallest corpus still has every pattern with both labels
        int min = 2 * SyntheticCorpus.patterns().size();
        List<Sample> smallest = SyntheticCorpus.generate(new SyntheticCorpus.Spec(min, 9L));
        assertThat(smallest.stream().map(s -> s.tag() + "/" + s.label()).collect(Collectors.toSet())).hasSize(min);
    }

    @Test
    void samplesCarryThePatternMetadata() {
        Map<String, SyntheticCorpus.Pattern> byId = SyntheticCorpus.patterns().stream()
                .collect(Collectors.toMap(SyntheticCorpus.Pattern::id, p -> p));

        assertThat(quickstart.get(0).id()).isEqualTo("gen-00001");
        assertThat(quickstart.get(3999).id()).isEqualTo("gen-04000");
        assertThat(quickstart).allSatisfy(s -> {
            SyntheticCorpus.Pattern p = byId.get(s.tag());
            assertThat(p).isNotNull();
            assertThat(s.cwe()).isEqualTo(p.cwe()).matches("CWE-\\d+");
            assertThat(s.source()).isEqualTo("synthetic/" + p.id() + ".c");
            assertThat(s.line()).isEqualTo(1);
        });
        assertThat(SyntheticCorpus.patterns()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(SyntheticCorpus.patterns()).extracting(SyntheticCorpus.Pattern::cwe)
                .contains("CWE-121", "CWE-122", "CWE-787", "CWE-193", "CWE-134", "CWE-416", "CWE-415", "CWE-690",
                        "CWE-680", "CWE-78", "CWE-457", "CWE-401");
    }

    @Test
    void noTextHintsAtTheLabel() {
        assertThat(quickstart).allSatisfy(s -> {
            assertThat(LABEL_WORDS.matcher(s.code()).find()).as(s.code()).isFalse();
            assertThat(LABEL_WORDS.matcher(s.source() + " " + s.tag()).find()).isFalse();
            assertThat(s.code()).doesNotContain("//", "/*");
        });
        assertThat(LABEL_WORDS.matcher(SyntheticCorpus.prelude()).find()).isFalse();
    }

    @Test
    void normalisedDuplicatesAreRare() {
        SymbolicNormalizer normalizer = new SymbolicNormalizer();
        Set<String> shapes = new HashSet<>();
        int duplicates = 0;
        for (Sample s : quickstart) {
            if (!shapes.add(String.join(" ", normalizer.normalize(s.code())))) {
                duplicates++;
            }
        }

        assertThat((double) duplicates / quickstart.size()).isLessThan(0.02);
    }

    @Test
    void functionNamesAreUniqueWithinACorpus() {
        List<String> names = quickstart.stream().map(s -> functionName(s.code())).toList();

        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void twinsHaveOverlappingTokenLengths() {
        CLexer lexer = new CLexer();
        Map<String, List<List<Integer>>> lengths = new TreeMap<>();
        List<List<Integer>> all = List.of(new ArrayList<>(), new ArrayList<>());
        for (Sample s : quickstart) {
            int n = lexer.tokenize(s.code()).size();
            lengths.computeIfAbsent(s.tag(), t -> List.of(new ArrayList<>(), new ArrayList<>())).get(s.label()).add(n);
            all.get(s.label()).add(n);
        }

        lengths.forEach((pattern, byLabel) -> {
            double fixed = median(byLabel.get(0));
            double vulnerable = median(byLabel.get(1));
            assertThat(Math.abs(fixed - vulnerable) / Math.max(fixed, vulnerable)).as(pattern).isLessThan(0.25);
        });
        double fixed = median(all.get(0));
        double vulnerable = median(all.get(1));
        assertThat(Math.abs(fixed - vulnerable) / Math.max(fixed, vulnerable)).isLessThan(0.1);
    }

    @Test
    void specRejectsTooFewFunctions() {
        int min = 2 * SyntheticCorpus.patterns().size();

        assertThatThrownBy(() -> new SyntheticCorpus.Spec(min - 1, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyntheticCorpus.Spec(SyntheticCorpus.MAX_FUNCTIONS + 1, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SyntheticCorpus.Spec(min, 1L).functions()).isEqualTo(min);
    }

    @Test
    void corpusCompilesWithGcc(@TempDir Path dir) throws IOException, InterruptedException {
        Path gcc = onPath("gcc");
        Assumptions.assumeTrue(gcc != null, "gcc is not on the PATH");
        StringBuilder source = new StringBuilder(SyntheticCorpus.prelude());
        // the plain corpus and the decorated one, whose statements and branches must compile too
        for (boolean decorated : new boolean[] {false, true}) {
            for (Sample s : SyntheticCorpus.generate(new SyntheticCorpus.Spec(200, decorated ? 12L : 11L,
                    decorated))) {
                source.append('\n').append(s.code());
            }
        }
        Path file = dir.resolve("corpus.c");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(gcc.toString(), "-fsyntax-only", "-Wall", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
    }

    private static List<String> codes(List<Sample> samples) {
        return samples.stream().map(Sample::code).toList();
    }

    /** The name of the function a sample defines: the identifier before the first parenthesis. */
    private static String functionName(String code) {
        List<Token> tokens = new CLexer().tokenize(code);
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).isOperator("(") && tokens.get(i - 1).kind() == TokenKind.IDENTIFIER) {
                return tokens.get(i - 1).text();
            }
        }
        throw new AssertionError("no function name in " + code);
    }

    private static double median(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : List.of(program, program + ".exe")) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
