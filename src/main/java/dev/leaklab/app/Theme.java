package dev.leaklab.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;

/** The workbench's look: AtlantaFX's Primer, light or dark (View ▸ Theme, remembered). */
public enum Theme {
    /** Light: the default, and the one for a projector in a lit room. */
    LIGHT("Light"),
    /** Dark. */
    DARK("Dark");

    /** The style class the scene's root carries in the dark theme. */
    public static final String DARK_CLASS = "theme-dark";

    private final String title;

    Theme(String title) {
        this.title = title;
    }

    /** The name the menu shows. */
    public String title() {
        return title;
    }

    /** Whether charts and colours should be drawn for a dark background. */
    public boolean dark() {
        return this == DARK;
    }

    /** The user-agent stylesheet that gives every control this look. */
    public String stylesheet() {
        return this == DARK ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet();
    }

    /** The id that the preferences keep. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The theme of {@code id}, or {@link #LIGHT} for anything else (a preference from another version). */
    public static Theme of(String id) {
        for (Theme t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return LIGHT;
    }
}
