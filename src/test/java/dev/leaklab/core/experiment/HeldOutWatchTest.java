package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.TrainingProgress;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener that watches the target's held-out accuracy gets it at every epoch's end, and what is trained
 * is the same as without one, output for output.
 */
class HeldOutWatchTest {

    @TempDir
    Path dir;

    private static final String EXPERIMENT = """
            {
              "schemaVersion": 3,
              "name": "held-out watch",
              "dataset": {"generator": {"kind": "synthetic-c", "functions": 400, "seed": 5}},
              "model": {"arch": "bigru", "embedding": 12, "hidden": 12, "epochs": 3, "maxLength": 60},
              "attacks": [{"attack": "loss-threshold"}],
              "attackModel": {"epochs": 2},
              "sweep": {"sigmas": [0], "adaptive": false},
              "seed": 3
            }
            """;

    private ExperimentResults run(Path file, ExperimentRunner.Listener listener) throws Exception {
        return ExperimentRunner.run(ProjectStore.load(file), file, new ExperimentRunner.Options(null, 1,
                Trainers.standard(), Trainers.gemm()), listener, CancellationToken.none());
    }

    @Test
    void theTargetsHeldOutAccuracyIsWatchedWithoutChangingTheModels() throws Exception {
        Path file = dir.resolve("p.leaklab");
        Files.writeString(file, EXPERIMENT);
        List<TrainingProgress> ends = new ArrayList<>();
        ExperimentRunner.Listener watching = new ExperimentRunner.Listener() {
            @Override
            public void stage(String description) {
            }

            @Override
            public void onProgress(TrainingProgress p) {
                if (p.endOfEpoch()) {
                    synchronized (ends) {
                        ends.add(p);
                    }
                }
            }

            @Override
            public int heldOutSamples(String model) {
                return model.equals("target") ? 50 : 0;
            }
        };
        ExperimentResults watched = run(file, watching);
        ExperimentResults plain = run(file, ExperimentRunner.Listener.quiet());

        List<TrainingProgress> target = ends.stream().filter(p -> p.model().equals("target")).toList();
        assertThat(target).hasSize(3).allSatisfy(p -> assertThat(p.validationAccuracy()).isBetween(0.0, 1.0));
        assertThat(ends.stream().filter(p -> !p.model().equals("target")))
                .isNotEmpty().allSatisfy(p -> assertThat(p.validationAccuracy()).isNaN());
        assertThat(watched.attacks()).hasSameSizeAs(plain.attacks());
        for (int i = 0; i < plain.attacks().size(); i++) {
            assertThat(watched.attacks().get(i).metrics()).isEqualTo(plain.attacks().get(i).metrics());
        }
    }

    @Test
    void spreadTakesEvenlySpacedSamples() {
        dev.leaklab.core.model.LabelledSequences all = new dev.leaklab.core.model.LabelledSequences(
                List.of("a", "b", "c", "d", "e", "f"),
                java.util.Collections.nCopies(6, new dev.leaklab.core.code.EncodedSequence(new int[] {1}, 1, 1)),
                new int[] {0, 1, 0, 1, 0, 1});
        assertThat(ModelTraining.spread(all, 3).ids()).containsExactly("a", "c", "e");
        assertThat(ModelTraining.spread(all, 6).ids()).isEqualTo(all.ids());
    }
}
