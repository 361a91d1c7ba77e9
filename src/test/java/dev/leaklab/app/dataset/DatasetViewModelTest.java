package dev.leaklab.app.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.HeldRunner;
import dev.leaklab.app.RecordingDialogService;
import dev.leaklab.app.SameThreadRunner;
import dev.leaklab.core.data.DatasetStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetViewModelTest {

    /**
     * Four functions: b2 is a1's fix; c3 is a1 with other names (a duplicate after normalisation); d4 is a1
     * again under other names but labelled 0 (a conflicting body).
     */
    private static final List<String> FUNCTIONS = List.of(
            "{\"idx\":\"a1\",\"func\":\"int copy_name(char *dst, char *src){ strcpy(dst, src); return 0; }\","
                    + "\"target\":1,\"cwe\":\"CWE-120\"}",
            "{\"idx\":\"b2\",\"func\":\"int copy_name(char *dst, char *src){ strncpy(dst, src, 8); return 0; }\","
                    + "\"target\":0,\"cwe\":\"CWE-120\"}",
            "{\"idx\":\"c3\",\"func\":\"int copy_title(char *out, char *in){ strcpy(out, in); return 0; }\","
                    + "\"target\":1,\"cwe\":\"119\"}",
            "{\"idx\":\"d4\",\"func\":\"int copy_x(char *p, char *q){ strcpy(p, q); return 0; }\","
                    + "\"target\":0}");

    @TempDir
    Path dir;

    private final RecordingDialogService dialogs = new RecordingDialogService();
    private DatasetViewModel model;

    @BeforeEach
    void setUp() {
        model = new DatasetViewModel(new SameThreadRunner(), dialogs);
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    @Test
    void loadingADatasetFillsRowsAndFigures() throws IOException {
        model.openDataset(List.of(write("functions.jsonl", FUNCTIONS)));

        assertThat(dialogs.messages()).isEmpty();
        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("a1", "b2", "c3", "d4");
        SampleRow first = model.visibleRows().get(0);
        assertThat(first.labelText()).isEqualTo("Vulnerable");
        assertThat(first.cwe()).isEqualTo("CWE-120");
        assertThat(first.source()).isEqualTo("functions.jsonl:1");
        assertThat(first.tokens()).isEqualTo(23);
        assertThat(model.visibleRows().get(1).labelText()).isEqualTo("Not vulnerable");
        assertThat(model.visibleRows().get(2).cwe()).isEqualTo("CWE-119");
        assertThat(model.visibleRows().get(3).cwe()).isEmpty();

        DatasetStats stats = model.figuresProperty().get().stats();
        assertThat(stats.samples()).isEqualTo(4);
        assertThat(stats.vulnerable()).isEqualTo(2);
        assertThat(stats.notVulnerable()).isEqualTo(2);
        assertThat(stats.distinct()).isEqualTo(2);
        assertThat(stats.duplicates()).isEqualTo(2);
        assertThat(stats.conflicting()).isEqualTo(1);
        DatasetFigures figures = model.figuresProperty().get();
        assertThat(figures.samples().value()).isEqualTo("4");
        assertThat(figures.vulnerable().value()).isEqualTo("2");
        assertThat(figures.vulnerable().detail()).isEqualTo("50.0%");
        assertThat(figures.duplicates().value()).isEqualTo("2");
        assertThat(figures.conflicting().value()).isEqualTo("1");
        assertThat(figures.tokens().value()).isEqualTo("23 · 23 · 25");
        assertThat(figures.vulnerableShare()).isEqualTo(0.5);

        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab — functions.jsonl");
        assertThat(model.statusTextProperty().get()).isEqualTo("4 samples · 2 vulnerable · functions.jsonl");
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.progressProperty().get()).isZero();
    }

    @Test
    void theFirstRowIsSelectedAfterALoadAndSelectingShowsBothCodes() throws IOException {
        model.openDataset(List.of(write("functions.jsonl", FUNCTIONS)));
        assertThat(model.selectedRowProperty().get().id()).isEqualTo("a1");

        SampleRow fix = model.visibleRows().get(1);
        model.select(fix);

        assertThat(model.originalCodeProperty().get())
                .isEqualTo("int copy_name(char *dst, char *src){ strncpy(dst, src, 8); return 0; }");
        String normalised = model.normalizedCodeProperty().get();
        assertThat(normalised).isEqualTo("""
                int FUN1 ( char * VAR1 , char * VAR2 ) {
                    strncpy ( VAR1 , VAR2 , 8 ) ;
                    return 0 ;
                }""");
        assertThat(normalised).doesNotContain("copy_name", "dst", "src");
    }

    @Test
    void aMalformedFileReportsOneErrorAndKeepsThePreviousDataset() throws IOException {
        model.openDataset(List.of(write("functions.jsonl", FUNCTIONS)));
        SampleRow selected = model.selectedRowProperty().get();
        Path bad = write("sevens.jsonl", List.of(
                "{\"func\":\"int f(){ return 1; }\",\"target\":7}",
                "{\"func\":\"int g(){ return 2; }\",\"target\":7}"));

        model.openDataset(List.of(bad));

        assertThat(dialogs.errors()).hasSize(1);
        RecordingDialogService.Message error = dialogs.errors().get(0);
        assertThat(error.title()).contains("sevens.jsonl");
        assertThat(error.message()).contains("sevens.jsonl:1:").contains("7").doesNotContain("\n");
        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("a1", "b2", "c3", "d4");
        assertThat(model.figuresProperty().get().stats().samples()).isEqualTo(4);
        assertThat(model.selectedRowProperty().get()).isSameAs(selected);
        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab — functions.jsonl");
        assertThat(model.statusTextProperty().get()).isEqualTo("4 samples · 2 vulnerable · functions.jsonl");
        assertThat(model.busyProperty().get()).isFalse();
    }

    @Test
    void aMissingProjectReportsOneError() {
        model.openProject(dir.resolve("nowhere.leaklab"));

        assertThat(dialogs.errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("nowhere.leaklab").contains("no such file"));
        assertThat(model.visibleRows()).isEmpty();
        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab");
    }

    @Test
    void aProjectFileOpensItsDatasetRelativeToTheProject() throws IOException {
        write("functions.jsonl", FUNCTIONS);
        Path project = dir.resolve("study.leaklab");
        Files.writeString(project, """
                {"schemaVersion": 1, "name": "Copy study", "dataset": {"paths": ["functions.jsonl"]}}
                """);

        model.openProject(project);

        assertThat(dialogs.messages()).isEmpty();
        assertThat(model.visibleRows()).hasSize(4);
        assertThat(model.windowTitleProperty().get()).isEqualTo("LeakLab — Copy study");
        assertThat(model.statusTextProperty().get()).endsWith("· study.leaklab");
    }

    @Test
    void classAndTextFiltersNarrowTheRows() throws IOException {
        model.openDataset(List.of(write("functions.jsonl", FUNCTIONS)));

        model.classFilterProperty().set(ClassFilter.VULNERABLE);
        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("a1", "c3");
        assertThat(model.shownTextProperty().get()).isEqualTo("2 of 4 samples");

        model.classFilterProperty().set(ClassFilter.NOT_VULNERABLE);
        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("b2", "d4");
        assertThat(model.selectedRowProperty().get().id())
                .as("a selection the filter hides moves to the first visible row").isEqualTo("b2");

        model.classFilterProperty().set(ClassFilter.ALL);
        model.searchTextProperty().set("cwe-120");
        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("a1", "b2");

        model.searchTextProperty().set("D4");
        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("d4");

        model.searchTextProperty().set("functions.jsonl:3");
        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("c3");

        model.classFilterProperty().set(ClassFilter.NOT_VULNERABLE);
        assertThat(model.visibleRows()).isEmpty();
        assertThat(model.selectedRowProperty().get()).isNull();
        assertThat(model.originalCodeProperty().get()).isEmpty();

        model.searchTextProperty().set("");
        model.classFilterProperty().set(ClassFilter.ALL);
        assertThat(model.visibleRows()).hasSize(4);
        assertThat(model.shownTextProperty().get()).isEqualTo("4 samples");
    }

    @Test
    void aNewLoadKeepsTheFilters() throws IOException {
        Path file = write("functions.jsonl", FUNCTIONS);
        model.openDataset(List.of(file));
        model.classFilterProperty().set(ClassFilter.VULNERABLE);

        model.openDataset(List.of(file));

        assertThat(model.visibleRows()).extracting(SampleRow::id).containsExactly("a1", "c3");
        assertThat(model.selectedRowProperty().get().id()).isEqualTo("a1");
    }

    @Test
    void aLoadStartedLaterSupersedesOneStillRunning() throws IOException {
        HeldRunner held = new HeldRunner();
        DatasetViewModel slow = new DatasetViewModel(held, dialogs);
        Path first = write("functions.jsonl", FUNCTIONS);
        Path second = write("pair.jsonl", FUNCTIONS.subList(0, 2));

        slow.openDataset(List.of(first));
        assertThat(slow.busyProperty().get()).isTrue();
        assertThat(slow.statusTextProperty().get()).isEqualTo("Opening functions.jsonl…");
        slow.openDataset(List.of(second));

        held.runAll();

        assertThat(dialogs.messages()).as("the superseded load was cancelled quietly").isEmpty();
        assertThat(slow.visibleRows()).extracting(SampleRow::id).containsExactly("a1", "b2");
        assertThat(slow.windowTitleProperty().get()).isEqualTo("LeakLab — pair.jsonl");
        assertThat(slow.busyProperty().get()).isFalse();
    }

    @Test
    void progressIsShownWhileNormalising() throws IOException {
        List<String> statuses = new ArrayList<>();
        model.statusTextProperty().addListener((o, old, now) -> statuses.add(now));
        List<Number> progress = new ArrayList<>();
        model.progressProperty().addListener((o, old, now) -> progress.add(now));

        model.openDataset(List.of(write("functions.jsonl", FUNCTIONS)));

        assertThat(statuses).contains("Opening functions.jsonl…", "Normalising functions.jsonl · 0 of 4 samples…");
        assertThat(progress).contains(-1.0, 1.0);
        assertThat(model.progressProperty().get()).isZero();
    }

    /** Holds submitted work until {@link #runAll()}, in submission order, like two overlapping loads. */
}
