package dev.leaklab.app;

import dev.leaklab.app.audit.AuditDialog;
import dev.leaklab.app.audit.AuditDialogModel;
import dev.leaklab.app.lesson.LessonStep;
import dev.leaklab.app.lesson.LessonViewModel;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.controlsfx.control.PopOver;

/**
 * Opens the workbench on the bundled quickstart project, runs its experiment for real (fresh models, so the
 * training curves are live), and saves a picture of every screen, of the guided lesson's bubble over the defence
 * screen, and of the defence screen in classroom mode, into the folder given, at the screen's scale. Run by
 * {@code bin/screenshots}, which starts Xvfb when there is no display.
 */
public final class ScreenshotTour {

    private static final int WIDTH = 1440;
    private static final int HEIGHT = 900;

    private final Path out;
    private Workbench workbench;

    private ScreenshotTour(Path out) {
        this.out = out;
    }

    /** {@code ScreenshotTour OUT_DIR}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots");
        Files.createDirectories(out);
        System.setProperty("leaklab.prefsNode", "dev/leaklab-screenshots");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        int status = 1;
        try {
            new ScreenshotTour(out).tour();
            status = 0;
        } finally {
            Platform.exit();
            System.exit(status);
        }
    }

    private void tour() throws Exception {
        Path cache = Files.createTempDirectory("leaklab-tour-models");
        workbench = onFx(() -> {
            Stage stage = new Stage();
            stage.setWidth(WIDTH);
            stage.setHeight(HEIGHT);
            return Workbench.open(stage, List.of(), new FxDialogService(stage), new FxBackgroundRunner(), () -> { });
        });
        MainViewModel model = workbench.model();
        onFx(() -> {
            model.classroomProperty().set(false);
            workbench.stage().setWidth(WIDTH);
            workbench.stage().setHeight(HEIGHT);
            return null;
        });
        await("the quickstart project to open", 60, () -> model.experiment().projectProperty().get() != null
                && !model.busyProperty().get());
        // why: fresh models, so the Run screen shows training as it happens rather than reused models
        onFx(() -> {
            model.experiment().cacheProperty().set(cache);
            return null;
        });
        shoot("data", "Data");
        shoot("setup", "Setup");
        shootAuditDialog();

        onFx(() -> {
            model.experiment().run();
            return null;
        });
        await("training to be under way", 300, () -> model.experiment().epochs().size() >= 24);
        shoot("run", "Run");
        await("the experiment's results", 900, () -> model.defense().currentProperty().get() != null);

        onFx(() -> {
            model.defense().sigmaProperty().set(1.0);
            return null;
        });
        await("the defended numbers", 60, () -> model.defense().currentProperty().get().settings().sigma() == 1.0);
        shoot("defence", "Defence");
        shoot("compare", "Compare");
        onFx(() -> {
            var exposure = model.exposure();
            if (!exposure.rows().isEmpty()) {
                exposure.select(exposure.rows().get(0));
            }
            return null;
        });
        shoot("exposure", "Exposure");

        onFx(() -> {
            LessonViewModel lesson = workbench.lesson();
            lesson.start();
            // why: a Defence step after the run: the bubble beside the slider, over a filled-in screen
            while (lesson.stateProperty().get() == LessonViewModel.State.RUNNING
                    && lesson.step().action() != LessonStep.Action.STUDY_SETTING) {
                lesson.next();
            }
            return null;
        });
        await("the lesson's bubble", 30, () -> lessonBubble() != null);
        Thread.sleep(1500);
        save("lesson", onFx(this::withLessonBubble));
        onFx(() -> {
            workbench.lesson().close();
            model.classroomProperty().set(true);
            return null;
        });
        shoot("classroom-defence", "Defence");
        onFx(() -> {
            model.classroomProperty().set(false);
            model.themeProperty().set(Theme.DARK);
            return null;
        });
        for (String tab : List.of("Data", "Setup", "Run", "Defence", "Compare", "Exposure")) {
            shoot("dark-" + tab.toLowerCase(java.util.Locale.ROOT), tab);
        }
        onFx(() -> {
            model.themeProperty().set(Theme.LIGHT);
            workbench.close();
            return null;
        });
    }

    private void shoot(String name, String tab) throws Exception {
        onFx(() -> {
            TabPane tabs = (TabPane) workbench.stage().getScene().lookup("#" + MainWindow.TABS_ID);
            tabs.getTabs().stream().filter(t -> t.getText().equals(tab)).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
            return null;
        });
        // why: let charts lay out and the latest-wins evaluations land before the picture
        Thread.sleep(1500);
        save(name, onFx(() -> snapshot(workbench.stage().getScene())));
    }

    /** The scene as drawn, at the screen's scale, so a HiDPI run gives HiDPI pictures. */
    private static WritableImage snapshot(Scene scene) {
        SnapshotParameters at = new SnapshotParameters();
        at.setFill(scene.getFill());
        at.setTransform(Transform.scale(scene.getWindow().getOutputScaleX(), scene.getWindow().getOutputScaleY()));
        return scene.getRoot().snapshot(at, null);
    }

