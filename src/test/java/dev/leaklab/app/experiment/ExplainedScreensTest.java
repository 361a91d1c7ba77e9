package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.ScreenNotes;
import dev.leaklab.app.WorkbenchOnResults;
import dev.leaklab.app.charts.ChartOverlay;
import dev.leaklab.core.metrics.ScoreBins;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Setup and Defence screens explain themselves: every control a user operates carries a tooltip, the
 * utility table's metrics say what they mean, and the score histograms move with sigma.
 */
class ExplainedScreensTest extends WorkbenchOnResults {


    /** The visible controls a user operates under {@code root} that have no tooltip, described. */
    static List<String> unexplained(Node root, List<String> walked) {
        List<String> missing = new ArrayList<>();
        walk(root, false, missing, walked);
        return missing;
    }

    private static void walk(Node node, boolean insideCompound, List<String> missing, List<String> walked) {
        if (!node.isVisible()) {
            return;
        }
        boolean operated = node instanceof ButtonBase || node instanceof ChoiceBox || node instanceof ComboBoxBase
                || node instanceof Slider || node instanceof Spinner || node instanceof TextInputControl;
        if (operated && !insideCompound) {
            walked.add(node.getClass().getSimpleName());
            Tooltip tip = ((Control) node).getTooltip();
            if (tip == null || tip.getText() == null || tip.getText().isBlank()) {
                missing.add(node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId())
                        + (node instanceof javafx.scene.control.Labeled l ? " '" + l.getText() + "'" : ""));
            }
        }
        // why: a spinner's text field, a slider's thumb and a choice box's parts are one control with one tooltip
        boolean compound = insideCompound || node instanceof Spinner || node instanceof ComboBoxBase
                || node instanceof Slider || node instanceof ChoiceBox;
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, compound, missing, walked);
            }
        }
    }

    private void runAndOpenDefence(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        robot.interact(() -> workbench.model().experiment().run());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> workbench.model().defense().currentProperty().get() != null);
        robot.clickOn("#tab-defence");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void everyControlOfSetupAndDefenceHasATooltip(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        robot.clickOn("#tab-setup");
        WaitForAsyncUtils.waitForFxEvents();
        Node setup = robot.lookup("#" + SetupView.ARCHITECTURE_ID).query().getScene().lookup(".setup-view");
        List<String> walked = new ArrayList<>();
        assertThat(unexplained(setup, walked)).isEmpty();
        // 10 attacks, 15 output sets, 3 presets, the architecture, 7 settings, 2 spinners, deduplication
        assertThat(walked).as("controls walked").hasSizeGreaterThanOrEqualTo(39).contains("Spinner", "ChoiceBox");

        runAndOpenDefence(robot);
        Node defence = robot.lookup(".defense-view").query();
        walked.clear();
        assertThat(unexplained(defence, walked)).isEmpty();
        // the attack, 5 sliders, 4 masks, 2 noise modes, 3 check boxes
        assertThat(walked).as("controls walked").hasSizeGreaterThanOrEqualTo(15);
        for (String row : DefenseView.ROWS) {
            Label name = robot.lookup(".defense-view .explained").queryAllAs(Label.class).stream()
                    .filter(l -> l.getText().equals(row)).findFirst().orElseThrow();
            assertThat(name.getTooltip().getText()).as(row).isNotBlank();
        }
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void theScoreHistogramsMoveWithSigma(FxRobot robot) throws TimeoutException {
        runAndOpenDefence(robot);
        DefenseViewModel model = workbench.model().defense();
        Slider sigma = robot.lookup("#" + DefenseView.SIGMA_ID).queryAs(Slider.class);
        robot.interact(() -> sigma.setValue(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.currentProperty().get().settings().sigma() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        ScoreBins clean = model.binsProperty().get();
        double[] drawn = drawnMembers(robot);
        assertThat(drawn).containsExactly(clean.members());

        robot.interact(() -> sigma.setValue(5));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.currentProperty().get().settings().sigma() == 5);
        WaitForAsyncUtils.waitForFxEvents();
        ScoreBins noisy = model.binsProperty().get();
        assertThat(noisy).isNotEqualTo(clean);
        assertThat(drawnMembers(robot)).containsExactly(noisy.members()).isNotEqualTo(drawn);
        assertThat(noisy.overlap()).as("noise makes members and non-members look alike")
                .isGreaterThan(clean.overlap());
        assertThat(robot.lookup("#" + DefenseView.OVERLAP_ID).queryAs(Label.class).getText())
                .contains(String.format(java.util.Locale.ROOT, "%.0f%%", 100 * noisy.overlap()));
    }

    private static double[] drawnMembers(FxRobot robot) {
        return robot.lookup("#" + DefenseView.HISTOGRAM_ID).queryAs(ChartOverlay.class).barHeights(0);
    }

    @Test
    void aHiddenScreenNoteStaysHiddenUntilShownAgain(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        robot.clickOn("#tab-setup");
        WaitForAsyncUtils.waitForFxEvents();
        Node note = robot.lookup("#" + ScreenNotes.ID_PREFIX + "setup").query();
        assertThat(note.isVisible()).isTrue();
        robot.clickOn(robot.lookup("#" + ScreenNotes.ID_PREFIX + "setup .note-hide").queryButton());
        WaitForAsyncUtils.waitForFxEvents();
        try {
            assertThat(note.isVisible()).isFalse();
            assertThat(new ScreenNotes().hiddenProperty("setup").get()).as("remembered").isTrue();
            assertThat(new ScreenNotes().hiddenProperty("defence").get()).isFalse();
        } finally {
            robot.interact(() -> new ScreenNotes().showAll());
        }
    }
}
