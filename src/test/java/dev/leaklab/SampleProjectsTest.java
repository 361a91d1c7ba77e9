package dev.leaklab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.ProjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every bundled project and scenario opens: it passes validation and every setting it names exists. */
class SampleProjectsTest {

    @Test
    void everySampleProjectOpens() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("sample-projects"))) {
            files = walk.filter(p -> p.toString().endsWith(ProjectSpec.EXTENSION)).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("quickstart.leaklab",
                "strongest-attacks.leaklab", "pitfalls.leaklab", "study-as-reported.leaklab",
                "near-duplicates.leaklab");
        for (Path file : files) {
            ProjectSpec project = ProjectStore.load(file);
            assertThat(project.name()).as(file.toString()).isNotBlank();
        }
    }
}
