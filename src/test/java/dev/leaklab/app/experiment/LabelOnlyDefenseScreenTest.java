package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.WorkbenchOnResults;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.SyntheticResults;
import dev.leaklab.core.math.Gemm;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Defence screen, headless, says for the setting on its sliders whether it stops the label-only attack. */
class LabelOnlyDefenseScreenTest extends WorkbenchOnResults {

    private static final ExperimentResults RESULTS = SyntheticResults.of(2000, 16, Gemm.java(), true);

    @Override
    protected ExperimentResults results() {
        return RESULTS;
    }

    @Test
    void labelPreservingNoiseDoesNotStopItAndFlippingLabelsDoes(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        robot.interact(() -> workbench.model().experiment().run());
        DefenseViewModel defense = workbench.model().defense();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !defense.labelOnlyVerdictProperty().get().isEmpty());
        robot.clickOn("#tab-defence");
        WaitForAsyncUtils.waitForFxEvents();
        Label verdict = robot.lookup("#" + DefenseView.LABEL_ONLY_ID).queryAs(Label.class);
        assertThat(verdict.isVisible()).isTrue();
        assertThat(verdict.getText()).contains("does not stop it", "label-preserving");

        Slider sigma = robot.lookup("#" + DefenseView.SIGMA_ID).queryAs(Slider.class);
        robot.interact(() -> {
            defense.labelPreservingProperty().set(false);
            sigma.setValue(5);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> verdict.getText().contains("flipping"));
        assertThat(verdict.getText()).containsPattern("flipping \\d+\\.\\d% of the labels");
        assertThat(dialogs.errors()).isEmpty();
    }
}
