package dev.leaklab.core.model.array;

import dev.leaklab.core.math.Gemm;

/** {@link Gemm} through the OpenBLAS that ND4J ships, on one thread. */
public final class OpenBlasGemm implements Gemm {

    /** Loads the native library on first use. */
    public OpenBlasGemm() {
        Blas.load();
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, float[] b,
                     float beta, float[] c) {
        Blas.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
    }
}
