package dev.leaklab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Garbage in, one-line {@link DatasetException} or samples out: the Juliet and folder readers never throw
 * anything else and never hang, whatever the bytes.
 */
class JulietFolderReaderProperties {

    // the four Juliet properties run 2,500 inputs each: 10,000 for the reader; the folder reader 10,000 alone

    private static final Duration LIMIT = Duration.ofSeconds(2);
    private static final String CASE_FILE = "CWE121_Stack_Based_Buffer_Overflow__fuzz_01.cpp";

    private Path dir;

    @BeforeTry
    void createDir() throws IOException {
        dir = Files.createTempDirectory("leaklab-juliet-fuzz");
    }

    @AfterTry
    void deleteDir() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 2_500)
    void randomBytesAreReadOrRejectedInOneLine(@ForAll @Size(max = 4096) byte[] bytes) throws IOException {
        checkJuliet(bytes);
    }

    @Property(tries = 2_500)
    void truncatedTestCasesAreReadOrRejectedInOneLine(@ForAll("validFiles") String text,
                                                       @ForAll @IntRange(min = 0, max = 1 << 20) int cut)
            throws IOException {
        checkJuliet(text.substring(0, cut % (text.length() + 1)).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2_500)
    void insertedBracesAndDirectivesAreReadOrRejectedInOneLine(@ForAll("withInsertions") String text)
            throws IOException {
        checkJuliet(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2_500)
    void bitFlipsAreReadOrRejectedInOneLine(@ForAll("validFiles") String text,
                                            @ForAll @Size(min = 1, max = 16) List<@IntRange(min = 0) Integer> flips)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int flip : flips) {
            bytes[flip / 8 % bytes.length] ^= (byte) (1 << (flip % 8));
        }
        checkJuliet(bytes);
    }

    @Property(tries = 10_000)
    void folderDatasetsAreReadOrRejectedInOneLine(@ForAll("topFolders") String top,
                                                  @ForAll @Size(max = 2048) byte[] bytes) throws IOException {
        Path file = dir.resolve(top).resolve("CWE-787").resolve("sample.c");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                new FolderReader().read(dir, ReaderOptions.defaults(), s -> assertThat(s.cwe()).isEqualTo("CWE-787"));
            } catch (DatasetException e) {
                assertThat(e.getMessage()).doesNotContain("\n").startsWith(dir.toString());
            }
        });
    }

    @Example
    void pathologicalNestingStaysFast() throws IOException {
        String deep = "#ifndef OMITBAD\n" + "f(".repeat(100_000) + "\n" + "g() h() ".repeat(50_000) + "\n"
                + "{".repeat(100_000) + "\n#endif\n";
        checkJuliet(deep.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> validFiles() {
        return Arbitraries.of(JulietReaderTest.C01, JulietReaderTest.CPP01, JulietReaderTest.C54A,
                JulietReaderTest.C54B);
    }

    @Provide
    Arbitrary<String> withInsertions() {
        Arbitrary<String> fragment = Arbitraries.of("{", "}", "(", ")", ";", "\"", "'", "/*", "*/", "//", "\n",
                "\\\n", "#endif\n", "#else\n", "#elif X\n", "#ifndef OMITBAD\n", "#ifndef OMITGOOD\n", "#if 0\n",
                "\nvoid f() {", ") : a(", "::", "~", "R\"(", "namespace N {");
        Arbitrary<Tuple2<String, Integer>> edit = Combinators.combine(fragment,
                Arbitraries.integers().greaterOrEqual(0)).as(Tuple::of);
        return Combinators.combine(validFiles(), edit.list().ofMinSize(1).ofMaxSize(10)).as((text, edits) -> {
            StringBuilder s = new StringBuilder(text);
            for (Tuple2<String, Integer> e : edits) {
                s.insert(e.get2() % (s.length() + 1), e.get1());
            }
            return s.toString();
        });
    }

    @Provide
    Arbitrary<String> topFolders() {
        return Arbitraries.oneOf(Arbitraries.of("vulnerable", "SAFE", "1", "0", "Benign"),
                Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(12));
    }

    /** Reads the bytes as a test case file, both within a tree and alone. */
    private void checkJuliet(byte[] bytes) throws IOException {
        Path file = dir.resolve("testcases/CWE121_Stack_Based_Buffer_Overflow/s01").resolve(CASE_FILE);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        JulietReader reader = new JulietReader();
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                reader.read(dir, ReaderOptions.defaults(), s -> assertThat(s.code()).endsWith("}"));
            } catch (DatasetException e) {
                assertThat(e.getMessage()).doesNotContain("\n").startsWith(dir.toString());
            }
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                reader.read(file, ReaderOptions.defaults(), s -> assertThat(s.id()).startsWith(CASE_FILE + "#"));
            } catch (DatasetException e) {
                assertThat(e.getMessage()).doesNotContain("\n").contains(CASE_FILE);
            }
        });
    }
}
