package dev.leaklab.app.lesson;

import dev.leaklab.app.Explain;
import java.util.Locale;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import org.controlsfx.control.PopOver;

/**
 * The guided lesson on screen: a bubble beside the control each step talks about, which is highlighted, with
 * Back, Next and Close; and a bar under the menus that offers the lesson on first start, says when it paused
 * (the user opened another screen or project) with Resume, Restart and Close, and says what closing put back.
 */
public final class LessonView {

    /** Node id of the lesson's bar under the menus. */
    public static final String BAR_ID = "lesson-bar";
    /** The style class of the control the step shown talks about. */
    public static final String TARGET_CLASS = "lesson-target";
    /** Node id of the bubble's content. */
    public static final String STEP_ID = "lesson-step";
    /** Node id of the Next (or Finish) button. */
    public static final String NEXT_ID = "lesson-next";
    /** Node id of the Back button. */
    public static final String BACK_ID = "lesson-back";
    /** Node id of the Resume button on the bar. */
    public static final String RESUME_ID = "lesson-resume";
    /** Node id of the Restart button on the bar. */
    public static final String RESTART_ID = "lesson-restart";
    /** Node id of the Start button of the first-start offer. */
    public static final String START_ID = "lesson-start";
    private static final String OFFERED_KEY = "lesson.offered";
    /** The bubble's type size in classroom mode (the presenter scale of 13 px). */
    static final double PRESENTER_FONT = 13 * 1.45;
    /** The room left beside a target that the lesson scrolls into sight. */
    private static final double REVEAL_MARGIN = 12;

    private final LessonViewModel lesson;
    private final TabPane tabs;
    private final BooleanProperty classroom;
    private final Preferences prefs;
    private final HBox bar = new HBox(10);
    private final Label barText = new Label();
    private final PopOver bubble = new PopOver();
    private final VBox content = new VBox(10);
    private final Label title = new Label();
    private final Label text = new Label();
    private final Label count = new Label();
    private final Label waiting = new Label("Next when the run has finished…");
    private final Button back = Explain.tip(new Button("Back"), "The step before");
    private final Button next = new Button("Next");
    private Node highlighted;
    private boolean driving;
    private boolean offering;

