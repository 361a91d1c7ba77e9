package dev.leaklab.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private final AtomicFiles files = AtomicFiles.standard();

    @Test
    void replacesTheContentAndLeavesOnlyTheFile() throws Exception {
        Path file = dir.resolve("results.json");
        files.write(file, bytes("first"));
        files.write(file, bytes("second"));

        assertThat(file).hasContent("second");
        assertThat(names()).containsExactly("results.json");
    }

    @Test
    void createsTheMissingFolders() throws Exception {
        Path file = dir.resolve("a/b/results.csv");
        files.write(file, bytes("x"));
        assertThat(file).hasContent("x");
    }

    @Test
    void keepsThePreviousVersionAsABackupWhenAsked() throws Exception {
        Path file = dir.resolve("study.leaklab");
        files.writeKeepingBackup(file, bytes("first"));
        files.writeKeepingBackup(file, bytes("second"));

        assertThat(file).hasContent("second");
        assertThat(AtomicFiles.backupOf(file)).hasContent("first");
        assertThat(names()).containsExactlyInAnyOrder("study.leaklab", "study.leaklab.backup");
    }

    @ParameterizedTest(name = "full after {0} bytes")
    @ValueSource(ints = {0, 1, 8191, 65536, 65537, 199_999})
    void aDiskThatFillsUpHalfWayLeavesThePreviousFileByteForByteAndNoTemporaryFile(int room) throws Exception {
        Path file = dir.resolve("results.json");
        byte[] previous = randomBytes(150_000, 1);
        files.write(file, previous);

        assertThatThrownBy(() -> FullDisk.after(room).write(file, randomBytes(200_000, 2)))
                .isInstanceOf(WriteFailedException.class)
                .hasMessage(file + ": cannot write: " + FullDisk.NO_SPACE);
        assertThat(Files.readAllBytes(file)).isEqualTo(previous);
        assertThat(names()).containsExactly("results.json");
    }

    @Test
    void aDiskThatFillsUpWhileKeepingTheBackupLeavesTheFileAndTheOldBackupIntact() throws Exception {
        Path file = dir.resolve("study.leaklab");
        byte[] older = randomBytes(80_000, 3);
        byte[] previous = randomBytes(100_000, 4);
        files.writeKeepingBackup(file, older);
        files.writeKeepingBackup(file, previous);

        // the new content fits; copying the previous version to the backup does not
        assertThatThrownBy(() -> FullDisk.after(50_000).writeKeepingBackup(file, randomBytes(1_000, 5)))
                .isInstanceOf(WriteFailedException.class).hasMessageEndingWith(FullDisk.NO_SPACE);
        assertThat(Files.readAllBytes(file)).isEqualTo(previous);
        assertThat(Files.readAllBytes(AtomicFiles.backupOf(file))).isEqualTo(older);
        assertThat(names()).containsExactlyInAnyOrder("study.leaklab", "study.leaklab.backup");
    }

    @Test
    void aFailureReportsTheFileAndTheReasonInOneLine() throws Exception {
        Files.writeString(dir.resolve("blocked"), "a file where a folder should be");
        Path file = dir.resolve("blocked/x.json");

        assertThatThrownBy(() -> files.write(file, bytes("x")))
                .isInstanceOfSatisfying(WriteFailedException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.getMessage()).startsWith(file + ": cannot write: ").doesNotContain("\n");
                    assertThat(e.reason()).contains(dir.resolve("blocked").toString());
                });
    }

    @Test
    void contentThatFailsHalfWayLeavesThePreviousFile() throws Exception {
        Path file = dir.resolve("vocab.json");
        files.write(file, bytes("kept"));

        assertThatThrownBy(() -> files.write(file, out -> {
            out.write(bytes("half"));
            throw new IOException("the content could not be produced");
        })).hasMessage(file + ": cannot write: the content could not be produced");
        assertThat(file).hasContent("kept");
        assertThat(names()).containsExactly("vocab.json");
    }

    @Test
    void contentThatClosesItsStreamIsStillWrittenInFull() throws Exception {
        Path file = dir.resolve("vocab.json");
        files.write(file, out -> {
            try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeNumberField("a", 1);
                json.writeEndObject();
            }
        });
        assertThat(file).hasContent("{\"a\":1}");
    }

    @Test
    void leftoversOfAKilledWriteAreDeletedByTheNextWriteOfThatFileOnly() throws Exception {
        Path file = dir.resolve("study.leaklab");
        List<String> leftovers = List.of(".study.leaklab.123.tmp", ".study.leaklab.backup.18446744073709551615.tmp");
        List<String> others = List.of(".study.leaklab.1.2.tmp", ".study.leaklab.tmp", ".study.leaklab..tmp",
                ".study.leaklab.x1.tmp", ".other.leaklab.5.tmp", "study.leaklab.7.tmp", ".study.leaklab.backup.tmp");
        for (String name : Stream.concat(leftovers.stream(), others.stream()).toList()) {
            Files.writeString(dir.resolve(name), "partial");
        }

        files.writeKeepingBackup(file, bytes("new"));

        assertThat(names()).doesNotContainAnyElementsOf(leftovers).containsAll(others).contains("study.leaklab");
        assertThat(AtomicFiles.isTemporaryFileOf(dir.resolve(".study.leaklab.1.2.tmp"), "study.leaklab.1")).isTrue();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
