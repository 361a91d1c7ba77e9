package dev.leaklab.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.dataset.DatasetView;
import dev.leaklab.app.dataset.SampleRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The real window on the bundled quickstart project, headless (Monocle) under Maven. */
@ExtendWith(ApplicationExtension.class)
class LeakLabAppTest {

    private static final int QUICKSTART_SAMPLES = 12000;

    private final RecordingDialogService dialogs = new RecordingDialogService();
    private Workbench workbench;

    @Start
    void start(Stage stage) {
        workbench = Workbench.open(stage, List.of(), dialogs, new FxBackgroundRunner(), () -> { });
    }

    @Stop
    void stop() {
        workbench.close();
    }

    @SuppressWarnings("unchecked")
    private static TableView<SampleRow> table(FxRobot robot) {
        return robot.lookup("#" + DatasetView.TABLE_ID).queryAs(TableView.class);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(TextArea.class).getText();
    }

    private void awaitLoaded(FxRobot robot) throws TimeoutException {
        TableView<SampleRow> table = table(robot);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> table.getItems().size() == QUICKSTART_SAMPLES && !workbench.model().busyProperty().get()
                        || !dialogs.errors().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void opensTheQuickstartProjectWithAllItsSamples(FxRobot robot) throws TimeoutException {
        awaitLoaded(robot);

        TableView<SampleRow> table = table(robot);
        assertThat(table.getItems()).hasSize(QUICKSTART_SAMPLES);
        assertThat(table.getSelectionModel().getSelectedIndex()).isZero();
        assertThat(workbench.stage().getTitle()).startsWith("LeakLab — ");
        String status = robot.lookup("#" + MainWindow.STATUS_BAR_ID).queryAs(StatusBar.class).getText();
        assertThat(status).isEqualTo("12,000 samples · 6,000 vulnerable · quickstart.leaklab");
        assertThat(text(robot, DatasetView.ORIGINAL_CODE_ID)).isEqualTo(table.getItems().get(0).originalCode());
        assertThat(text(robot, DatasetView.NORMALIZED_CODE_ID)).isNotBlank();
    }

    @Test
    void clickingARowShowsItsCodeAndNoNormalisedCodeNamesItsLabel(FxRobot robot) throws TimeoutException {
        awaitLoaded(robot);
        TableView<SampleRow> table = table(robot);
        String firstOriginal = text(robot, DatasetView.ORIGINAL_CODE_ID);

        @SuppressWarnings("unchecked")
        TableRow<SampleRow> thirdRow = robot.lookup(".table-row-cell")
                .match((Node n) -> n instanceof TableRow<?> r && r.getIndex() == 2 && !r.isEmpty())
                .queryAs(TableRow.class);
        robot.clickOn(thirdRow);
        WaitForAsyncUtils.waitForFxEvents();

        SampleRow clicked = table.getItems().get(2);
        assertThat(table.getSelectionModel().getSelectedItem()).isSameAs(clicked);
        assertThat(text(robot, DatasetView.ORIGINAL_CODE_ID)).isEqualTo(clicked.originalCode())
                .isNotEqualTo(firstOriginal);
        assertThat(text(robot, DatasetView.NORMALIZED_CODE_ID)).contains("FUN1");

        // every sample through the real pane: the label must never leak through a name
        List<String> leaking = new ArrayList<>();
        robot.interact(() -> {
            for (int i = 0; i < table.getItems().size(); i++) {
                table.getSelectionModel().clearAndSelect(i);
                String normalised = text(robot, DatasetView.NORMALIZED_CODE_ID).toLowerCase(Locale.ROOT);
                if (normalised.contains("bad") || normalised.contains("good")) {
                    leaking.add(table.getItems().get(i).id());
                }
            }
        });
        assertThat(leaking).isEmpty();
    }
}
