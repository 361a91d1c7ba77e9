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
        assertThat(model.dataset().allRows()).hasSize(4000);
        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab — Quickstart");
        assertThat(model.statusTextProperty().get()).isEqualTo("4,000 samples · 2,000 vulnerable · quickstart.leaklab");
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
}
