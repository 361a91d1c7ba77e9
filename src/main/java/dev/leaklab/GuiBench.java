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
     * @param sweep           frame gaps during the slider sweep
     * @param training        frame gaps during a quickstart run
     */
    public record Measurement(double startupMs, double medianMs, double p95Ms, int settings, Gaps sweep,
                              Gaps training) {
    }

    /**
     * Frame gaps while something ran.
     *
     * @param longestMs the longest time between two frames
     * @param frames    frames drawn
     * @param over      gaps longer than {@code limitMs}
     * @param limitMs   the limit counted against
     * @param withPause of those, the gaps that shared time with a collection pause
     * @param longestPauseMs the longest collection pause meanwhile (0 when none)
     */
    public record Gaps(double longestMs, int frames, int over, double limitMs, int withPause,
                       double longestPauseMs) {
        static Gaps of(GuiBenchmark.Gaps g) {
            return new Gaps(g.longestMs(), g.frames(), g.over(), g.limitMs(), g.withPause(), g.longestPauseMs());
        }
    }

    private GuiBench() {
    }

    /** Runs the benchmark, then stops the JavaFX toolkit. */
    public static Measurement run(int samples, int embedding, int settings, Gemm gemm) throws Exception {
        try {
            GuiBenchmark.Result r = GuiBenchmark.run(samples, embedding, settings, gemm);
            return new Measurement(r.startupMs(), r.medianMs(), r.p95Ms(), r.settings(), Gaps.of(r.sweep()),
                    Gaps.of(r.training()));
        } finally {
            javafx.application.Platform.exit();
        }
    }
}
