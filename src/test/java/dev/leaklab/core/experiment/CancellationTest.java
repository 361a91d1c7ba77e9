package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.TrainingProgress;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty runs cancelled at random moments, in every stage (training, output extraction, attacks, sweep): each
 * stops promptly, leaves no training thread behind, and leaves a model cache from which a full run gives exactly
 * the numbers of a run that was never interrupted.
 */
class CancellationTest {

    private static final int RUNS = 50;

    @TempDir
    Path dir;

    private static String project() {
        return """
                {
                  "schemaVersion": 2,
                  "name": "cancel me",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 400, "seed": 11}},
                  "model": {"arch": "bilstm", "embedding": 8, "hidden": 8, "epochs": 2, "maxLength": 80},
                  "attacks": [
                    {"attack": "shadow-mlp", "features": "gray-box"},
                    {"attack": "loss-threshold"},
                    {"attack": "lira-offline", "referenceModels": 2}
                  ],
                  "attackModel": {"epochs": 3},
                  "sweep": {"sigmas": [0, 0.5, 1, 2, 4], "adaptive": true},
                  "seed": 5
                }
                """;
    }

    /** A run on its own thread, with the stage it last reported. */
    private static final class Attempt {
        final AtomicReference<String> stage = new AtomicReference<>("starting");
        volatile double progress;
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final CancellationToken token = new CancellationToken();
        final Thread thread;

        Attempt(ProjectSpec project, Path file, Path cache) {
            ExperimentRunner.Listener listener = new ExperimentRunner.Listener() {
                @Override
                public void stage(String description) {
                    stage.set(description);
                }

                @Override
                public void progress(double fraction) {
                    progress = fraction;
                }

                @Override
                public void onProgress(TrainingProgress p) {
                }
            };
            thread = new Thread(() -> {
                try {
                    outcome.set(ExperimentRunner.run(project, file,
                            new ExperimentRunner.Options(cache, true, Trainers.standard(), Gemm.java()), listener,
                            token));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            }, "cancellation-test-run");
            thread.start();
        }
    }

    @Test
    void fiftyCancelledRunsStopPromptlyLeaveNothingBehindAndChangeNoNumber() throws Exception {
        // why: threads other tests left are not this test's business; only new ones count
        java.util.Set<Thread> before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        before.addAll(Thread.getAllStackTraces().keySet());
        Path file = Files.writeString(dir.resolve("cancel.leaklab"), project());
        ProjectSpec project = ProjectStore.load(file);
        Path cache = dir.resolve("models");

        long t0 = System.nanoTime();
        Attempt clean = new Attempt(project, file, dir.resolve("clean-models"));
        clean.thread.join();
        long fullMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(clean.outcome.get()).isInstanceOf(ExperimentResults.class);
        JsonNode expected = numbers((ExperimentResults) clean.outcome.get());
        long t1 = System.nanoTime();
        Attempt cached = new Attempt(project, file, dir.resolve("clean-models"));
        cached.thread.join();
        long cachedMillis = (System.nanoTime() - t1) / 1_000_000;
        assertThat(numbers((ExperimentResults) cached.outcome.get())).isEqualTo(expected);

        Random random = new Random(20261129);
        Map<String, Integer> stages = new TreeMap<>();
        List<Long> stops = new ArrayList<>();
        int cancelled = 0;
        for (int i = 0; i < RUNS; i++) {
            // why: a fresh cache now and then, so cancels land in training as often as in the attacks
            if (i % 5 == 0) {
                deleteTree(cache);
            }
            Attempt a = new Attempt(project, file, cache);
            // a random point of the run: past a random share of its progress, then a few milliseconds more
            double point = 0.95 * random.nextDouble();
            while (a.progress < point && a.thread.isAlive()) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(20));
            String stage = a.stage.get();
            long asked = System.nanoTime();
            a.token.cancel();
            a.thread.join(10_000);
            long stopped = (System.nanoTime() - asked) / 1_000_000;
            assertThat(a.thread.isAlive()).as("run %d stops after cancel in '%s'", i, stage).isFalse();
            Object outcome = a.outcome.get();
            if (outcome instanceof CancellationException) {
                cancelled++;
                stops.add(stopped);
                stages.merge(stage.replaceAll("[0-9]+", "N").replaceAll(":.*", ""), 1, Integer::sum);
            } else {
                assertThat(outcome).as("run %d in '%s'", i, stage).isInstanceOf(ExperimentResults.class);
            }
            // why the short grace: a pool reports itself terminated just before its threads' last instructions
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (!trainingThreads(before).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(trainingThreads(before)).as("training threads 1 s after run %d", i).isEmpty();
        }

        Attempt after = new Attempt(project, file, cache);
        after.thread.join();
        assertThat(after.outcome.get()).isInstanceOf(ExperimentResults.class);
        assertThat(numbers((ExperimentResults) after.outcome.get())).isEqualTo(expected);

        stops.sort(null);
        System.out.printf("cancellation: %d of %d runs cancelled (full run %d ms, with trained models %d ms); stop"
                        + " after cancel: median %d ms, max %d ms; stages: %s%n", cancelled, RUNS, fullMillis,
                cachedMillis, stops.get(stops.size() / 2),
                stops.get(stops.size() - 1), stages);
        assertThat(cancelled).as("runs caught mid-way").isGreaterThanOrEqualTo(RUNS / 2);
        assertThat(stages.keySet()).anyMatch(s -> s.startsWith("training")).anyMatch(s -> s.startsWith("attack"));
        assertThat(stops.get(stops.size() - 1)).as("slowest stop, ms").isLessThan(2000);
    }

    private static List<String> trainingThreads(java.util.Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !before.contains(t))
                .map(Thread::getName).filter(n -> n.startsWith("leaklab-training")).toList();
    }

    /** The results without what legitimately differs between runs: times and whether models were reused. */
    private static JsonNode numbers(ExperimentResults r) {
        ObjectNode json = r.toJson();
        json.remove("provenance");
        for (String side : new String[] {"target", "shadow"}) {
            if (json.get(side) instanceof ObjectNode o) {
                o.remove("trainSeconds");
            }
        }
        return json;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
