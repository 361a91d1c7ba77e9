package dev.leaklab.core.model.array;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision matrix products on Java arrays through the OpenBLAS that ND4J ships. Why directly: a
 * recurrent step multiplies small matrices (32 × 128 by 128 × 512) hundreds of times a batch; through ND4J's
 * op layer one took 180 µs, through {@code cblas_sgemm} on the arrays themselves 60 µs (69 GFLOP/s on one
 * core here), with no copies into native memory.
 */
final class Blas {

    private static volatile boolean loaded;

    private Blas() {
    }

    static void load() {
        if (!loaded) {
            synchronized (Blas.class) {
                if (!loaded) {
                    OpenBlasCore.prepare();
                    Loader.load(openblas_nolapack.class);
                    // why: parallelism comes from training target and shadow side by side, one core each
                    openblas_nolapack.blas_set_num_threads(1);
                    loaded = true;
                }
            }
        }
    }

    /**
     * C = alpha · op(A) · op(B) + beta · C, row-major; op transposes when asked. A is m × k after op, B is
     * k × n after op, C is m × n.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, float[] b,
                     float beta, float[] c) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
    }
}
