package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectStoreTest {

    @TempDir
    Path dir;

    @Test
    void aDecoratedGeneratorRoundTripsAndAPlainOneWritesNoFlag() throws Exception {
        Path file = dir.resolve("generated.leaklab");
        ProjectSpec decorated = ProjectSpec.of("Harder", DatasetSpec.ofGenerator(new GeneratorSpec(null, 100, 3L,
                true)));
        ProjectStore.save(decorated, file);
        assertThat(ProjectStore.load(file)).isEqualTo(decorated);
        assertThat(ProjectStore.load(file).dataset().generator().hasDecoration()).isTrue();

        ProjectStore.save(ProjectSpec.of("Plain", DatasetSpec.ofGenerator(new GeneratorSpec(null, 100, 3L))), file);
        assertThat(Files.readString(file)).doesNotContain("decorated");
        assertThat(ProjectStore.load(file).dataset().generator().hasDecoration()).isFalse();
    }

    @Test
    void roundTripsAProjectAndKeepsTheOldFileAsBackup() throws Exception {
        Path file = dir.resolve("study.leaklab");
        ProjectSpec first = ProjectSpec.of("First", DatasetSpec.ofPaths(List.of("data/a.jsonl")));
        ProjectStore.save(first, file);
        ProjectSpec second = ProjectSpec.of("Second", DatasetSpec.ofGenerator(new GeneratorSpec(null, 100, 3L)));
        ProjectStore.save(second, file);

        assertThat(ProjectStore.load(file)).isEqualTo(second);
        assertThat(ProjectStore.load(dir.resolve("study.leaklab.backup"))).isEqualTo(first);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("study.leaklab", "study.leaklab.backup");
        }
    }

    @Test
    void fillsDefaultsForLeftOutSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("p.leaklab"),
                "{\"schemaVersion\": 1, \"dataset\": {\"paths\": [\"x.txt\"]}}");
        ProjectSpec p = ProjectStore.load(file);
        assertThat(p.name()).isEqualTo("Untitled");
        assertThat(p.split().toSpec()).isEqualTo(dev.leaklab.core.data.SplitSpec.equalQuarters());
        assertThat(p.code().maxLength()).isEqualTo(200);
        assertThat(p.dataset().readerOptions().strict()).isFalse();
    }

    @Test
    void namesAnUnknownSettingWithItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("p.leaklab"), """
                {
                  "schemaVersion": 1,
                  "dataset": {
                    "paths": ["x.txt"],
                    "formt": "csv"
                  }
                }
                """);
        assertThatThrownBy(() -> ProjectStore.load(file)).isInstanceOf(ProjectException.class)
                .hasMessage(file + ":5: unknown setting 'formt' in dataset");
    }

    @Test
    void namesAnInvalidValue() throws Exception {
        Path file = Files.writeString(dir.resolve("p.leaklab"), """
                {
                  "schemaVersion": 1,
                  "dataset": {"paths": ["x.txt"]},
                  "split": {"targetIn": 0.9, "targetOut": 0.9}
                }
                """);
        assertThatThrownBy(() -> ProjectStore.load(file))
                .hasMessageStartingWith(file + ":4: split fractions must sum to at most 1");
    }

    @Test
    void rejectsANewerSchemaAndNonProjects() throws Exception {
        Path newer = Files.writeString(dir.resolve("n.leaklab"), "{\"schemaVersion\": 9, \"dataset\": {}}");
        assertThatThrownBy(() -> ProjectStore.load(newer)).hasMessageContaining("schemaVersion 9 is not one");
        Path array = Files.writeString(dir.resolve("a.leaklab"), "[1]");
        assertThatThrownBy(() -> ProjectStore.load(array)).hasMessage(array + ":1: a project file is one JSON object");
        Path truncated = Files.writeString(dir.resolve("t.leaklab"), "{\"schemaVersion\": 1, \"dataset\": {");
        assertThatThrownBy(() -> ProjectStore.load(truncated)).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> ProjectStore.load(dir.resolve("missing.leaklab"))).hasMessageEndingWith(": no such file");
    }

    @Test
    void rejectsADatasetWithBothOrNeitherSource() throws Exception {
        Path file = Files.writeString(dir.resolve("p.leaklab"), "{\"schemaVersion\": 1, \"dataset\": {}}");
        assertThatThrownBy(() -> ProjectStore.load(file))
                .hasMessageContaining("a dataset names either paths or a generator, not neither");
    }

    @Test
    void failedSaveLeavesTheOldFileIntact() throws Exception {
        Path file = dir.resolve("p.leaklab");
        ProjectSpec project = ProjectSpec.of("Kept", DatasetSpec.ofPaths(List.of("a.txt")));
        ProjectStore.save(project, file);
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where a folder should be");
        assertThatThrownBy(() -> ProjectStore.save(project, blocked.resolve("x.leaklab")))
                .isInstanceOf(ProjectException.class).hasMessageContaining("cannot save");
        assertThat(ProjectStore.load(file)).isEqualTo(project);
    }

    @Test
    void theBundledQuickstartLoadsAndGeneratesItsData() throws Exception {
        ProjectSpec quickstart = BundledProjects.quickstart();
        assertThat(quickstart.schemaVersion()).isEqualTo(ProjectSpec.SCHEMA_VERSION);
        var dataset = ProjectDatasets.load(quickstart, null, dev.leaklab.core.task.CancellationToken.none());
        assertThat(dataset.size()).isEqualTo(12000);
        assertThat(dataset.vulnerableCount()).isEqualTo(6000);
    }
}
