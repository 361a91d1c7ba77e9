package dev.leaklab.core.model.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Starts ND4J once, tuned for this workload. */
final class Dl4jRuntime {

    private static volatile boolean started;

    private Dl4jRuntime() {
    }

    /**
     * Loads the native backend and sets one OpenMP thread per operation. Why: the recurrent steps are many
     * small operations; with one thread each they ran 3.5 times faster here than with two, and two models
     * (target and shadow) then train side by side, one a core. {@code LEAKLAB_OMP_THREADS} overrides.
     */
    static void start() {
        if (started) {
            return;
        }
        synchronized (Dl4jRuntime.class) {
            if (started) {
                return;
            }
            Nd4j.getBackend();
            int threads = 1;
            String override = System.getenv("LEAKLAB_OMP_THREADS");
            if (override != null && override.matches("\\d{1,3}") && Integer.parseInt(override) > 0) {
                threads = Integer.parseInt(override);
            }
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            started = true;
        }
    }
}
