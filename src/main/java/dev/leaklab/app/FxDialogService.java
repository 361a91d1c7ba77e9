package dev.leaklab.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * {@link DialogService} with JavaFX alerts and the platform's file choosers, owned by the main window so
 * they stay on top of it. Choosers reopen in the folder last chosen, since datasets tend to sit together.
 * Call on the FX thread only.
 */
public final class FxDialogService implements DialogService {

    private final Window owner;
    private File lastFolder;

    /**
     * @param owner the window dialogs belong to, or {@code null} for free-standing dialogs
     */
    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, String message) {
        show(Alert.AlertType.ERROR, title, message);
    }

    @Override
    public void showInfo(String title, String message) {
        show(Alert.AlertType.INFORMATION, title, message);
    }

    @Override
    public Optional<dev.leaklab.app.audit.AuditRequest> askForAudit() {
        return dev.leaklab.app.audit.AuditDialog.show(owner, (title, file) -> file
                ? chooseOpenFile(title, List.of()) : chooseOpenFolder(title));
    }

    private void show(Alert.AlertType type, String title, String message) {
        Alert alert = new Alert(type);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        // why: a Label wraps long FILE:LINE paths instead of cutting them off with an ellipsis
        Label text = new Label(message);
        text.setWrapText(true);
        text.setMaxWidth(560);
        alert.getDialogPane().setContent(text);
        alert.setResizable(true);
        alert.showAndWait();
    }

    @Override
    public Optional<Path> chooseOpenFile(String title, List<FileFilter> filters) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        for (FileFilter filter : filters) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(filter.description(), filter.patterns()));
        }
        if (!filters.isEmpty()) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        }
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File chosen = chooser.showOpenDialog(owner);
        if (chosen == null) {
            return Optional.empty();
        }
        lastFolder = chosen.getParentFile();
        return Optional.of(chosen.toPath());
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, String initialName, List<FileFilter> filters) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(initialName);
        for (FileFilter filter : filters) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(filter.description(), filter.patterns()));
        }
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File chosen = chooser.showSaveDialog(owner);
        if (chosen == null) {
            return Optional.empty();
        }
        lastFolder = chosen.getParentFile();
        return Optional.of(chosen.toPath());
    }

    @Override
    public Optional<Path> chooseOpenFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File chosen = chooser.showDialog(owner);
        if (chosen == null) {
            return Optional.empty();
        }
        Path folder = chosen.toPath();
        lastFolder = Files.isDirectory(folder) && folder.getParent() != null ? folder.getParent().toFile() : chosen;
        return Optional.of(folder);
    }
}
