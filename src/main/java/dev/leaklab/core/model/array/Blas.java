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

    /** Each thread's native copies of the operands, reused from call to call. */
    private static final ThreadLocal<NativeMatrices> SCRATCH = ThreadLocal.withInitial(NativeMatrices::new);

    /**
     * C = alpha · op(A) · op(B) + beta · C, row-major; op transposes when asked. A is m × k after op, B is
     * k × n after op, C is m × n.
     *
     * <p>Why through native buffers of this thread's own: handed Java arrays, JavaCPP copies each whole array
     * into native memory it allocates for the call and copies every one back afterwards, inputs too. Here A
     * and B go in once, C goes in only when beta needs it and comes out once, into memory that stays put (the
     * encoder's products, with its pooled arrays: 1.7 to 2.1 million page faults a `bench models` run down to
     * 0.63 million).
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, float[] b,
                     float beta, float[] c) {
        gemm(transA, transB, m, n, k, alpha, a, 0, b, 0, beta, c, 0);
    }

    /** As {@link #gemm(boolean, boolean, int, int, int, float, float[], float[], float, float[])}, on the packed
     * matrices that start at {@code aAt}, {@code bAt} and {@code cAt} of their arrays. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aAt,
                     float[] b, int bAt, float beta, float[] c, int cAt) {
        int aLength = m * k;
        int bLength = k * n;
        int cLength = m * n;
        NativeMatrices scratch = SCRATCH.get();
        org.bytedeco.javacpp.FloatPointer na = scratch.buffer(0, aLength);
        org.bytedeco.javacpp.FloatPointer nb = scratch.buffer(1, bLength);
        org.bytedeco.javacpp.FloatPointer nc = scratch.buffer(2, cLength);
        NativeMatrices.put(na, 0, a, aAt, aLength);
        NativeMatrices.put(nb, 0, b, bAt, bLength);
        if (beta != 0f) {
            NativeMatrices.put(nc, 0, c, cAt, cLength);
        }
        NativeMatrices.gemm(transA, transB, m, n, k, alpha, na, 0, nb, 0, beta, nc, 0);
        NativeMatrices.get(nc, 0, c, cAt, cLength);
    }

    /**
     * Rows {@code from} to {@code to} of y = x·W + b for a packed row-major x with {@code in} columns, W
     * {@code in} × {@code out} and b {@code out} long, into the same rows of y, as one product per
     * {@code blockRows} rows from {@code from}; each block bit for bit as filling its rows of y with b and
     * adding x·W to them (beta 1).
     *
     * <p>Why b through a product with a column of ones, in native memory: filled in Java, the rows of b were
     * written once there and copied once more into native memory, two passes over the output that a
     * one-deep product writing b into the native output replaces (1 · b is b exactly). Why the blocks here:
     * W and b go into native memory once for all of them (a block at a time, W was copied in again for each
     * 256 rows, as much as the rows themselves when W is 128 × 256).
     */
    static void dense(float[] x, int from, int to, int in, int out, float[] w, float[] bias, float[] y,
                      int blockRows) {
        NativeMatrices scratch = SCRATCH.get();
        int most = Math.min(blockRows, to - from);
        org.bytedeco.javacpp.FloatPointer na = scratch.buffer(0, (long) most * in);
        org.bytedeco.javacpp.FloatPointer nb = scratch.buffer(1, (long) in * out);
        org.bytedeco.javacpp.FloatPointer nc = scratch.buffer(2, (long) most * out);
        org.bytedeco.javacpp.FloatPointer nBias = scratch.buffer(3, out);
        org.bytedeco.javacpp.FloatPointer ones = scratch.ones(4, most);
        NativeMatrices.put(nb, 0, w, 0, in * out);
        NativeMatrices.put(nBias, 0, bias, 0, out);
        for (int start = from; start < to; start += blockRows) {
            int m = Math.min(blockRows, to - start);
            NativeMatrices.put(na, 0, x, start * in, m * in);
            NativeMatrices.gemm(false, false, m, out, 1, 1f, ones, 0, nBias, 0, 0f, nc, 0);
            NativeMatrices.gemm(false, false, m, out, in, 1f, na, 0, nb, 0, 1f, nc, 0);
            NativeMatrices.get(nc, 0, y, start * out, m * out);
        }
    }
}
