package dev.leaklab.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything modal a view model may ask of the user. The FX implementation shows real dialogs; tests use a
 * recording stub, so view models never depend on a window being there.
 */
public interface DialogService {

    /**
     * Tells the user that something failed.
     *
     * @param title   a short headline ("Cannot open dataset")
     * @param message the one-line explanation, usually an {@link dev.leaklab.core.InputException}'s message
     */
    void showError(String title, String message);

    /**
     * Tells the user something that needs no decision.
     *
     * @param title   a short headline
     * @param message the text, may span several lines
     */
    void showInfo(String title, String message);

    /**
     * Asks which model trained elsewhere to audit (File ▸ Audit a Model…): the kind, its files, the members.
     *
     * @return the request, or empty when the user cancels
     */
    Optional<dev.leaklab.app.audit.AuditRequest> askForAudit();

    /**
     * Asks for one existing file.
     *
     * @param title   the chooser's title
     * @param filters the file kinds offered, the first one preselected; empty for any file
     * @return the chosen file, or empty when the user cancelled
     */
    Optional<Path> chooseOpenFile(String title, List<FileFilter> filters);

    /**
     * Asks where to save a file.
     *
     * @param title       the chooser's title
     * @param initialName the file name proposed
     * @param filters     the file kinds offered, the first one preselected
     * @return the chosen file, or empty when the user cancelled
     */
    Optional<Path> chooseSaveFile(String title, String initialName, List<FileFilter> filters);

    /**
     * Asks for one existing folder.
     *
     * @param title the chooser's title
     * @return the chosen folder, or empty when the user cancelled
     */
    Optional<Path> chooseOpenFolder(String title);

    /**
     * A kind of file a chooser offers, toolkit-free so view models and tests need no JavaFX classes for it.
     *
     * @param description what the user sees ("LeakLab projects")
     * @param patterns    glob patterns such as {@code *.leaklab}
     */
    record FileFilter(String description, List<String> patterns) {

        /** Copies the patterns and checks there is at least one. */
        public FileFilter {
            Objects.requireNonNull(description, "description");
            patterns = List.copyOf(patterns);
            if (patterns.isEmpty()) {
                throw new IllegalArgumentException("a file filter needs at least one pattern");
            }
        }

        /** A filter of the given patterns. */
        public static FileFilter of(String description, String... patterns) {
            return new FileFilter(description, List.of(patterns));
        }
    }
}
