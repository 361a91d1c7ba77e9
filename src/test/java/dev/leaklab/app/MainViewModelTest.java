package dev.leaklab.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.dataset.DatasetViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainViewModelTest {

    private static final List<String> TWO_FUNCTIONS = List.of(
            "{\"func\":\"int f(char *d, char *s){ strcpy(d, s); return 0; }\",\"target\":1}",
            "{\"func\":\"int f(char *d, char *s){ strncpy(d, s, 4); return 0; }\",\"target\":0}");

    @TempDir
    Path dir;

    private final RecordingDialogService dialogs = new RecordingDialogService();
    private MainViewModel model;

    @BeforeEach
    void setUp() {
        model = new MainViewModel(new DatasetViewModel(new SameThreadRunner(), dialogs), dialogs);
    }

    private Path dataset() throws IOException {
        return Files.write(dir.resolve("pair.jsonl"), TWO_FUNCTIONS);
    }

    @Test
    void noArgumentsOpensTheQuickstartProject() {
        model.openArguments(List.of());

        assertThat(dialogs.errors()).isEmpty();
        assertThat(model.dataset().allRows()).hasSize(12000);
        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab — Quickstart");
        assertThat(model.statusTextProperty().get()).isEqualTo("12,000 samples · 6,000 vulnerable · quickstart.leaklab");
        assertThat(model.dataset().splitTextProperty().get()).isEqualTo("Split for the experiment: 3,000 / 3,000 / "
                + "3,000 / 3,000 in target-in / target-out / shadow-in / shadow-out, after 0 duplicates removed");
    }

    @Test
    void aProjectArgumentOpensTheProjectAndAnythingElseADataset() throws IOException {
        Path data = dataset();
        model.openArguments(List.of(data.toString()));
        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab — pair.jsonl");

        Path project = dir.resolve("pair.LEAKLAB");
        Files.writeString(project, "{\"schemaVersion\":1,\"name\":\"Pair\",\"dataset\":{\"paths\":[\"pair.jsonl\"]}}");
        model.open(List.of(data, project));

        assertThat(dialogs.errors()).isEmpty();
        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab — Pair");
        assertThat(model.dataset().allRows()).hasSize(2);
    }

    @Test
    void choosersOpenWhatWasChosenAndNothingWhenCancelled() throws IOException {
        model.chooseDatasetFile();
        assertThat(model.dataset().allRows()).isEmpty();

        dialogs.answerNextChooser(dataset());
        model.chooseDatasetFile();
        assertThat(model.dataset().allRows()).hasSize(2);

        dialogs.answerNextChooser(dir.resolve("missing.leaklab"));
        model.chooseProject();
        assertThat(dialogs.errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("missing.leaklab"));
        assertThat(model.dataset().allRows()).as("the open dataset stays").hasSize(2);
        assertThat(dialogs.chooserTitles())
                .containsExactly("Open Dataset File", "Open Dataset File", "Open Project");
    }

    @Test
    void aboutNamesTheVersion() {
        model.showAbout();

        assertThat(dialogs.messages()).singleElement().satisfies(m -> {
            assertThat(m.error()).isFalse();
            assertThat(m.message()).startsWith("LeakLab ");
        });
    }

    @Test
    void saveAsWritesTheProjectElsewhereWithItsDataPathsStillRight() throws Exception {
        dataset();
        Path project = dir.resolve("pair.leaklab");
        Files.writeString(project, "{\"schemaVersion\":1,\"name\":\"Pair\",\"dataset\":{\"paths\":[\"pair.jsonl\"]}}");
        model.open(List.of(project));
        Path elsewhere = Files.createDirectories(dir.resolve("a/b")).resolve("copy");
        dialogs.answerNextChooser(elsewhere);
        model.saveAs();

        assertThat(dialogs.errors()).isEmpty();
        Path saved = dir.resolve("a/b/copy.leaklab");
        assertThat(saved).isRegularFile();
        var reread = dev.leaklab.core.experiment.ProjectStore.load(saved);
        assertThat(reread.schemaVersion()).isEqualTo(dev.leaklab.core.experiment.ProjectSpec.SCHEMA_VERSION);
        assertThat(reread.dataset().paths()).containsExactly("../../pair.jsonl");
        assertThat(model.dataset().projectFileProperty().get()).isEqualTo(saved);

        model.open(List.of(saved));
        assertThat(dialogs.errors()).isEmpty();
        assertThat(model.dataset().allRows()).hasSize(2);

        // a plain save goes back to the same file, keeping the previous version as a backup
        model.save();
        assertThat(dir.resolve("a/b/copy.leaklab.backup")).isRegularFile();
    }

    @Test
    void exportingBeforeAnyRunSaysSo() {
        MainViewModel full = new MainViewModel(new DatasetViewModel(new SameThreadRunner(), dialogs),
                new dev.leaklab.app.experiment.ExperimentViewModel(new SameThreadRunner(), dialogs,
                        dev.leaklab.app.experiment.ExperimentEngine.standard()),
                new dev.leaklab.app.experiment.DefenseViewModel(new SameThreadRunner()), dialogs);
        full.exportReport();
        assertThat(dialogs.messages()).singleElement().satisfies(m -> assertThat(m.title())
                .isEqualTo("Nothing to export yet"));
    }

    @Test
    void aScenarioOpensTheQuickstartSetsItUpAndRunsIt() {
        java.util.List<dev.leaklab.core.experiment.ProjectSpec> ran = new java.util.ArrayList<>();
        dev.leaklab.app.experiment.DefenseViewModel defense =
                new dev.leaklab.app.experiment.DefenseViewModel(new SameThreadRunner());
        MainViewModel full = new MainViewModel(new DatasetViewModel(new SameThreadRunner(), dialogs),
                new dev.leaklab.app.experiment.ExperimentViewModel(new SameThreadRunner(), dialogs,
                        (project, file, cache, listener, cancel) -> {
                            ran.add(project);
                            throw new java.util.concurrent.CancellationException("not needed here");
                        }), defense, dialogs);
        full.loadScenario(dev.leaklab.app.experiment.Scenario.OVERFIT);
        assertThat(ran).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Quickstart");
            assertThat(p.model().epochs()).isEqualTo(40);
        });
        assertThat(defense.sigmaProperty().get()).isZero();
        assertThat(defense.maskProperty(dev.leaklab.core.attack.Feature.LOGITS).get())
                .isEqualTo(dev.leaklab.core.defense.Mask.RELEASED);

        full.loadScenario(dev.leaklab.app.experiment.Scenario.ADAPTIVE);
        assertThat(ran).hasSize(2);
        assertThat(ran.get(1).model().epochs()).isEqualTo(20);
        assertThat(defense.adaptiveProperty().get()).isTrue();
        assertThat(defense.labelPreservingProperty().get()).isTrue();
        assertThat(defense.maskProperty(dev.leaklab.core.attack.Feature.LOGITS).get())
                .as("the study masks the logits to the top-1 label").isEqualTo(dev.leaklab.core.defense.Mask.REDUCED);
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void aScenarioFileOpensAndRunsAndOneThatCannotOpenRunsNothing() throws Exception {
        java.util.List<dev.leaklab.core.experiment.ProjectSpec> ran = new java.util.ArrayList<>();
        MainViewModel full = new MainViewModel(new DatasetViewModel(new SameThreadRunner(), dialogs),
                new dev.leaklab.app.experiment.ExperimentViewModel(new SameThreadRunner(), dialogs,
                        (project, file, cache, listener, cancel) -> {
                            ran.add(project);
                            throw new java.util.concurrent.CancellationException("not needed here");
                        }), new dev.leaklab.app.experiment.DefenseViewModel(new SameThreadRunner()), dialogs);
        java.util.List<java.nio.file.Path> files = dev.leaklab.core.experiment.BundledProjects.scenarioFiles();
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("pitfalls.leaklab",
                "strongest-attacks.leaklab");
        java.nio.file.Path pitfalls = files.stream().filter(f -> f.endsWith("pitfalls.leaklab")).findFirst()
                .orElseThrow();
        full.openScenarioFile(pitfalls);
        assertThat(ran).singleElement().satisfies(p -> {
            assertThat(p.name()).startsWith("Scenario: the pitfall");
            assertThat(p.attackModel().showsPitfalls()).isTrue();
        });
        assertThat(dialogs.errors()).isEmpty();

        java.nio.file.Path broken = dir.resolve("broken.leaklab");
        java.nio.file.Files.writeString(broken, "{\"schemaVersion\": 3, \"name\": ");
        full.openScenarioFile(broken);
        assertThat(dialogs.errors()).hasSize(1);
        assertThat(ran).hasSize(1);
        // and a later, ordinary open does not run what the failed scenario asked for
        full.openRecent(pitfalls);
        assertThat(ran).hasSize(1);
    }

    @Test
    void theExportsWriteChartsResultsAndTheReport() throws Exception {
        var results = dev.leaklab.core.experiment.SyntheticResults.of(400, 8, dev.leaklab.core.math.Gemm.java());
        MainViewModel full = new MainViewModel(new DatasetViewModel(new SameThreadRunner(), dialogs),
                new dev.leaklab.app.experiment.ExperimentViewModel(new SameThreadRunner(), dialogs,
                        (project, file, cache, listener, cancel) -> results),
                new dev.leaklab.app.experiment.DefenseViewModel(new SameThreadRunner()), dialogs);
        full.openArguments(List.of());
        full.experiment().run();
        assertThat(full.experiment().resultsProperty().get()).isSameAs(results);

        Path svg = dir.resolve("roc.svg");
        dialogs.answerNextChooser(svg);
        full.exportChart(true);
        assertThat(Files.readString(svg)).contains("<svg");
        Path png = dir.resolve("frontier.png");
        dialogs.answerNextChooser(png);
        full.exportChart(false);
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        Path json = dir.resolve("results.json");
        dialogs.answerNextChooser(json);
        full.exportResults(true);
        assertThat(dev.leaklab.core.Json.mapper().readTree(json.toFile()).get("attacks").size())
                .isEqualTo(results.attacks().size());
        Path csv = dir.resolve("results.csv");
        dialogs.answerNextChooser(csv);
        full.exportResults(false);
        assertThat(Files.readAllLines(csv)).hasSize(results.attacks().size() + 1);
        Path html = dir.resolve("report.html");
        dialogs.answerNextChooser(html);
        full.exportReport();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
        assertThat(dialogs.errors()).isEmpty();
    }
}