    /**
     * @param lesson    the lesson
     * @param tabs      the window's screens
     * @param classroom whether the window is in classroom mode (the bubble then uses the presenter scale)
     * @param prefs     where the first-start offer is remembered
     */
    public LessonView(LessonViewModel lesson, TabPane tabs, BooleanProperty classroom, Preferences prefs) {
        this.lesson = lesson;
        this.tabs = tabs;
        this.classroom = classroom;
        this.prefs = prefs;
        buildBubble();
        bar.setId(BAR_ID);
        bar.getStyleClass().add("lesson-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 12, 6, 12));
        barText.setWrapText(true);
        barText.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(barText, Priority.ALWAYS);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (!driving && now != null && lesson.stateProperty().get() == LessonViewModel.State.RUNNING
                    && !now.getText().equals(lesson.step().screen())) {
                lesson.pause("the " + now.getText() + " screen was opened");
            }
        });
        lesson.stateProperty().addListener((o, old, now) -> update());
        lesson.indexProperty().addListener((o, old, now) -> update());
        lesson.closingNoteProperty().addListener((o, old, now) -> update());
        classroom.addListener((o, old, now) -> {
            scaleBubble();
            update();
        });
        offering = !prefs.getBoolean(OFFERED_KEY, false);
        update();
    }

    /** The bar under the menus (hidden when it has nothing to say). */
    public Node bar() {
        return bar;
    }

    /** The node the step shown points at, or {@code null} when none is. */
    public Node highlighted() {
        return highlighted;
    }

    /** The bubble (for tests: whether it shows). */
    public PopOver bubble() {
        return bubble;
    }

    private void buildBubble() {
        content.setId(STEP_ID);
        content.getStyleClass().add("lesson-step");
        content.setPadding(new Insets(14));
        content.setMaxWidth(420);
        title.getStyleClass().add("lesson-title");
        title.setWrapText(true);
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        count.getStyleClass().add("muted");
        waiting.getStyleClass().add("muted");
        waiting.setWrapText(true);
        back.setId(BACK_ID);
        back.setOnAction(e -> lesson.back());
        next.setId(NEXT_ID);
        next.setDefaultButton(true);
        next.setOnAction(e -> lesson.next());
        next.disableProperty().bind(lesson.nextAllowed().not());
        waiting.visibleProperty().bind(next.disabledProperty());
        waiting.managedProperty().bind(waiting.visibleProperty());
        Button close = Explain.tip(new Button("Close"), "End the lesson; it puts back the settings it changed");
        close.setOnAction(e -> lesson.close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, count, gap, back, next, close);
        buttons.setAlignment(Pos.CENTER_LEFT);
        content.getChildren().setAll(title, text, waiting, buttons);
        bubble.setContentNode(content);
        bubble.setAutoHide(false);
        bubble.setHideOnEscape(false);
        bubble.setDetachable(false);
        bubble.setAnimated(false);
        bubble.setHeaderAlwaysVisible(false);
        // why: with auto-fix off (see point) a popup's x and y stay where it was first put while its anchor, the
        // window's top left, moves on; tests that click on the bubble and screen pictures read x and y
        bubble.anchorXProperty().addListener((o, old, now) -> {
            if (!bubble.isAutoFix()) {
                bubble.setX(now.doubleValue());
            }
        });
        bubble.anchorYProperty().addListener((o, old, now) -> {
            if (!bubble.isAutoFix()) {
                bubble.setY(now.doubleValue());
            }
        });
        scaleBubble();
    }

    private void scaleBubble() {
        // why: the bubble is a window of its own, so the window's presenter scale does not reach it
        content.setStyle(classroom.get() ? String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", PRESENTER_FONT) : "");
        content.setMaxWidth(classroom.get() ? 560 : 420);
        text.setMaxWidth(classroom.get() ? 530 : 390);
    }

    private void update() {
        LessonViewModel.State state = lesson.stateProperty().get();
        if (state == LessonViewModel.State.RUNNING) {
            offering = false;
            showBar(null);
            showStep();
            return;
        }
        unhighlight();
        bubble.hide();
        if (state == LessonViewModel.State.PAUSED) {
            Button resume = button("Resume", RESUME_ID, "Go back to step " + (lesson.indexProperty().get() + 1)
                    + " where the lesson paused", lesson::resume);
            Button restart = button("Restart", RESTART_ID, "Start the lesson again from step 1", lesson::restart);
            Button close = button("Close", null, "End the lesson; it puts back the settings it changed", lesson::close);
            barText.setText("The lesson is paused: " + lesson.pausedBecauseProperty().get() + ".");
            showBar(new Node[] {resume, restart, close});
        } else if (!lesson.closingNoteProperty().get().isEmpty()) {
            barText.setText(lesson.closingNoteProperty().get());
            Button ok = button("OK", null, "Hide this note", () -> {
                barText.setText("");
                showBar(null);
            });
            showBar(new Node[] {ok});
        } else if (offering) {
            barText.setText("New to membership inference? The guided lesson walks through these screens in eight "
                    + "steps, on the quickstart project (Help ▸ Guided Lesson any time).");
            Button start = button("Start the lesson", START_ID, "Open the quickstart and begin", () -> {
                prefs.putBoolean(OFFERED_KEY, true);
                lesson.start();
            });
            Button no = button("No thanks", null, "Hide this offer; Help ▸ Guided Lesson still starts it", () -> {
                prefs.putBoolean(OFFERED_KEY, true);
                offering = false;
                update();
            });
            showBar(new Node[] {start, no});
        } else {
            showBar(null);
        }
    }

    private void showBar(Node[] buttons) {
        if (buttons == null) {
            bar.getChildren().clear();
            bar.setVisible(false);
            bar.setManaged(false);
            return;
        }
        bar.getChildren().setAll(barText);
        bar.getChildren().addAll(buttons);
        bar.setVisible(true);
        bar.setManaged(true);
    }

    private static Button button(String label, String id, String tip, Runnable action) {
        Button b = Explain.tip(new Button(label), tip);
        if (id != null) {
            b.setId(id);
        }
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void showStep() {
        LessonStep step = lesson.step();
        int i = lesson.indexProperty().get();
        title.setText(step.title());
        text.setText(step.text());
        count.setText("Step " + (i + 1) + " of " + lesson.stepList().size());
        back.setDisable(i == 0);
        next.setText(i == lesson.stepList().size() - 1 ? "Finish" : "Next");
        driving = true;
        try {
            for (Tab t : tabs.getTabs()) {
                if (t.getText().equals(step.screen())) {
                    tabs.getSelectionModel().select(t);
                }
            }
        } finally {
            driving = false;
        }
        // why: the bar above the screens may just have gone (the lesson started or resumed) and the screen changed;
        // the target's place on the screen is known once the next layout pulse has run
        afterLayout(tabs.getScene(), () -> point(step, 0));
    }

    private void point(LessonStep step, int tries) {
        if (lesson.stateProperty().get() != LessonViewModel.State.RUNNING || lesson.step() != step) {
            return;
        }
        Scene scene = tabs.getScene();
        Node target = null;
        if (scene != null) {
            for (String id : step.targets()) {
                Node n = scene.lookup("#" + id);
                if (n != null && shown(n)) {
                    target = n;
                    break;
                }
            }
        }
        if (target == null || target.getLayoutBounds().getWidth() <= 0) {
            // why: a screen built just now has no size until a layout pulse; try again after the next one
            retryAfterLayout(scene, step, tries);
            return;
        }
        if (tries < 20 && reveal(target)) {
            // why: a target scrolled out of sight (a short screen, a large display scale) is scrolled in first; where
            // it lands is known after the next layout pulse
            retryAfterLayout(scene, step, tries);
            return;
        }
        unhighlight();
        highlighted = target;
        target.getStyleClass().add(TARGET_CLASS);
        Bounds b = target.localToScreen(target.getLayoutBounds());
        Bounds window = scene.getRoot().localToScreen(scene.getRoot().getLayoutBounds());
        if (b == null || window == null) {
            return;
        }
        double x;
        double y;
        double yAbove;
        PopOver.ArrowLocation below;
        PopOver.ArrowLocation above;
        if (b.getWidth() > 0.6 * window.getWidth()) {
            below = PopOver.ArrowLocation.TOP_CENTER;
            above = PopOver.ArrowLocation.BOTTOM_CENTER;
            x = b.getMinX() + b.getWidth() / 2;
            y = b.getMinY() + Math.min(60, b.getHeight() / 2);
            yAbove = y;
        } else {
            boolean right = b.getMinX() + b.getWidth() / 2 > window.getMinX() + window.getWidth() / 2;
            below = right ? PopOver.ArrowLocation.RIGHT_TOP : PopOver.ArrowLocation.LEFT_TOP;
            above = right ? PopOver.ArrowLocation.RIGHT_BOTTOM : PopOver.ArrowLocation.LEFT_BOTTOM;
            x = right ? b.getMinX() : b.getMaxX();
            y = b.getMinY() + Math.min(40, b.getHeight() / 2);
            yAbove = b.getMaxY() - Math.min(40, b.getHeight() / 2);
        }
        Rectangle2D screen = Screen.getScreensForRectangle(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight())
                .stream().findFirst().orElse(Screen.getPrimary()).getVisualBounds();
        // why: a bubble that would run off the screen below its arrow hangs above it instead; the toolkit's own
        // fix would slide it up and leave the arrow pointing past the control
        if (!showFits(below, target, x, y, screen) && !showFits(above, target, x, yAbove, screen)) {
            bubble.setAutoFix(true);
            show(below, target, x, y);
        }
    }

    /** Shows the bubble with its arrow at {@code x, y} on the screen, left where it falls; whether it fits. */
    private boolean showFits(PopOver.ArrowLocation arrow, Node target, double x, double y, Rectangle2D screen) {
        bubble.setAutoFix(false);
        show(arrow, target, x, y);
        return screen.contains(bubble.getX(), bubble.getY())
                && screen.contains(bubble.getX() + bubble.getWidth(), bubble.getY() + bubble.getHeight());
    }

    private void show(PopOver.ArrowLocation arrow, Node target, double x, double y) {
        if (bubble.isShowing()) {
            bubble.hide(javafx.util.Duration.ZERO);
        }
        bubble.setArrowLocation(arrow);
        bubble.show(target, x, y);
    }

    private void retryAfterLayout(Scene scene, LessonStep step, int tries) {
        if (tries < 20 && scene != null) {
            afterLayout(scene, () -> point(step, tries + 1));
        }
    }

    /** Runs {@code then} on the FX thread after {@code scene}'s next layout pulse (soon, without a scene). */
    private static void afterLayout(Scene scene, Runnable then) {
        if (scene == null) {
            Platform.runLater(then);
            return;
        }
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                Platform.runLater(then);
            }
        });
        Platform.requestNextPulse();
    }

    /**
     * Scrolls each scroll pane around {@code node} so that all of it shows, or its top when it is taller than the
     * pane; whether any pane had to move.
     */
    private static boolean reveal(Node node) {
        boolean moved = false;
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (!(n instanceof ScrollPane pane) || pane.getContent() == null) {
                continue;
            }
            double view = pane.getViewportBounds().getHeight();
            double hidden = pane.getContent().getLayoutBounds().getHeight() - view;
            if (hidden <= 0 || pane.getVmax() <= pane.getVmin()) {
                continue;
            }
            Bounds at = pane.getContent().sceneToLocal(node.localToScene(node.getLayoutBounds()));
            double range = pane.getVmax() - pane.getVmin();
            double top = (pane.getVvalue() - pane.getVmin()) / range * hidden;
            double shown = Math.min(at.getHeight(), view - 2 * REVEAL_MARGIN);
            if (at.getMinY() >= top && at.getMinY() + shown <= top + view) {
                continue;
            }
            double wanted = at.getMinY() < top || shown < at.getHeight() ? at.getMinY() - REVEAL_MARGIN
                    : at.getMaxY() + REVEAL_MARGIN - view;
            wanted = Math.max(0, Math.min(hidden, wanted));
            if (Math.abs(wanted - top) > 0.5) {
                pane.setVvalue(pane.getVmin() + wanted / hidden * range);
                moved = true;
            }
        }
        return moved;
    }

    /** Whether {@code node} and every parent of it are visible, in a scene. */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private void unhighlight() {
        if (highlighted != null) {
            highlighted.getStyleClass().remove(TARGET_CLASS);
            highlighted = null;
        }
    }
}
