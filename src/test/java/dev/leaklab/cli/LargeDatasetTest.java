package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets larger than the heap, in a second JVM with a small one: statistics stream through them, anything that
 * must hold the data refuses it up front with one line, and nothing ends in an OutOfMemoryError.
 */
class LargeDatasetTest {

    private static final String HEAP = "-Xmx48m";

    @TempDir
    Path dir;

    @Test
    void statisticsStreamThroughADatasetLargerThanTheHeap() throws Exception {
        Path data = dir.resolve("large.jsonl");
        int records = 0;
        long target = 80L << 20;
        try (BufferedWriter w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
            StringBuilder body = new StringBuilder();
            while (Files.size(data) < target || records == 0) {
                body.setLength(0);
                body.append("int f").append(records).append("(char *src, int n) {\\n  char buf[64];\\n");
                for (int k = 0; k < 24; k++) {
                    body.append("  if (n > ").append((records * 31 + k) % 997).append(") { memcpy(buf, src, n); }\\n");
                }
                body.append("  return ").append(records % 7).append(";\\n}");
                w.write("{\"idx\": " + records + ", \"func\": \"" + body + "\", \"target\": " + (records % 2) + "}\n");
                records++;
                if ((records & 1023) == 0) {
                    w.flush();
                }
            }
        }
        assertThat(Files.size(data)).isGreaterThan(80L << 20);

        Run stats = leaklab(HEAP, "dataset", "stats", data.toString(), "--json");
        assertThat(stats.code).as(stats.output).isZero();
        assertThat(stats.output).contains("\"samples\":" + records).doesNotContain("OutOfMemoryError");

        Run split = leaklab(HEAP, "dataset", "split", data.toString());
        assertThat(split.code).as(split.output).isEqualTo(2);
        assertThat(split.output).doesNotContain("OutOfMemoryError").contains("error: " + data + ": 80 MiB of data needs"
                + " about");
        assertThat(split.output.lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
    }

    @Test
    void aOneGibFileIsRefusedAtOnceOrStreamedNeverAnOutOfMemoryError() throws Exception {
        Path huge = dir.resolve("huge.jsonl");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            // why sparse: the size is what matters; writing a real gibibyte would cost the test seconds of disk
            f.setLength(1L << 30);
        }
        Run split = leaklab(HEAP, "dataset", "split", huge.toString());
        assertThat(split.code).as(split.output).isEqualTo(2);
        assertThat(split.output).contains("error: " + huge + ": 1.0 GiB of data needs about 5.0 GiB of memory")
                .doesNotContain("OutOfMemoryError");

        Run stats = leaklab(HEAP, "dataset", "stats", huge.toString());
        assertThat(stats.code).as(stats.output).isEqualTo(2);
        assertThat(stats.output).contains("error: " + huge).doesNotContain("OutOfMemoryError");
    }

    private record Run(int code, String output) {
    }

    private Run leaklab(String heap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), heap, "-cp", System.getProperty("java.class.path"), "dev.leaklab.Launcher"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "leaklab", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("leaklab " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Run(p.exitValue(), Files.readString(log));
    }
}
