package dev.leaklab.app;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DialogService} that shows nothing: it records messages and answers choosers from a queue the
 * test fills. Safe to call from the FX thread while a test thread reads it.
 */
public final class RecordingDialogService implements DialogService {

    /**
     * One message shown.
     *
     * @param error   whether it was an error
     * @param title   its title
     * @param message its text
     */
    public record Message(boolean error, String title, String message) {
    }

    private final List<Message> messages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> chooserTitles = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Path> answers = new ArrayDeque<>();

    @Override
    public void showError(String title, String message) {
        messages.add(new Message(true, title, message));
    }

    @Override
    public void showInfo(String title, String message) {
        messages.add(new Message(false, title, message));
    }

    private final Deque<dev.leaklab.app.audit.AuditRequest> audits = new ArrayDeque<>();

    @Override
    public synchronized Optional<dev.leaklab.app.audit.AuditRequest> askForAudit() {
        chooserTitles.add("Audit a Model");
        return Optional.ofNullable(audits.poll());
    }

    /** The next File ▸ Audit a Model… dialog answers {@code request}; with none queued, it is cancelled. */
    public synchronized void answerNextAudit(dev.leaklab.app.audit.AuditRequest request) {
        audits.add(request);
    }

    @Override
    public synchronized Optional<Path> chooseOpenFile(String title, List<FileFilter> filters) {
        chooserTitles.add(title);
        return Optional.ofNullable(answers.poll());
    }

    @Override
    public synchronized Optional<Path> chooseSaveFile(String title, String initialName, List<FileFilter> filters) {
        chooserTitles.add(title);
        return Optional.ofNullable(answers.poll());
    }

    @Override
    public synchronized Optional<Path> chooseOpenFolder(String title) {
        chooserTitles.add(title);
        return Optional.ofNullable(answers.poll());
    }

    /** The next chooser returns {@code path}; with none queued, choosers act as if cancelled. */
    public synchronized void answerNextChooser(Path path) {
        answers.add(path);
    }

    /** The errors shown so far. */
    public List<Message> errors() {
        synchronized (messages) {
            return messages.stream().filter(Message::error).toList();
        }
    }

    /** Everything shown so far. */
    public List<Message> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The titles of the choosers opened so far. */
    public List<String> chooserTitles() {
        synchronized (chooserTitles) {
            return List.copyOf(chooserTitles);
        }
    }
}
