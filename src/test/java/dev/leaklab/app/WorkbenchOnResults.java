package dev.leaklab.app;

import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.ExperimentRunner;
import dev.leaklab.core.experiment.SyntheticResults;
import dev.leaklab.core.math.Gemm;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The workbench in a headless TestFX window, closed after each test, whose Run gives fixed results at once
 * instead of training: where the GUI tests of the screens that show a finished run start.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class WorkbenchOnResults {

    /** The dialogs the workbench showed, recorded instead of shown. */
    protected final RecordingDialogService dialogs = new RecordingDialogService();
    /** The workbench under test. */
    protected Workbench workbench;

    // why: made once for every test class that needs no other, not once per class
    private static final ExperimentResults SYNTHETIC = SyntheticResults.of(2000, 16, Gemm.java());

    /** What Run gives: synthetic results, 2,000 target samples with 16-wide embeddings, unless a test says so. */
    protected ExperimentResults results() {
        return SYNTHETIC;
    }

    /** What Run reports before it gives the results; nothing unless a test says otherwise. */
    protected void reportRun(ExperimentRunner.Listener listener) {
    }

    // why: JUnit's own lifecycle, not TestFX's @Start and @Stop, which TestFX looks for on the test class alone
    @BeforeEach
    void openWorkbench() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> workbench = Workbench.open(stage, List.of(), dialogs, new FxBackgroundRunner(),
                () -> { }, (project, file, cache, listener, cancel) -> {
                    reportRun(listener);
                    return results();
                }));
    }

    @AfterEach
    void closeWorkbench() throws TimeoutException {
        FxToolkit.setupFixture(() -> workbench.close());
    }
}
