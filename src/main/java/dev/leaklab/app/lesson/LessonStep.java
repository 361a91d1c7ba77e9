package dev.leaklab.app.lesson;

import java.util.List;

/**
 * One step of the lesson.
 *
 * @param title        the step's heading
 * @param text         the paragraph shown beside the control
 * @param screen       the screen (tab) it shows: Data, Setup, Run, Defence
 * @param targets      node ids of the controls it talks about, the first visible one taken (classroom mode
 *                     hides some)
 * @param needsResults whether the step reads a run's results, so Next waits for them
 * @param action       what the step does to the workbench when it is shown
 */
public record LessonStep(String title, String text, String screen, List<String> targets, boolean needsResults,
                         Action action) {

    /** What a step does to the workbench when it is shown. */
    public enum Action {
        /** Nothing. */
        NONE,
        /** Opens the quickstart project unless it is open. */
        OPEN_QUICKSTART,
        /** Runs the experiment unless it has results or runs. */
        RUN,
        /** Sets the defence's noise to zero, to show the undefended attack. */
        NO_NOISE,
        /** Sets NMID as the study does ({@code Scenario.STUDY_NMID}). */
        STUDY_SETTING
    }

    /** Copies the target list. */
    public LessonStep {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("step '" + title + "' has no target");
        }
    }
}
