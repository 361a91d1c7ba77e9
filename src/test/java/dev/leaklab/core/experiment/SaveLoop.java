package dev.leaklab.core.experiment;

import dev.leaklab.core.Json;
import dev.leaklab.core.math.Gemm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The child process of {@link KillDuringSaveTest}: saves one of two contents, then the other, over and over, until
 * it is killed. Arguments: {@code project|results} and a scratch folder. It warms up by saving into the scratch
 * folder, prints {@value #READY}, then waits for the file (project) or folder (results) to save over
 * on its standard input, so that the parent's random delay before the kill falls on the loop, not on start-up.
 */
final class SaveLoop {

    /** The line the child prints once it is warm. */
    static final String READY = "ready";

    private SaveLoop() {
    }

    /** What is saved: {@link #PROJECT} through {@link ProjectStore}, {@link #RESULTS} through {@link ResultsStore}. */
    enum Kind {
        PROJECT, RESULTS;

        /**
         * Loads and runs the code of a save once, into {@code scratch}, so that the random delay before the kill
         * falls on saves, not on class loading.
         */
        void warmUp(Path scratch) throws Exception {
            if (this == PROJECT) {
                Json.mapper().writeValueAsBytes(project(0));
                save(1, scratch.resolve("warm-up.leaklab"));
            } else {
                Json.mapper().writeValueAsBytes(results(0).toJson());
                save(1, scratch);
            }
        }

        void save(int which, Path target) throws Exception {
            if (this == PROJECT) {
                ProjectStore.save(project(which), target);
            } else {
                ResultsStore.write(results(which), target);
            }
        }
    }

    private static final ProjectSpec[] PROJECTS = new ProjectSpec[2];
    private static final ExperimentResults[] RESULTS = new ExperimentResults[2];

    /**
     * Two valid projects of very different sizes (about 600 KB and under 1 KB), so that a torn write is a file
     * that does not parse, or parses to neither.
     */
    static synchronized ProjectSpec project(int which) {
        if (PROJECTS[which] == null) {
            if (which == 0) {
                List<String> paths = new ArrayList<>();
                for (int i = 0; i < 12_000; i++) {
                    paths.add("data/train/part-" + (10_000 + i / 100) + "/sample-" + (1_000_000 + i) + ".jsonl");
                }
                PROJECTS[0] = ProjectSpec.of("Many paths", DatasetSpec.ofPaths(paths));
            } else {
                PROJECTS[1] = ProjectSpec.of("Generated", DatasetSpec.ofGenerator(new GeneratorSpec(null, 100, 3L)));
            }
        }
        return PROJECTS[which];
    }

    /** Two different results of made-up experiments (their start and finish times differ from call to call). */
    static synchronized ExperimentResults results(int which) {
        if (RESULTS[which] == null) {
            RESULTS[which] = SyntheticResults.of(which == 0 ? 400 : 120, 4, Gemm.java());
        }
        return RESULTS[which];
    }

    public static void main(String[] args) throws Exception {
        Kind kind = Kind.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path scratch = Path.of(args[1]);
        kind.warmUp(scratch);
        System.out.println(READY);
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            return; // the parent is gone
        }
        Path target = Path.of(line);
        for (long i = 0; ; i++) {
            kind.save((int) (i & 1), target);
        }
    }
}
