package dev.leaklab.app;

import java.util.prefs.Preferences;

/** Where the workbench keeps what it remembers: the node {@code leaklab.prefsNode} names (tests use their own). */
public final class UserPreferences {

    private UserPreferences() {
    }

    /** The workbench's preferences node, {@code dev/leaklab} unless {@code leaklab.prefsNode} names another. */
    public static Preferences node() {
        return Preferences.userRoot().node(System.getProperty("leaklab.prefsNode", "dev/leaklab"));
    }
}