    /**
     * The main window with the lesson's bubble over it, put together from snapshots: the bubble is a window of
     * its own, which a scene snapshot misses, and a screen capture without a compositing window manager (Xvfb)
     * paints the bubble's transparent margin over the screen below.
     */
    private BufferedImage withLessonBubble() {
        Scene scene = workbench.stage().getScene();
        Scene bubble = lessonBubble().getScene();
        double scale = scene.getWindow().getOutputScaleX();
        SnapshotParameters at = new SnapshotParameters();
        at.setFill(Color.TRANSPARENT);
        at.setTransform(Transform.scale(scale, scale));
        BufferedImage picture = SwingFXUtils.fromFXImage(snapshot(scene), null);
        BufferedImage over = SwingFXUtils.fromFXImage(bubble.getRoot().snapshot(at, null), null);
        Point2D from = topLeft(scene);
        Point2D to = topLeft(bubble);
        Graphics2D g = picture.createGraphics();
        g.drawImage(over, (int) Math.round((to.getX() - from.getX()) * scale),
                (int) Math.round((to.getY() - from.getY()) * scale), null);
        g.dispose();
        return picture;
    }

    /** Where on the screen a snapshot of {@code scene}'s root begins. */
    private static Point2D topLeft(Scene scene) {
        Bounds drawn = scene.getRoot().getBoundsInParent();
        return new Point2D(scene.getWindow().getX() + scene.getX() + drawn.getMinX(),
                scene.getWindow().getY() + scene.getY() + drawn.getMinY());
    }

    private static Window lessonBubble() {
        return Window.getWindows().stream().filter(w -> w instanceof PopOver && w.isShowing()).findFirst()
                .orElse(null);
    }

    private void save(String name, WritableImage image) {
        save(name, SwingFXUtils.fromFXImage(image, null));
    }

    private void save(String name, BufferedImage image) {
        Path file = out.resolve(name + ".png");
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("%s (%d x %d)%n", file, image.getWidth(), image.getHeight());
    }

    /** File ▸ Audit a Model…, filled in for an ONNX model, photographed and cancelled. */
    private void shootAuditDialog() throws Exception {
        Platform.runLater(() -> workbench.model().audit());
        await("the audit dialog", 30, () -> auditDialog() != null);
        onFx(() -> {
            Scene scene = auditDialog().getScene();
            @SuppressWarnings("unchecked")
            ChoiceBox<AuditDialogModel.Kind> kind =
                    (ChoiceBox<AuditDialogModel.Kind>) scene.lookup("#" + AuditDialog.KIND_ID);
            kind.setValue(AuditDialogModel.Kind.ONNX);
            // the fields in order: file, data, vocabulary, merges, members; real files, so the dialog is ready
            List<TextField> fields = scene.getRoot().lookupAll(".text-field").stream()
                    .map(TextField.class::cast).toList();
            fields.get(0).setText(Path.of("src/test/fixtures/import/onnx-bilstm.onnx").toAbsolutePath().toString());
            fields.get(1).setText(Path.of("../shared/datasets/vuldeepecker-cgd/cwe119_cgd.txt").toAbsolutePath()
                    .normalize().toString());
            fields.get(2).setText(Path.of("src/test/fixtures/import/keras-vocabulary.json").toAbsolutePath()
                    .toString());
            return null;
        });
        Thread.sleep(800);
        save("audit-dialog", onFx(() -> snapshot(auditDialog().getScene())));
        onFx(() -> {
            ((Stage) auditDialog()).close();
            return null;
        });
        await("the audit dialog to close", 30, () -> auditDialog() == null);
    }

    private static Window auditDialog() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && "Audit a Model".equals(s.getTitle()))
                .findFirst().orElse(null);
    }

    private static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }

    private static void await(String what, int seconds, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!onFx(done::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }
}
