package dev.leaklab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Garbage in, one clear line out: each text reader is fed random bytes, truncated and bit-flipped valid
 * files, and mangled structures, and must either read it or reject it with a {@link DatasetException}
 * whose message is one line naming the file, within a time bound.
 */
class TextReaderGarbageProperties {

    private static final String GADGETS = "1 CVE-1/a.c cfunc 4\nchar buf[8];\nstrcpy(buf, s);\n1\n"
            + "---------------------------------\n2 12/b.c inputfunc 9\nint n = 0;\nn++;\n0\n"
            + "---------------------------------\n";
    private static final String JSONL = "{\"func\": \"int f(){return 0;}\", \"target\": 1, \"idx\": 1}\n"
            + "{\"func\": \"void g(){ char b[2]; }\", \"target\": 0, \"idx\": 2, \"cwe\": [\"CWE-787\"]}\n";
    private static final String JSON = "[\n {\"func\": \"a();\", \"target\": 1},\n {\"func\": \"b();\", \"target\": 0}\n]\n";
    private static final String CSV = "func,target,CWE ID\n\"int f() {\n  return 0;\n}\",1,CWE-119\n\"g();\",0,\n";

    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("leaklab-garbage");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Property(tries = 10_000)
    void gadgetReaderSurvivesGarbage(@ForAll("gadgetGarbage") byte[] bytes) {
        assertReadOrRejectedCleanly(DatasetFormat.GADGETS, bytes);
    }

    @Property(tries = 10_000)
    void jsonLinesReaderSurvivesGarbage(@ForAll("jsonlGarbage") byte[] bytes) {
        assertReadOrRejectedCleanly(DatasetFormat.JSONL, bytes);
    }

    @Property(tries = 10_000)
    void jsonArrayReaderSurvivesGarbage(@ForAll("jsonGarbage") byte[] bytes) {
        assertReadOrRejectedCleanly(DatasetFormat.JSON, bytes);
    }

    @Property(tries = 10_000)
    void csvReaderSurvivesGarbage(@ForAll("csvGarbage") byte[] bytes) {
        assertReadOrRejectedCleanly(DatasetFormat.CSV, bytes);
    }

    @Property(tries = 2_000)
    void formatDetectionSurvivesGarbage(@ForAll("anyGarbage") byte[] bytes) {
        Path file = write(bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                DatasetLoader.load(List.of(file), null, ReaderOptions.defaults(),
                        dev.leaklab.core.task.CancellationToken.none());
            } catch (DatasetException e) {
                assertOneLineNaming(e, file);
            }
        });
        delete(file);
    }

    @Provide
    Arbitrary<byte[]> gadgetGarbage() {
        return mangled(GADGETS);
    }

    @Provide
    Arbitrary<byte[]> jsonlGarbage() {
        return Arbitraries.oneOf(mangled(JSONL), deepJson());
    }

    @Provide
    Arbitrary<byte[]> jsonGarbage() {
        return Arbitraries.oneOf(mangled(JSON), deepJson().map(b -> ("[" + new String(b, StandardCharsets.UTF_8)
                + "]").getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<byte[]> csvGarbage() {
        return mangled(CSV);
    }

    @Provide
    Arbitrary<byte[]> anyGarbage() {
        return Arbitraries.oneOf(mangled(GADGETS), mangled(JSONL), mangled(JSON), mangled(CSV));
    }

    /**
     * Valid text mangled: truncated, cut, unlabelled, bit-flipped, spliced with random bytes or huge fields, line
     * endings mixed, in another encoding.
     */
    private static Arbitrary<byte[]> mangled(String valid) {
        byte[] base = valid.getBytes(StandardCharsets.UTF_8);
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, base.length)
                .map(n -> java.util.Arrays.copyOf(base, n));
        Arbitrary<byte[]> flipped = Combinators.combine(Arbitraries.integers().between(0, base.length - 1).list()
                        .ofMinSize(1).ofMaxSize(6), Arbitraries.integers().between(0, 7))
                .as((positions, bit) -> {
                    byte[] copy = base.clone();
                    for (int p : positions) {
                        copy[p] ^= (byte) (1 << bit);
                    }
                    return copy;
                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<byte[]> spliced = Combinators.combine(Arbitraries.integers().between(0, base.length),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200)).as((at, junk) -> {
                    byte[] out = new byte[base.length + junk.length];
                    System.arraycopy(base, 0, out, 0, at);
                    System.arraycopy(junk, 0, out, at, junk.length);
                    System.arraycopy(base, at, out, at + junk.length, base.length - at);
                    return out;
                });
        Arbitrary<byte[]> huge = Arbitraries.integers().between(0, base.length).map(at -> {
            String s = valid.substring(0, Math.min(at, valid.length())) + "x".repeat(300_000)
                    + valid.substring(Math.min(at, valid.length()));
            return s.getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<byte[]> lineEndings = Arbitraries.of("\r\n", "\r", "\n\r", "").map(nl ->
                valid.replace("\n", nl).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> wrongEncoding = Arbitraries.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.ISO_8859_1).map(cs -> (valid + "caf\u00e9 \u4e2d").getBytes(cs));
        // a random stretch cut out: labels, quotes, separators or whole fields go missing
        Arbitrary<byte[]> cut = Combinators.combine(Arbitraries.integers().between(0, base.length),
                Arbitraries.integers().between(1, 40)).as((at, n) -> {
                    int end = Math.min(base.length, at + n);
                    byte[] out = new byte[base.length - (end - at)];
                    System.arraycopy(base, 0, out, 0, at);
                    System.arraycopy(base, end, out, at, base.length - end);
                    return out;
                });
        Arbitrary<byte[]> unlabelled = Arbitraries.of("\"target\": 1", "\"target\": 0", ",1,", ",0,", "\n1\n",
                "\n0\n").map(label -> valid.replace(label, label.startsWith(",") ? ",," : label.startsWith("\n")
                ? "\n\n" : "").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, cut), net.jqwik.api.Tuple.of(1, unlabelled),
                net.jqwik.api.Tuple.of(3, truncated), net.jqwik.api.Tuple.of(3, flipped),
                net.jqwik.api.Tuple.of(2, random), net.jqwik.api.Tuple.of(2, spliced),
                net.jqwik.api.Tuple.of(1, huge), net.jqwik.api.Tuple.of(1, lineEndings),
                net.jqwik.api.Tuple.of(1, wrongEncoding));
    }

    private static Arbitrary<byte[]> deepJson() {
        return Arbitraries.integers().between(1, 5000).map(depth -> ("{\"func\": " + "[".repeat(depth) + "1"
                + "]".repeat(depth) + ", \"target\": 1}\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void assertReadOrRejectedCleanly(DatasetFormat format, byte[] bytes) {
        Path file = write(bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            List<Sample> samples = new ArrayList<>();
            try {
                DatasetLoader.reader(format).read(file, ReaderOptions.defaults().withMaxRecordChars(100_000),
                        samples::add);
                assertThat(samples).allSatisfy(s -> assertThat(s.label()).isBetween(0, 1));
            } catch (DatasetException e) {
                assertOneLineNaming(e, file);
            }
        });
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertOneLineNaming(DatasetException e, Path file) {
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r").startsWith(file.toString());
        assertThat(e.reason()).isNotBlank();
    }

    private static Path write(byte[] bytes) {
        try {
            Path file = Files.createTempFile(dir, "garbage", ".dat");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
