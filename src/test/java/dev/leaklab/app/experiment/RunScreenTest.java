package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.WorkbenchOnResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.model.TrainingProgress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Run screen, headless: every epoch a run reports lands in its loss and accuracy charts. */
class RunScreenTest extends WorkbenchOnResults {


    @Override
    protected void reportRun(ExperimentRunner.Listener listener) {
        for (int epoch = 1; epoch <= 3; epoch++) {
            listener.onProgress(new TrainingProgress("target", epoch, 3, 10, 10, 0.7 / epoch, 0.6 + 0.1 * epoch, 500,
                    0, Double.NaN, 0.55 + 0.05 * epoch, true));
            listener.onProgress(new TrainingProgress("shadow-1", epoch, 3, 10, 10, 0.6 / epoch, 0.65 + 0.1 * epoch,
                    500, 0, Double.NaN, Double.NaN, true));
        }
    }

    @Test
    void everyEpochOfEveryModelIsDrawn(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        robot.interact(() -> workbench.model().experiment().run());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().resultsProperty().get()
                != null);
        WaitForAsyncUtils.waitForFxEvents();

        XYDataset loss = dataset(robot, RunView.LOSS_ID);
        XYDataset accuracy = dataset(robot, RunView.ACCURACY_ID);
        assertThat(loss.getSeriesCount()).isEqualTo(2);
        assertThat(loss.getItemCount(0)).isEqualTo(3);
        assertThat(loss.getYValue(0, 2)).isEqualTo(0.7 / 3, org.assertj.core.data.Offset.offset(1e-12));
        // target, shadow-1 and the target's held-out accuracy (the shadow's is not watched)
        assertThat(accuracy.getSeriesCount()).isEqualTo(3);
        for (int s = 0; s < 3; s++) {
            assertThat(accuracy.getItemCount(s)).as("series %d", s).isEqualTo(3);
        }
        assertThat(robot.lookup("#" + RunView.GAP_ID).queryAs(Label.class).getText()).contains("Epoch 3, target");
    }

    private static XYDataset dataset(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(ChartViewer.class).getChart().getXYPlot().getDataset();
    }
}
