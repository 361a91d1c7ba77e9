package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.Json;
import dev.leaklab.core.io.AtomicFiles;
import dev.leaklab.core.io.FullDisk;
import dev.leaklab.core.io.WriteFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save that runs out of disk space half-way says so in one line naming the file, and leaves the previous file
 * byte for byte and no temporary file. First on a disk that fills up on cue ({@link FullDisk}), then, where this
 * process may mount one (Linux, as root), on a real 64 KiB tmpfs.
 */
class SaveOnAFullDiskTest {

    @TempDir
    Path dir;

    private Path mounted;

    @Test
    void aProjectSaveThatRunsOutOfSpaceSaysSoAndKeepsTheProjectAndItsBackup() throws Exception {
        Path file = dir.resolve("study.leaklab");
        ProjectStore.save(SaveLoop.project(1), file);
        ProjectStore.save(SaveLoop.project(1).withDataset(DatasetSpec.ofPaths(List.of("a.jsonl"))), file);
        byte[] previous = Files.readAllBytes(file);
        byte[] backup = Files.readAllBytes(AtomicFiles.backupOf(file));

        assertThatThrownBy(() -> ProjectStore.save(SaveLoop.project(0), file, FullDisk.after(100_000)))
                .isInstanceOf(ProjectException.class)
                .hasMessage(file + ": cannot save: " + FullDisk.NO_SPACE);
        assertThat(Files.readAllBytes(file)).isEqualTo(previous);
        assertThat(Files.readAllBytes(AtomicFiles.backupOf(file))).isEqualTo(backup);
        assertThat(names(dir)).containsExactlyInAnyOrder("study.leaklab", "study.leaklab.backup");
    }

    @Test
    void resultsThatRunOutOfSpaceSayWhichFileAndKeepThePreviousResults() throws Exception {
        Path run = dir.resolve("run");
        ResultsStore.write(SaveLoop.results(0), run);
        byte[] json = Files.readAllBytes(run.resolve(ResultsStore.JSON));
        byte[] csv = Files.readAllBytes(run.resolve(ResultsStore.CSV));

        assertThatThrownBy(() -> ResultsStore.write(SaveLoop.results(1), run, FullDisk.after(1_000)))
                .isInstanceOf(WriteFailedException.class)
                .hasMessage(run.resolve(ResultsStore.JSON) + ": cannot write: " + FullDisk.NO_SPACE);
        assertThat(Files.readAllBytes(run.resolve(ResultsStore.JSON))).isEqualTo(json);
        assertThat(Files.readAllBytes(run.resolve(ResultsStore.CSV))).isEqualTo(csv);
        assertThat(names(run)).containsExactlyInAnyOrder(ResultsStore.JSON, ResultsStore.CSV);
    }

    @Test
    void aProjectTooLargeForARealFullDiskLeavesThePreviousOneByteForByte() throws Exception {
        Path disk = tinyTmpfs();
        Path file = disk.resolve("study.leaklab");
        ProjectStore.save(SaveLoop.project(1), file);
        byte[] previous = Files.readAllBytes(file);

        assertThatThrownBy(() -> ProjectStore.save(SaveLoop.project(0), file))
                .isInstanceOf(ProjectException.class)
                .hasMessage(file + ": cannot save: " + FullDisk.NO_SPACE);
        assertThat(Files.readAllBytes(file)).isEqualTo(previous);
        assertThat(names(disk)).containsExactly("study.leaklab");
        assertThat(ProjectStore.load(file)).isEqualTo(SaveLoop.project(1));
    }

    @Test
    void aBackupThatNoLongerFitsOnARealDiskFailsTheSaveAndLeavesTheProjectAndTheOldBackup() throws Exception {
        Path disk = tinyTmpfs();
        Path file = disk.resolve("study.leaklab");
        ProjectSpec older = withPaths(10);
        ProjectSpec large = withPaths(700);
        ProjectSpec small = withPaths(12);
        ProjectStore.save(older, file);
        ProjectStore.save(large, file);
        byte[] previous = Files.readAllBytes(file);
        byte[] backup = Files.readAllBytes(AtomicFiles.backupOf(file));
        // the new project fits beside the old one and its backup; a second copy of the old one does not
        long room = 64 << 10;
        long fits = pages(previous.length) + pages(backup.length) + pages(Json.mapper().writeValueAsBytes(small).length);
        assertThat(fits).isLessThanOrEqualTo(room);
        assertThat(fits + pages(previous.length)).isGreaterThan(room);

        assertThatThrownBy(() -> ProjectStore.save(small, file))
                .isInstanceOf(ProjectException.class)
                .hasMessage(file + ": cannot save: " + FullDisk.NO_SPACE);
        assertThat(Files.readAllBytes(file)).isEqualTo(previous);
        assertThat(Files.readAllBytes(AtomicFiles.backupOf(file))).isEqualTo(backup);
        assertThat(names(disk)).containsExactlyInAnyOrder("study.leaklab", "study.leaklab.backup");
    }

    /** The bytes a file of {@code size} bytes takes on tmpfs: whole 4 KiB pages. */
    private static long pages(long size) {
        return (size + 4095) / 4096 * 4096;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null && run("umount", mounted.toString()) != 0) {
            run("umount", "-l", mounted.toString());
        }
    }

    /** A fresh 64 KiB tmpfs, or the test is skipped where this process may not mount one. */
    private Path tinyTmpfs() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "tmpfs is Linux's");
        Path disk = Files.createDirectories(dir.resolve("tiny"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs needs root (or CAP_SYS_ADMIN)");
        mounted = disk;
        return disk;
    }

    private static ProjectSpec withPaths(int n) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add("data/train/part-" + (10_000 + i / 100) + "/sample-" + (1_000_000 + i) + ".jsonl");
        }
        return ProjectSpec.of(n + " paths", DatasetSpec.ofPaths(paths));
    }

    private static int run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1; // no such command
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
