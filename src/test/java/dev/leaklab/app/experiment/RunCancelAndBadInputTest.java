package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.FxBackgroundRunner;
import dev.leaklab.app.MainWindow;
import dev.leaklab.app.RecordingDialogService;
import dev.leaklab.app.Workbench;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.SyntheticResults;
import dev.leaklab.core.math.Gemm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench, headless, when things go wrong: a run cancelled from its button mid-training, and a malformed
 * dataset opened from the File menu. Both must leave the project and earlier results as they were.
 */
@ExtendWith(ApplicationExtension.class)
class RunCancelAndBadInputTest {

    private static final ExperimentResults RESULTS = SyntheticResults.of(1000, 8, Gemm.java());
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch training = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Workbench workbench;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        // the first run finishes at once; the second trains until it is cancelled
        workbench = Workbench.open(stage, List.of(), dialogs, new FxBackgroundRunner(), () -> { },
                (project, file, cache, listener, cancel) -> {
                    if (runs.incrementAndGet() == 1) {
                        return RESULTS;
                    }
                    listener.stage("training the target model");
                    training.countDown();
                    try {
                        while (true) {
                            cancel.throwIfCancelled();
                            Thread.sleep(5);
                        }
                    } finally {
                        stopped.countDown();
                    }
                });
    }

    @Stop
    void stop() {
        workbench.close();
    }

    private void awaitProject() throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> workbench.model().experiment().projectProperty().get() != null);
    }

    @Test
    void cancellingARunMidTrainingKeepsTheProjectAndTheEarlierResults(FxRobot robot) throws Exception {
        awaitProject();
        ExperimentViewModel experiment = workbench.model().experiment();
        robot.clickOn("#tab-run");
        robot.clickOn("#" + RunView.RUN_ID);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> experiment.resultsProperty().get() != null);
        ProjectSpec project = experiment.projectProperty().get();
        ExperimentResults earlier = experiment.resultsProperty().get();

        robot.clickOn("#tab-run");
        robot.clickOn("#" + RunView.RUN_ID);
        assertThat(training.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        Button cancel = robot.lookup("#" + RunView.CANCEL_ID).queryAs(Button.class);
        assertThat(cancel.isDisabled()).isFalse();
        robot.clickOn(cancel);

        assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the worker stops").isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(experiment.runningProperty().get()).isFalse();
        assertThat(experiment.resultsProperty().get()).isSameAs(earlier);
        assertThat(experiment.projectProperty().get()).isSameAs(project);
        assertThat(robot.lookup("#" + RunView.STAGE_ID).queryAs(Label.class).getText())
                .isEqualTo("Cancelled; the earlier results are kept");
        assertThat(robot.lookup("#" + MainWindow.STATUS_BAR_ID).queryAs(StatusBar.class).getText())
                .doesNotContain("training");
        assertThat(dialogs.errors()).isEmpty();
        // the window still answers: the Run button is back
        assertThat(robot.lookup("#" + RunView.RUN_ID).queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void aMalformedDatasetFromTheFileMenuShowsOneErrorAndKeepsTheProject(FxRobot robot) throws Exception {
        awaitProject();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !workbench.model().busyProperty().get());
        ProjectSpec project = workbench.model().experiment().projectProperty().get();
        String title = workbench.stage().getTitle();
        Path bad = write("broken.jsonl", "{\"func\":\"int f(){ return 1; }\",\"target\":1}\n{\"func\": \"int g(\n");
        dialogs.answerNextChooser(bad);

        robot.clickOn("File");
        robot.clickOn("Open Dataset File…");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialogs.errors().isEmpty());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !workbench.model().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(dialogs.errors()).singleElement().satisfies(error -> {
            assertThat(error.message()).contains("broken.jsonl:2").doesNotContain("\n");
        });
        assertThat(workbench.model().experiment().projectProperty().get()).isSameAs(project);
        assertThat(workbench.stage().getTitle()).isEqualTo(title);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
