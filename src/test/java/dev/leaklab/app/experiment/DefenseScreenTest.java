package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.MainWindow;
import dev.leaklab.app.WorkbenchOnResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import javafx.scene.layout.GridPane;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Run and Defence screens in the real window, headless: a run, then the NMID slider. */
class DefenseScreenTest extends WorkbenchOnResults {


    @Override
    protected void reportRun(ExperimentRunner.Listener listener) {
        listener.stage("training 2 models");
    }

    private static String cell(FxRobot robot, int row, int column) {
        GridPane table = robot.lookup("#" + DefenseView.UTILITY_ID).queryAs(GridPane.class);
        for (javafx.scene.Node n : table.getChildren()) {
            if (GridPane.getRowIndex(n) == row && GridPane.getColumnIndex(n) == column) {
                return ((Label) n).getText();
            }
        }
        throw new AssertionError("no cell " + row + "," + column);
    }

    @Test
    void aRunLeadsToTheDefenceScreenWhoseSliderUpdatesTheNumbers(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        robot.clickOn("#tab-run");
        robot.clickOn("#" + RunView.RUN_ID);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> workbench.model().defense().currentProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = robot.lookup("#" + MainWindow.TABS_ID).queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Defence");
        assertThat(dialogs.errors()).isEmpty();
        String undefendedAuc = cell(robot, 1, 1);
        assertThat(undefendedAuc).matches("0\\.\\d{3}");

        Slider sigma = robot.lookup("#" + DefenseView.SIGMA_ID).queryAs(Slider.class);
        robot.interact(() -> sigma.setValue(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> workbench.model().defense().currentProperty().get().settings().sigma() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cell(robot, 1, 2)).isEqualTo(undefendedAuc);

        robot.interact(() -> sigma.setValue(5));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> workbench.model().defense().currentProperty().get().settings().sigma() == 5);
        WaitForAsyncUtils.waitForFxEvents();
        double defended = Double.parseDouble(cell(robot, 1, 2));
        assertThat(defended).isLessThan(Double.parseDouble(undefendedAuc));
        // label-preserving by default: utility unchanged, no flips
        assertThat(cell(robot, 8, 2)).isEqualTo(cell(robot, 8, 1));
        assertThat(cell(robot, 9, 2)).isEqualTo("0.000");
    }

    @Test
    void theOtherScreensOpenOnTheResults(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        robot.clickOn("#tab-setup");
        assertThat(robot.lookup("#" + SetupView.ARCHITECTURE_ID).tryQuery()).isPresent();
        robot.interact(() -> workbench.model().experiment().run());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> workbench.model().experiment().resultsProperty().get() != null);
        robot.clickOn("#tab-compare");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(workbench.model().compare().shown()).hasSize(1);
        robot.clickOn("#tab-exposure");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#" + ExposureView.TABLE_ID).tryQuery()).isPresent();
        assertThat(workbench.model().exposure().summaryProperty().get()).isEqualTo("No samples to show for these "
                + "results");
        assertThat(dialogs.errors()).isEmpty();
    }
}
