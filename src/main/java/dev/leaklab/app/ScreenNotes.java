package dev.leaklab.app;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.Preferences;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The short "what am I looking at" note at the top of each screen, for a newcomer; an expert hides it with one
 * click, and it stays hidden the next time (remembered per screen, in the preferences node that
 * {@code leaklab.prefsNode} names). View ▸ Show Screen Notes brings them all back.
 */
public final class ScreenNotes {

    /** Node id prefix of a screen's note ({@code note-setup}). */
    public static final String ID_PREFIX = "note-";
    private static final String KEY_PREFIX = "note.hidden.";

    /** What each screen is for, keyed by the screen's name in lower case. */
    public static final Map<String, String> TEXTS = Map.of(
            "data", "The dataset: code samples labelled vulnerable (1) or not (0). A run removes duplicates, then "
                    + "splits the rest four ways: the target model trains on its members and never sees its "
                    + "non-members; the attacker's shadow models get the other half, split the same way.",
            "setup", "What is audited and how. The target is the vulnerability predictor under test; shadow models "
                    + "are the attacker's copies of it, trained on data of its own, so it knows which samples were "
                    + "members. Each attack is one way to guess membership; the outputs are what the attacker sees "
                    + "of the model. Point at any control to read what it means.",
            "run", "The models train, live. Watch the gap between training and held-out accuracy: the wider it "
                    + "opens, the more the model has memorised its members rather than learnt vulnerabilities, and "
                    + "the more an attack finds.",
            "defence", "NMID, the study's defence, adds noise to what the model releases and can withhold outputs. "
                    + "The ROC shows how well the attack tells members from non-members (the diagonal is "
                    + "guessing); the histogram shows why, members' scores against non-members'; the table keeps "
                    + "the model's usefulness beside the attack's success. Move sigma and watch all three.",
            "compare", "Tick attacks of this session's runs to overlay their ROC curves: which attack, and which "
                    + "outputs, leak most.",
            "exposure", "The members the attack is surest about, with their code: what a leak exposes in practice, "
                    + "and where (by label, CWE and length) the attack succeeds most.");

    private final Preferences node;
    private final Map<String, BooleanProperty> hidden = new HashMap<>();

    /** Notes remembered in the node that {@code leaklab.prefsNode} names. */
    public ScreenNotes() {
        this(UserPreferences.node());
    }

    /** Notes remembered in {@code node}. */
    public ScreenNotes(Preferences node) {
        this.node = node;
    }

    /** Whether the note of {@code screen} is hidden (remembered). */
    public BooleanProperty hiddenProperty(String screen) {
        return hidden.computeIfAbsent(screen, s -> {
            BooleanProperty p = new SimpleBooleanProperty(this, s, node.getBoolean(KEY_PREFIX + s, false));
            p.addListener((o, old, now) -> node.putBoolean(KEY_PREFIX + s, now));
            return p;
        });
    }

    /** Shows every screen's note again. */
    public void showAll() {
        for (String screen : TEXTS.keySet()) {
            hiddenProperty(screen).set(false);
        }
    }

    /**
     * {@code content} with the note of {@code screen} above it.
     *
     * @throws IllegalArgumentException for a screen without a note
     */
    public Node wrap(String screen, Node content) {
        String text = TEXTS.get(screen);
        if (text == null) {
            throw new IllegalArgumentException("no note for screen '" + screen + "'");
        }
        Label note = new Label(text);
        note.setWrapText(true);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        note.setMaxWidth(Double.MAX_VALUE);
        Button hide = Explain.tip(new Button("Hide"), "Hide this note; View ▸ Show Screen Notes brings it back");
        hide.getStyleClass().add("note-hide");
        hide.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        BooleanProperty isHidden = hiddenProperty(screen);
        hide.setOnAction(e -> isHidden.set(true));
        HBox bar = new HBox(10, note, hide);
        HBox.setHgrow(note, Priority.ALWAYS);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.getStyleClass().add("screen-note");
        bar.setId(ID_PREFIX + screen);
        bar.visibleProperty().bind(isHidden.not());
        bar.managedProperty().bind(bar.visibleProperty());
        BorderPane pane = new BorderPane(content);
        pane.setTop(bar);
        return pane;
    }
}
