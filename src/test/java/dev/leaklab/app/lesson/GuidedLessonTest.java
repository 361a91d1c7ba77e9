package dev.leaklab.app.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.MainWindow;
import dev.leaklab.app.WorkbenchOnResults;
import dev.leaklab.app.experiment.Scenario;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.defense.Mask;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The guided lesson runs start to end on the quickstart, pauses when the user wanders off, and puts back what it set. */
class GuidedLessonTest extends WorkbenchOnResults {


    private String selectedTab(FxRobot robot) {
        return robot.lookup("#" + MainWindow.TABS_ID).queryAs(TabPane.class).getSelectionModel().getSelectedItem()
                .getText();
    }

    private void awaitTarget(LessonStep step) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                Node n = lessonTarget();
                return n != null && step.targets().contains(n.getId());
            });
        } catch (TimeoutException e) {
            LessonViewModel lesson = workbench.lesson();
            throw new AssertionError("no target for '" + step.title() + "': lesson " + lesson.stateProperty().get()
                    + " (" + lesson.pausedBecauseProperty().get() + ") at step " + lesson.indexProperty().get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node lessonTarget() {
        Node root = workbench.stage().getScene().getRoot();
        return root.lookup("." + LessonView.TARGET_CLASS);
    }

    @Test
    void runsStartToEndOnTheQuickstartPointingAtEachStepsControl(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        LessonViewModel lesson = workbench.lesson();
        double sigmaBefore = workbench.model().defense().sigmaProperty().get();
        boolean preservingBefore = workbench.model().defense().labelPreservingProperty().get();
        Mask logitsBefore = workbench.model().defense().maskProperty(Feature.LOGITS).get();
        robot.interact(lesson::start);
        List<LessonStep> steps = lesson.stepList();
        assertThat(steps).hasSizeBetween(6, 8);
        for (int i = 0; i < steps.size(); i++) {
            LessonStep step = steps.get(i);
            if (step.needsResults()) {
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lesson.nextAllowed().get());
            }
            awaitTarget(step);
            assertThat(selectedTab(robot)).as(step.title()).isEqualTo(step.screen());
            Node target = lessonTarget();
            assertThat(target.isVisible()).as(step.title()).isTrue();
            assertThat(target.getStyleClass()).contains(LessonView.TARGET_CLASS);
            assertThat(robot.lookup("#" + LessonView.STEP_ID).tryQuery()).as("the bubble shows").isPresent();
            if (i == 5) {
                assertThat(workbench.model().defense().sigmaProperty().get()).isEqualTo(Scenario.STUDY_NMID.sigma());
                assertThat(workbench.model().defense().maskProperty(Feature.LOGITS).get()).isEqualTo(Mask.REDUCED);
            }
            robot.clickOn("#" + LessonView.NEXT_ID);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(lesson.stateProperty().get()).isEqualTo(LessonViewModel.State.CLOSED);
        assertThat(lessonTarget()).isNull();
        assertThat(workbench.model().defense().sigmaProperty().get()).isEqualTo(sigmaBefore);
        assertThat(workbench.model().defense().labelPreservingProperty().get()).isEqualTo(preservingBefore);
        assertThat(workbench.model().defense().maskProperty(Feature.LOGITS).get()).isEqualTo(logitsBefore);
        assertThat(lesson.closingNoteProperty().get()).startsWith("The lesson put back what it changed: sigma")
                .contains("logits released", "label-preserving");
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void pausesWhenTheUserOpensAnotherScreenAndResumesOrRestarts(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workbench.model().experiment().projectProperty().get()
                != null);
        LessonViewModel lesson = workbench.lesson();
        robot.interact(lesson::start);
        robot.clickOn("#" + LessonView.NEXT_ID);
        awaitTarget(lesson.step());
        assertThat(lesson.indexProperty().get()).isEqualTo(1);

        robot.clickOn("#tab-compare");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lesson.stateProperty().get()).isEqualTo(LessonViewModel.State.PAUSED);
        assertThat(lesson.pausedBecauseProperty().get()).isEqualTo("the Compare screen was opened");
        assertThat(lessonTarget()).isNull();
        assertThat(robot.lookup("#" + LessonView.BAR_ID).query().isVisible()).isTrue();

        robot.clickOn("#" + LessonView.RESUME_ID);
        awaitTarget(lesson.step());
        assertThat(lesson.indexProperty().get()).isEqualTo(1);
        assertThat(selectedTab(robot)).isEqualTo("Run");

        robot.interact(() -> lesson.pause("test"));
        robot.clickOn("#" + LessonView.RESTART_ID);
        awaitTarget(lesson.step());
        assertThat(lesson.indexProperty().get()).isZero();
        assertThat(selectedTab(robot)).isEqualTo("Data");
        robot.interact(lesson::close);
    }
}
