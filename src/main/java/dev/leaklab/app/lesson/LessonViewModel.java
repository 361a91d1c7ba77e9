package dev.leaklab.app.lesson;

import dev.leaklab.app.MainViewModel;
import dev.leaklab.app.experiment.DefenseViewModel;
import dev.leaklab.app.experiment.Scenario;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.defense.Mask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The guided lesson's state: which step is shown, whether it runs, is paused (the user wandered off) or is
 * closed, and what it changed, which it puts back when it closes and says so. It drives the workbench through
 * {@link MainViewModel}: opens the quickstart, runs it, moves the defence.
 */
public final class LessonViewModel {

    /** Where the lesson stands. */
    public enum State {
        /** Not started, or closed. */
        CLOSED,
        /** A step is shown. */
        RUNNING,
        /** The user wandered off; the lesson waits to be resumed, restarted or closed. */
        PAUSED
    }

    /** The name the quickstart project has, which the lesson runs on. */
    static final String QUICKSTART = "Quickstart";

    private final MainViewModel main;
    private final List<LessonStep> steps = steps();
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(this, "index", 0);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.CLOSED);
    private final ReadOnlyStringWrapper pausedBecause = new ReadOnlyStringWrapper(this, "pausedBecause", "");
    private final ReadOnlyStringWrapper closingNote = new ReadOnlyStringWrapper(this, "closingNote", "");
    /** What the lesson changed, by setting, with how to put it back and how to say so. */
    private final Map<String, Restore> changed = new LinkedHashMap<>();
    private boolean expectingProject;

    private record Restore(Runnable action, String said) {
    }

    /** A lesson over the window of {@code main}. */
    public LessonViewModel(MainViewModel main) {
        this.main = main;
        main.dataset().projectProperty().addListener((o, old, now) -> {
            if (expectingProject) {
                expectingProject = false;
                return;
            }
            if (state.get() == State.RUNNING) {
                pause("another project was opened");
            }
        });
    }

    /** The steps, in order. */
    public List<LessonStep> stepList() {
        return steps;
    }

    /** The index of the step shown (or to resume), from 0. */
    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    /** The step shown (or to resume). */
    public LessonStep step() {
        return steps.get(index.get());
    }

    /** Where the lesson stands. */
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Why the lesson paused, in a few words ("the Compare screen was opened"); empty unless paused. */
    public ReadOnlyStringProperty pausedBecauseProperty() {
        return pausedBecause.getReadOnlyProperty();
    }

    /** What closing the lesson put back, one sentence; empty when it changed nothing or has not closed. */
    public ReadOnlyStringProperty closingNoteProperty() {
        return closingNote.getReadOnlyProperty();
    }

    /** Whether the step shown may be left forward: its results are there, if it reads any. */
    public BooleanBinding nextAllowed() {
        return Bindings.createBooleanBinding(() -> !step().needsResults() || hasResults(), index,
                main.experiment().resultsProperty(), main.defense().currentProperty());
    }

    private boolean hasResults() {
        return main.experiment().resultsProperty().get() != null && main.defense().currentProperty().get() != null;
    }

    /** Starts the lesson at its first step (or again from the start). */
    public void start() {
        closingNote.set("");
        index.set(0);
        state.set(State.RUNNING);
        enter();
    }

    /** Shows the next step; after the last, closes. */
    public void next() {
        if (state.get() != State.RUNNING) {
            return;
        }
        if (index.get() == steps.size() - 1) {
            close();
            return;
        }
        index.set(index.get() + 1);
        enter();
    }

    /** Shows the step before. */
    public void back() {
        if (state.get() == State.RUNNING && index.get() > 0) {
            index.set(index.get() - 1);
            enter();
        }
    }

    /** Pauses because the user wandered off ({@code why}, a few words). */
    public void pause(String why) {
        if (state.get() == State.RUNNING) {
            pausedBecause.set(why);
            state.set(State.PAUSED);
        }
    }

    /** Resumes at the step where it paused. */
    public void resume() {
        if (state.get() == State.PAUSED) {
            pausedBecause.set("");
            state.set(State.RUNNING);
            enter();
        }
    }

    /** Starts again from the first step. */
    public void restart() {
        pausedBecause.set("");
        start();
    }

    /** Closes the lesson, putting back every setting it changed and saying which. */
    public void close() {
        if (state.get() == State.CLOSED) {
            return;
        }
        pausedBecause.set("");
        List<String> said = new ArrayList<>();
        for (Restore r : changed.values()) {
            r.action.run();
            said.add(r.said);
        }
        changed.clear();
        closingNote.set(said.isEmpty() ? "" : "The lesson put back what it changed: " + String.join(", ", said) + ".");
        state.set(State.CLOSED);
    }

    /** Does what the step shown does to the workbench. */
    private void enter() {
        DefenseViewModel defense = main.defense();
        switch (step().action()) {
            case OPEN_QUICKSTART -> {
                if (main.dataset().projectProperty().get() == null
                        || !QUICKSTART.equals(main.dataset().projectProperty().get().name())
                        || main.dataset().projectFileProperty().get() != null) {
                    expectingProject = true;
                    main.dataset().openQuickstart();
                }
            }
            case RUN -> {
                if (main.experiment().resultsProperty().get() == null && !main.experiment().runningProperty().get()
                        && main.experiment().projectProperty().get() != null) {
                    main.experiment().run();
                }
            }
            case NO_NOISE -> setSigma(defense, 0);
            case STUDY_SETTING -> {
                Scenario study = Scenario.STUDY_NMID;
                setSigma(defense, study.sigma());
                remember("logits mask", () -> {
                    Mask was = defense.maskProperty(Feature.LOGITS).get();
                    return new Restore(() -> defense.maskProperty(Feature.LOGITS).set(was), "logits " + was.id());
                });
                defense.maskProperty(Feature.LOGITS).set(study.logits());
                remember("labelPreserving", () -> {
                    boolean was = defense.labelPreservingProperty().get();
                    return new Restore(() -> defense.labelPreservingProperty().set(was),
                            "label-preserving " + (was ? "on" : "off"));
                });
                defense.labelPreservingProperty().set(study.labelPreserving());
            }
            case NONE -> {
            }
        }
    }

    private void setSigma(DefenseViewModel defense, double sigma) {
        remember("sigma", () -> {
            double was = defense.sigmaProperty().get();
            return new Restore(() -> defense.sigmaProperty().set(was), String.format(Locale.ROOT, "sigma %.2f", was));
        });
        defense.sigmaProperty().set(sigma);
    }

    /** Records how to put a setting back, the first time the lesson changes it. */
    private void remember(String setting, java.util.function.Supplier<Restore> restore) {
        changed.computeIfAbsent(setting, s -> restore.get());
    }

    /** The lesson's steps. */
    static List<LessonStep> steps() {
        return List.of(
                new LessonStep("1. What membership inference is",
                        "A vulnerability predictor learns from code whose label (vulnerable or not) someone knows. "
                                + "Membership inference asks of one function: was it in the training data? If an "
                                + "attacker can tell, the model leaks which code its owner had, and that code's "
                                + "flaws. This is the quickstart's data: 12,000 generated C functions, half of "
                                + "them vulnerable.",
                        "Data", List.of("sample-table"), false, LessonStep.Action.OPEN_QUICKSTART),
                new LessonStep("2. Why an overfit model gives its members away",
                        "The lesson now trains the target model, and the attacker's shadow model beside it. "
                                + "Watch the two accuracy lines: on its members (solid) the model gets better "
                                + "and better; on code it never saw (dashed) it stalls. That gap is memory, and "
                                + "memory is what an attack reads: members get low losses and confident answers, "
                                + "non-members do not. Next waits until the run ends.",
                        "Run", List.of("run-accuracy"), true, LessonStep.Action.RUN),
                new LessonStep("3. Black-box or gray-box",
                        "What the attacker sees decides what it can do. Black-box: only the model's answers: "
                                + "logits, loss, confidence. Gray-box: also the embedding, the model's internal "
                                + "vector for the code. The study finds the answers alone, logits and loss above "
                                + "all, leak nearly everything. Each ticked box here is one attack's view.",
                        "Setup", List.of("setup-outputs"), false, LessonStep.Action.NONE),
                new LessonStep("4. Reading a ROC curve",
                        "The attack scores every sample; the ROC curve shows, for each threshold, the members "
                                + "it finds (up) against the non-members it wrongly accuses (right). The diagonal "
                                + "is guessing. Look low on the left too: TPR at 1% or 0.1% FPR says how many "
                                + "members it exposes while almost never wrong, which matters more than the area.",
                        "Defence", List.of("defense-roc"), true, LessonStep.Action.NO_NOISE),
                new LessonStep("5. What the attack sees",
                        "Here is why it works. Blue: the attack's score on the model's members; orange: on "
                                + "code the model never saw. Where the two humps sit apart, the score alone "
                                + "gives a member away. The lesson has set the defence to zero noise.",
                        "Defence", List.of("defense-histogram"), true, LessonStep.Action.NO_NOISE),
                new LessonStep("6. What NMID does",
                        "NMID sits between the model and whoever reads it: it adds Gaussian noise to each "
                                + "output, sigma times that output's spread, and masks what need not be seen. The "
                                + "lesson has set the study's setting: the logits cut down to the predicted label, "
                                + "noise at sigma 0.5 on the rest, the label kept. Watch the humps merge and the "
                                + "curve fall towards the diagonal while F1 (the table's last rows) stays put. "
                                + "Untick Label-preserving to see what noise that may flip labels costs. Drag the "
                                + "slider yourself.",
                        "Defence", List.of("defense-sigma"), true, LessonStep.Action.STUDY_SETTING),
                new LessonStep("7. Why keyed noise resists averaging",
                        "Fresh noise is new at every query, so an attacker who asks the same question a "
                                + "hundred times and averages the answers cancels it. Keyed noise is drawn from a "
                                + "secret key and the input: the same question always gets the same answer, and "
                                + "averaging learns nothing. An adaptive attacker, who trains on noisy outputs, "
                                + "is the harder test; tick it to see.",
                        "Defence", List.of("defense-noise", "defense-adaptive"), true, LessonStep.Action.NONE),
                new LessonStep("8. What the frontier trades",
                        "Each point is one sigma from the run's sweep: the attack's AUC across, the model's F1 "
                                + "up. Left and high is best: little leak, useful predictions. The curve shows "
                                + "how much privacy each bit of utility buys, so an owner can pick a setting "
                                + "knowingly. Close puts back the settings the lesson changed.",
                        "Defence", List.of("defense-frontier"), true, LessonStep.Action.NONE));
    }
}
