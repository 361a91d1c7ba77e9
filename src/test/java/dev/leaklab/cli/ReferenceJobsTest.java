package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference models trained as independent jobs: four separate processes, as a Slurm array or a Kubernetes
 * indexed Job would start them, each train one reference model into one shared cache, and the run that follows
 * finds all four there and trains only the target and the shadow model.
 */
class ReferenceJobsTest {

    @TempDir
    Path dir;

    private static final String EXPERIMENT = """
            {
              "schemaVersion": 3,
              "name": "reference jobs",
              "dataset": {"generator": {"kind": "synthetic-c", "functions": 500, "seed": 13}},
              "model": {"arch": "bilstm", "embedding": 12, "hidden": 12, "epochs": 2, "maxLength": 80},
              "shadowModels": 1,
              "attacks": [{"attack": "lira-offline", "referenceModels": 4},
                          {"attack": "rmia-offline", "referenceModels": 4}],
              "attackModel": {"epochs": 2},
              "sweep": {"sigmas": [0], "adaptive": false},
              "seed": 4
            }
            """;

    /** Each finished cache entry's marker and when it was written. */
    private static Map<String, FileTime> entries(Path cache) throws Exception {
        Map<String, FileTime> found = new TreeMap<>();
        if (!Files.isDirectory(cache)) {
            return found;
        }
        try (Stream<Path> list = Files.list(cache)) {
            for (Path d : list.toList()) {
                Path complete = d.resolve("complete");
                if (Files.isRegularFile(complete)) {
                    found.put(d.getFileName().toString(), Files.getLastModifiedTime(complete));
                }
            }
        }
        return found;
    }

    @Test
    void fourJobProcessesFillOneCacheAndTheRunUsesThem() throws Exception {
        Path file = dir.resolve("refs.leaklab");
        Files.writeString(file, EXPERIMENT);
        Path cache = dir.resolve("shared-cache");
        Cli.Result plan = Cli.run("reference", file.toString(), "--plan");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("offline 4").contains("online 0");
        String key = plan.out().lines().filter(l -> l.startsWith("key ")).findFirst().orElseThrow().substring(4);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ProcessBuilder b = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "dev.leaklab.Launcher", "reference", file.toString(), "--form", "offline", "--index",
                    String.valueOf(i), "--cache", cache.toString(), "--key", key);
            b.environment().put("OMP_NUM_THREADS", "1");
            b.redirectErrorStream(true).redirectOutput(dir.resolve("job-" + i + ".log").toFile());
            jobs.add(b.start());
        }
        for (int i = 0; i < 4; i++) {
            assertThat(jobs.get(i).waitFor(5, TimeUnit.MINUTES)).as("job %d finished", i).isTrue();
            assertThat(jobs.get(i).exitValue()).as(Files.readString(dir.resolve("job-" + i + ".log"))).isZero();
            assertThat(Files.readString(dir.resolve("job-" + i + ".log")))
                    .contains("reference-offline-" + (i + 1) + " (" + (i + 1) + " of 4): trained");
        }
        Map<String, FileTime> trainedByJobs = entries(cache);
        assertThat(trainedByJobs).hasSize(4);

        Cli.Result run = Cli.run("run", file.toString(), "--cache", cache.toString(), "--out",
                dir.resolve("out").toString());
        assertThat(run.code()).as(run.err()).isZero();
        Map<String, FileTime> after = entries(cache);
        // the target and the shadow model were added; the four reference models were used as the jobs left them
        assertThat(after).hasSize(6);
        trainedByJobs.forEach((name, time) -> assertThat(after.get(name)).as(name).isEqualTo(time));

        // a job rerun finds its model already there
        Cli.Result again = Cli.run("reference", file.toString(), "--index", "2", "--cache", cache.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("reference-offline-3 (3 of 4): already in the cache");
    }

    @Test
    void jobsOutOfRangeOrForAnotherExperimentAreRefusedInOneLine() throws Exception {
        Path file = dir.resolve("refs.leaklab");
        Files.writeString(file, EXPERIMENT);
        String cache = dir.resolve("c").toString();
        assertError(Cli.run("reference", file.toString(), "--index", "4", "--cache", cache),
                "reference index 4 is out of range", "0 to 3");
        assertError(Cli.run("reference", file.toString(), "--form", "online", "--index", "0", "--cache", cache),
                "no online reference models");
        assertError(Cli.run("reference", file.toString(), "--index", "0", "--cache", cache, "--key", "0123abcd"),
                "--key 0123abcd is not this experiment's");
        assertError(Cli.run("reference", file.toString(), "--form", "sideways", "--index", "0"),
                "--form must be offline or online");
        assertError(Cli.run("reference", file.toString()), "--index is required");
    }

    private static void assertError(Cli.Result r, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.get(0)).contains(parts);
    }
}
