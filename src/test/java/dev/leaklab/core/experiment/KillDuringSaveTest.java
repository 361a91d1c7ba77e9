package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.Json;
import dev.leaklab.core.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process with SIGKILL ({@link Process#destroyForcibly}) while it saves over the same file again and again,
 * at random moments, and checks after every kill that the file on disk is one of the two complete versions, and
 * that at most the temporary files of the one save in progress are left behind.
 *
 * <p>Each kill costs a fresh JVM. To keep the test short, the next children start while the current one is saving,
 * and wait, warm, until they are told which file to save over; the random delay before the kill runs from then.
 */
class KillDuringSaveTest {

    private static final long SEED = 20240611L;
    private static final int MAX_DELAY_MS = 200;
    /** Children starting while one saves: each start is mostly CPU, and there are two cores. */
    private static final int WARMING = 2;

    @TempDir
    Path dir;

    @Test
    // why: a child that hangs must not hang the build; generous, as the cores may be shared with other builds
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aProjectSavedOverAndOverIsWholeAfterEachOfSixtyKills() throws Exception {
        Path file = dir.resolve("out/study.leaklab");
        ProjectStore.save(SaveLoop.project(0), file);
        ProjectSpec[] versions = {SaveLoop.project(0), SaveLoop.project(1)};

        Tally tally = killRepeatedly(SaveLoop.Kind.PROJECT, file, 60, () -> {
            ProjectSpec onDisk = ProjectStore.load(file);
            assertThat(onDisk).isIn((Object[]) versions);
            Path backup = AtomicFiles.backupOf(file);
            if (Files.exists(backup)) {
                assertThat(ProjectStore.load(backup)).isIn((Object[]) versions);
            }
            // the content and the backup of the one save that was cut short, no more
            assertThat(temporaryFiles(file)).hasSizeLessThanOrEqualTo(2);
            return onDisk.equals(versions[0]) ? 0 : 1;
        }, file);

        assertWasExercised(tally);
        ProjectStore.save(versions[1], file);
        assertThat(temporaryFiles(file)).isEmpty();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void resultsWrittenOverAndOverAreWholeAfterEachOfFortyKills() throws Exception {
        Path out = dir.resolve("run");
        Path json = out.resolve(ResultsStore.JSON);
        Path csv = out.resolve(ResultsStore.CSV);
        ResultsStore.write(SaveLoop.results(0), out);
        List<JsonNode> jsonVersions = new ArrayList<>();
        List<String> csvVersions = new ArrayList<>();
        for (int which = 0; which < 2; which++) {
            jsonVersions.add(withoutTimes(Json.mapper().readTree(
                    Json.mapper().writeValueAsBytes(SaveLoop.results(which).toJson()))));
            csvVersions.add(SaveLoop.results(which).toCsv());
        }

        Tally tally = killRepeatedly(SaveLoop.Kind.RESULTS, out, 40, () -> {
            JsonNode onDisk = withoutTimes(Json.mapper().readTree(Files.readAllBytes(json)));
            assertThat(onDisk).isIn(jsonVersions);
            assertThat(Files.readString(csv)).isIn(csvVersions);
            // of each file, the one write that was cut short, no more
            assertThat(temporaryFiles(json)).hasSizeLessThanOrEqualTo(1);
            assertThat(temporaryFiles(csv)).hasSizeLessThanOrEqualTo(1);
            return jsonVersions.indexOf(onDisk);
        }, json, csv);

        assertWasExercised(tally);
    }

    /** What the kills found: how often each version, and how often a save was cut short. */
    private record Tally(int[] found, int cutShort) {
    }

    /** Checks the file after a kill and says which version it found. */
    @FunctionalInterface
    private interface Check {
        int check() throws Exception;
    }

    private Tally killRepeatedly(SaveLoop.Kind kind, Path target, int kills, Check check, Path... written)
            throws Exception {
        Random random = new Random(SEED + kind.ordinal());
        int[] found = new int[2];
        int cutShort = 0;
        Children children = Children.prepare(kind, Files.createDirectories(dir.resolve("jvm")));
        Deque<Child> warming = new ArrayDeque<>();
        Child child = null;
        int started = 0;
        try {
            for (int kill = 1; kill <= kills; kill++) {
                child = warming.isEmpty() ? children.start(scratch(started++)) : warming.poll();
                child.awaitReady();
                while (warming.size() < WARMING && started < kills) {
                    warming.add(children.start(scratch(started++)));
                }
                child.saveOver(target);
                Thread.sleep(random.nextInt(MAX_DELAY_MS + 1));
                child.kill();
                boolean midSave = false;
                for (Path file : written) {
                    midSave |= !temporaryFiles(file).isEmpty();
                }
                cutShort += midSave ? 1 : 0;
                try {
                    found[check.check()]++;
                } catch (Exception | AssertionError e) {
                    throw new AssertionError("after kill " + kill + " of " + kills + ": " + e.getMessage(), e);
                }
            }
        } finally {
            // why: a child left saving in a loop would outlive the test
            if (child != null) {
                child.kill();
            }
            for (Child spare : warming) {
                spare.kill();
            }
        }
        return new Tally(found, cutShort);
    }

    private Path scratch(int child) throws IOException {
        return Files.createDirectories(dir.resolve("scratch-" + child));
    }

    /** The loop ran (both versions were seen) and some kills landed in the middle of a save. */
    private static void assertWasExercised(Tally tally) {
        assertThat(tally.found()).as("kills that found each version").doesNotContain(0);
        assertThat(tally.cutShort()).as("kills that landed mid-save").isPositive();
    }

    private static List<Path> temporaryFiles(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (Stream<Path> list = Files.list(file.getParent())) {
            return list.filter(p -> AtomicFiles.isTemporaryFileOf(p, name)).toList();
        }
    }

    /** The results without their start and finish times, which differ from one process to the next. */
    private static JsonNode withoutTimes(JsonNode results) {
        if (!(results.get("provenance") instanceof ObjectNode)) {
            return results; // not whole results: the comparison says so
        }
        ObjectNode copy = results.deepCopy();
        ((ObjectNode) copy.get("provenance")).remove(List.of("started", "finished"));
        return copy;
    }

    /**
     * How the children start. Each kill costs a fresh JVM, so they share one class-data archive, written by a first
     * child that exits normally; that halves the start-up of the rest. Without it (an archive the JVM will not
     * write) they start as plain JVMs, only slower.
     */
    private record Children(SaveLoop.Kind kind, List<String> java) {

        static Children prepare(SaveLoop.Kind kind, Path work) throws Exception {
            List<String> classPath = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                // why: the JVM archives classes from jars only, not from folders such as target/classes
                classPath.add(Files.isDirectory(path) ? jar(path, work.resolve("classes-" + classPath.size() + ".jar"))
                        .toString() : entry);
            }
            List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // why: short-lived children: a quick start matters more than peak speed
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Djava.awt.headless=true",
                    "-Xlog:disable", "-Xlog:all=error:stderr", "-cp", String.join(File.pathSeparator, classPath));
            Path archive = work.resolve("children.jsa");
            Child first = new Children(kind, concat(java, "-XX:ArchiveClassesAtExit=" + archive))
                    .start(Files.createDirectories(work.resolve("scratch")));
            first.awaitReady();
            first.process.getOutputStream().close(); // no file to save over: it exits, writing the archive
            boolean archived = first.process.waitFor(30, TimeUnit.SECONDS) && first.process.exitValue() == 0
                    && Files.isRegularFile(archive);
            first.kill();
            return new Children(kind, archived ? concat(java, "-XX:SharedArchiveFile=" + archive) : java);
        }

        Child start(Path scratch) throws IOException {
            Path log = scratch.resolve("stderr.txt");
            Process process = new ProcessBuilder(concat(java, SaveLoop.class.getName(), kind.name(), scratch.toString()))
                    .redirectError(log.toFile())
                    .start();
            return new Child(process, log);
        }

        private static List<String> concat(List<String> list, String... more) {
            List<String> all = new ArrayList<>(list);
            all.addAll(List.of(more));
            return all;
        }

        private static Path jar(Path folder, Path jar) throws IOException {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(folder)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            return jar;
        }
    }

    /** One child JVM running {@link SaveLoop}. */
    private static final class Child {
        private final Process process;
        private final Path log;
        private final BufferedReader out;

        Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void awaitReady() throws IOException, InterruptedException {
            String line = out.readLine();
            if (!SaveLoop.READY.equals(line)) {
                kill();
                fail("the child did not start: " + line + "\n" + Files.readString(log));
            }
        }

        void saveOver(Path target) throws IOException {
            Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            in.write(target + "\n");
            in.flush();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                fail("the child outlived SIGKILL");
            }
        }
    }
}
