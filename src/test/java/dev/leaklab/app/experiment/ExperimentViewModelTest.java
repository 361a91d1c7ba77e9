package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.HeldRunner;
import dev.leaklab.app.RecordingDialogService;
import dev.leaklab.app.SameThreadRunner;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.defense.Mask;
import dev.leaklab.core.defense.NoiseMode;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentViewModelTest {

    @TempDir
    static Path dir;
    private static ProjectSpec tiny;
    private static ExperimentResults results;

    @BeforeAll
    static void runOnce() throws Exception {
        Path file = dir.resolve("tiny.leaklab");
        Files.writeString(file, """
                {
                  "schemaVersion": 2,
                  "name": "tiny",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 600, "seed": 5}},
                  "model": {"arch": "bilstm", "embedding": 16, "hidden": 16, "epochs": 3, "maxLength": 100},
                  "attacks": [{"attack": "shadow-mlp", "features": "gray-box"}, {"attack": "loss-threshold"}],
                  "attackModel": {"epochs": 5},
                  "sweep": {"sigmas": [0, 1, 2], "adaptive": true}
                }
                """);
        tiny = ProjectStore.load(file);
        RecordingDialogService dialogs = new RecordingDialogService();
        ExperimentViewModel model = new ExperimentViewModel(new SameThreadRunner(), dialogs, ExperimentEngine.standard());
        model.projectProperty().set(tiny);
        model.run();
        assertThat(dialogs.errors()).isEmpty();
        results = model.resultsProperty().get();
    }

    @Test
    void theMemoryARunNeedsIsShownAndARunThatCannotFitIsRefused() {
        dev.leaklab.core.data.DatasetStats stats = new dev.leaklab.core.data.DatasetStats(600, 300, 300, 600, 600, 0,
                0, 20, 80, 150);
        RecordingDialogService dialogs = new RecordingDialogService();
        boolean[] ran = {false};
        ExperimentViewModel small = new ExperimentViewModel(new SameThreadRunner(), dialogs,
                (project, file, cache, listener, cancel) -> {
                    ran[0] = true;
                    return results;
                }, 64L << 20);
        small.projectProperty().set(tiny);
        assertThat(small.memoryProperty().get()).isEmpty();
        small.dataProperty().set(stats);
        assertThat(small.memoryProperty().get()).matches("Needs about \\d+ MB of memory; LeakLab may use 64 MB");

        small.run();
        assertThat(ran[0]).isFalse();
        assertThat(dialogs.errors()).singleElement().satisfies(m -> assertThat(m.message())
                .startsWith("it needs about").contains("LEAKLAB_JAVA_OPTS=-Xmx"));

        ExperimentViewModel roomy = new ExperimentViewModel(new SameThreadRunner(), new RecordingDialogService(),
                (project, file, cache, listener, cancel) -> {
                    ran[0] = true;
                    return results;
                }, 8L << 30);
        roomy.projectProperty().set(tiny);
        roomy.dataProperty().set(stats);
        roomy.run();
        assertThat(ran[0]).isTrue();
    }

    @Test
    void aRunReportsItsCurvesAndEndsWithResults() {
        RecordingDialogService dialogs = new RecordingDialogService();
        ExperimentViewModel model = new ExperimentViewModel(new SameThreadRunner(), dialogs,
                (project, file, cache, listener, cancel) -> {
                    listener.stage("training 2 models");
                    assertThat(listener.heldOutSamples("target")).isEqualTo(ExperimentViewModel.HELD_OUT_WATCHED);
                    assertThat(listener.heldOutSamples("shadow-1")).isZero();
                    listener.onProgress(new dev.leaklab.core.model.TrainingProgress("target", 1, 3, 4, 4, 0.6, 0.7,
                            100, 10, 0.65, 0.55, true));
                    listener.onProgress(new dev.leaklab.core.model.TrainingProgress("shadow-1", 1, 3, 4, 4, 0.6, 0.7,
                            100, 10, Double.NaN, Double.NaN, true));
                    listener.progress(0.5);
                    return results;
                });
        model.projectProperty().set(tiny);
        model.run();
        assertThat(model.epochs()).containsExactly(new EpochPoint("target", 1, 0.6, 0.7, 0.55),
                new EpochPoint("shadow-1", 1, 0.6, 0.7, Double.NaN));
        assertThat(RunView.gapLine(model.epochs().get(0))).startsWith("Epoch 1, target: training accuracy 0.700, "
                + "held out 0.550, a gap of 0.150; it remembers");
        assertThat(model.resultsProperty().get()).isSameAs(results);
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.stageProperty().get()).startsWith("Finished");
        assertThat(results.attacks()).isNotEmpty();
    }

    @Test
    void aFailedRunKeepsTheEarlierResultsAndSaysWhy() {
        RecordingDialogService dialogs = new RecordingDialogService();
        boolean[] fail = {false};
        ExperimentViewModel model = new ExperimentViewModel(new SameThreadRunner(), dialogs,
                (project, file, cache, listener, cancel) -> {
                    if (fail[0]) {
                        throw new IllegalArgumentException("subset target-in holds only vulnerable samples");
                    }
                    return results;
                });
        model.projectProperty().set(tiny);
        model.run();
        fail[0] = true;
        model.run();
        assertThat(model.resultsProperty().get()).isSameAs(results);
        assertThat(dialogs.errors()).singleElement().satisfies(m -> {
            assertThat(m.title()).isEqualTo("The experiment failed");
            assertThat(m.message()).contains("only vulnerable samples");
        });
        assertThat(model.stageProperty().get()).contains("earlier results are kept");
    }

    @Test
    void aSetupWithAProblemIsNotRun() {
        RecordingDialogService dialogs = new RecordingDialogService();
        boolean[] ran = {false};
        ExperimentViewModel model = new ExperimentViewModel(new SameThreadRunner(), dialogs,
                (project, file, cache, listener, cancel) -> {
                    ran[0] = true;
                    return results;
                });
        model.projectProperty().set(tiny);
        model.problemProperty().set("model setting epochs must be between 1 and 10000, was 0");
        model.run();
        assertThat(ran[0]).isFalse();
        assertThat(dialogs.errors()).singleElement().satisfies(m -> assertThat(m.message()).contains("was 0"));
    }

    @Test
    void cancellingDropsTheRunsOutcome() {
        HeldRunner held = new HeldRunner();
        ExperimentViewModel model = new ExperimentViewModel(held, new RecordingDialogService(),
                (project, file, cache, listener, cancel) -> results);
        model.projectProperty().set(tiny);
        model.run();
        assertThat(model.runningProperty().get()).isTrue();
        model.cancel();
        held.runAll();
        assertThat(model.resultsProperty().get()).isNull();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.stageProperty().get()).startsWith("Cancelled");
    }

    @Test
    void theDefenceFollowsItsControlsAndAStaleRequestNeverRuns() {
        HeldRunner held = new HeldRunner();
        DefenseViewModel defense = new DefenseViewModel(held);
        defense.resultsProperty().set(results);
        held.runAll();
        assertThat(defense.attackProperty().get()).isEqualTo(ExperimentResults.key(results.headlineResult()));
        assertThat(defense.undefendedProperty().get()).isNotNull();
        assertThat(defense.frontier()).hasSize(3);
        int before = defense.evaluations();
        // a drag: many changes while one evaluation runs; only the last one is evaluated after it
        for (int i = 1; i <= 50; i++) {
            defense.sigmaProperty().set(i * 0.04);
        }
        held.runAll();
        held.runAll();
        assertThat(defense.evaluations() - before).isLessThanOrEqualTo(2);
        assertThat(defense.currentProperty().get().settings().sigma()).isEqualTo(2.0);
        assertThat(defense.currentProperty().get().settings().sigma(Feature.LOGITS)).isEqualTo(2.0);

        defense.maskProperty(Feature.LOSS).set(Mask.WITHHELD);
        defense.noiseProperty().set(NoiseMode.FRESH);
        defense.adaptiveProperty().set(true);
        held.runAll();
        held.runAll();
        var now = defense.currentProperty().get();
        assertThat(now.adaptive()).isTrue();
        assertThat(now.settings().mask(Feature.LOSS)).isEqualTo(Mask.WITHHELD);
        assertThat(now.settings().noise()).isEqualTo(NoiseMode.FRESH);
    }

    @Test
    void sigmaZeroShowsTheUndefendedNumbers() {
        DefenseViewModel defense = new DefenseViewModel(new SameThreadRunner());
        defense.resultsProperty().set(results);
        defense.sigmaProperty().set(0);
        assertThat(defense.currentProperty().get().attack().auc())
                .isEqualTo(defense.undefendedProperty().get().attack().auc());
        assertThat(defense.currentProperty().get().utility()).isEqualTo(defense.undefendedProperty().get().utility());
    }

    @Test
    void exposureListsTheSurestMembersFirstWithTheirCode() {
        ExposureViewModel exposure = new ExposureViewModel();
        exposure.resultsProperty().set(results);
        assertThat(exposure.attackProperty().get()).isEqualTo(ExperimentResults.key(results.headlineResult()));
        var rows = exposure.rows();
        assertThat(rows).isNotEmpty();
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).score()).isLessThanOrEqualTo(rows.get(i - 1).score());
        }
        assertThat(exposure.selectedProperty().get()).isEqualTo(rows.get(0));
        assertThat(exposure.originalCodeProperty().get()).isEqualTo(rows.get(0).sample().sample().code());
        assertThat(exposure.normalizedCodeProperty().get()).isNotBlank();
        assertThat(exposure.slices()).extracting(s -> s.by()).contains("label", "length");
        assertThat(exposure.summaryProperty().get()).contains("target members flagged");
        exposure.attackProperty().set("loss-threshold/loss");
        assertThat(exposure.rows().get(0).loss()).isLessThanOrEqualTo(exposure.rows().get(1).loss());
    }

    @Test
    void compareOffersEveryUndefendedAttackOfEveryRun() {
        javafx.collections.ObservableList<ExperimentResults> runs = javafx.collections.FXCollections
                .observableArrayList(results);
        CompareViewModel compare = new CompareViewModel(runs);
        long undefended = results.attacks().stream().filter(a -> "undefended".equals(a.role())).count();
        assertThat(compare.items()).hasSize((int) undefended);
        assertThat(compare.shown()).hasSize((int) undefended);
        runs.add(0, results);
        assertThat(compare.items()).hasSize(2 * (int) undefended);
        assertThat(compare.shown()).hasSize((int) undefended);
        compare.items().get(compare.items().size() - 1).selected().set(true);
        assertThat(compare.shown()).hasSize((int) undefended + 1);
        assertThat(compare.items().get(0).label()).startsWith("BiLSTM 16/16, 3 epochs");
    }

}
