package dev.leaklab;

import dev.leaklab.app.GuiBenchmark;
import dev.leaklab.core.math.Gemm;

/**
 * The command line's door to the workbench benchmark, as {@link Launcher} is to the workbench: the command
 * line itself never touches JavaFX.
 */
public final class GuiBench {

    /**
     * What the benchmark measured.
     *
     * @param startupMs       JVM start to the workbench's first frame
     * @param medianMs        median defence-slider move to repainted ROC and utility table
     * @param p95Ms           its 95th percentile
     * @param settings        slider settings timed
     * @param sweepStallMs    longest frame gap during the slider sweep
     * @param trainingStallMs longest frame gap during a quickstart run
     */
    public record Measurement(double startupMs, double medianMs, double p95Ms, int settings, double sweepStallMs,
                              double trainingStallMs) {
    }

    private GuiBench() {
    }

    /** Runs the benchmark, then stops the JavaFX toolkit. */
    public static Measurement run(int samples, int embedding, int settings, Gemm gemm) throws Exception {
        try {
            GuiBenchmark.Result r = GuiBenchmark.run(samples, embedding, settings, gemm);
            return new Measurement(r.startupMs(), r.medianMs(), r.p95Ms(), r.settings(), r.sweepStallMs(),
                    r.trainingStallMs());
        } finally {
            javafx.application.Platform.exit();
        }
    }
}
