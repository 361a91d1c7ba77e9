package dev.leaklab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projects opened or saved most recently, newest first, kept in the user preferences node
 * {@code leaklab.prefsNode} (the tests use their own). Files that no longer exist are left out.
 */
public final class RecentProjects {

    /** How many are remembered. */
    public static final int MAX = 8;
    private static final Logger LOG = LoggerFactory.getLogger(RecentProjects.class);
    private static final String KEY = "recent.";

    private final Preferences node;
    private final ObservableList<Path> paths = FXCollections.observableArrayList();
    // why: one wrapper for good; a fresh one per call would be collected, and its listeners with it
    private final ObservableList<Path> view = FXCollections.unmodifiableObservableList(paths);

    /** The list in the node that {@code leaklab.prefsNode} names. */
    public RecentProjects() {
        this(UserPreferences.node());
    }

    /** The list in {@code node}. */
    public RecentProjects(Preferences node) {
        this.node = node;
        List<Path> loaded = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String p = node.get(KEY + i, null);
            if (p != null && Files.isRegularFile(Path.of(p))) {
                loaded.add(Path.of(p));
            }
        }
        paths.setAll(loaded);
    }

    /** Puts {@code file} first. */
    public void add(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        paths.remove(absolute);
        paths.add(0, absolute);
        if (paths.size() > MAX) {
            paths.remove(MAX, paths.size());
        }
        for (int i = 0; i < MAX; i++) {
            if (i < paths.size()) {
                node.put(KEY + i, paths.get(i).toString());
            } else {
                node.remove(KEY + i);
            }
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // why: a list that cannot be stored still works for this session
            LOG.debug("cannot store the recent projects", e);
        }
    }

    /** The projects, newest first. */
    public ObservableList<Path> paths() {
        return view;
    }
}
