package dev.leaklab.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.audit.AuditRequest;
import dev.leaklab.app.experiment.DefenseView;
import dev.leaklab.app.experiment.ExperimentViewModel;
import dev.leaklab.app.experiment.RunView;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ProjectSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File ▸ Audit a Model… headless, with the real engine: the bundled outputs fixture opens as an audit, Run
 * audits it, and the Defence screen shows its ROC with an AUC; a malformed outputs file gets one dialog and
 * the open project stays.
 */
@ExtendWith(ApplicationExtension.class)
class AuditFromTheMenuTest {

    private static final Path OUTPUTS = Path.of("src/test/fixtures/import/outputs.csv").toAbsolutePath();
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private Workbench workbench;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        workbench = Workbench.open(stage, List.of(), dialogs, new FxBackgroundRunner(), () -> { });
    }

    @Stop
    void stop() {
        workbench.close();
    }

    private void awaitIdle() throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> workbench.model().experiment().projectProperty().get() != null
                        && !workbench.model().busyProperty().get());
    }

    @Test
    void anOutputsFileIsAuditedFromTheFileMenuToARocWithAnAuc(FxRobot robot) throws Exception {
        awaitIdle();
        dialogs.answerNextAudit(AuditRequest.outputs(OUTPUTS));
        robot.clickOn("File");
        robot.clickOn("Audit a Model…");
        ExperimentViewModel experiment = workbench.model().experiment();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> experiment.projectProperty().get() != null
                && experiment.projectProperty().get().isAudit() && !workbench.model().busyProperty().get());
        assertThat(workbench.stage().getTitle()).contains("Audit of outputs.csv");

        robot.clickOn("#tab-run");
        robot.clickOn("#" + RunView.RUN_ID);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> experiment.resultsProperty().get() != null);
        ExperimentResults results = experiment.resultsProperty().get();
        assertThat(dialogs.errors()).isEmpty();
        assertThat(results.audit()).isNotNull();
        assertThat(results.audit().kind()).isEqualTo("outputs");

        robot.clickOn("#tab-defence");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> workbench.model().defense().undefendedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#" + DefenseView.ROC_ID).tryQuery()).isPresent();
        double auc = workbench.model().defense().undefendedProperty().get().attack().auc();
        assertThat(auc).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
        assertThat(auc).isEqualTo(results.headlineResult().metrics().auc());
    }

    @Test
    void aMalformedOutputsFileGetsOneDialogAndTheProjectStays(FxRobot robot) throws Exception {
        awaitIdle();
        ProjectSpec project = workbench.model().experiment().projectProperty().get();
        Path bad = Files.writeString(dir.resolve("bad.csv"),
                "id,role,label,logit0,logit1\na,target-in,1,0,2\nb,target-out,1,zero,0\n");
        dialogs.answerNextAudit(AuditRequest.outputs(bad));
        robot.clickOn("File");
        robot.clickOn("Audit a Model…");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialogs.errors().isEmpty());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !workbench.model().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.errors()).singleElement().satisfies(e ->
                assertThat(e.message()).contains("bad.csv:3: logit0 'zero' is not a number").doesNotContain("\n"));
        assertThat(workbench.model().experiment().projectProperty().get()).isSameAs(project);
    }
}
