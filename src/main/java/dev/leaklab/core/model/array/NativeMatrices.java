package dev.leaklab.core.model.array;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Native scratch memory for one thread's matrix products: numbered buffers that grow as needed and are
 * reused, filled from and read back into Java arrays by region copies, multiplied in place by OpenBLAS.
 *
 * <p>Why a recurrent layer holds its own rather than going through {@link Blas#gemm}, which copies every
 * operand in for each call: a step's product reads a 128 × 512 weight matrix that does not change within a
 * batch, so each step paid for copying 256 KB; held here, the weights are copied once a pass, and a step
 * copies only its state in and its gates out (32 × 128 × 512: 89 µs on arrays, 69 µs here; 256 rows: 470
 * against 340). Not thread-safe: one per thread.
 */
final class NativeMatrices implements AutoCloseable {

    private FloatPointer[] buffers = new FloatPointer[0];

    NativeMatrices() {
        Blas.load();
    }

    /** Buffer {@code slot}, holding at least {@code floats} floats (its contents are kept only while it fits). */
    FloatPointer buffer(int slot, long floats) {
        if (slot >= buffers.length) {
            buffers = java.util.Arrays.copyOf(buffers, slot + 1);
        }
        FloatPointer b = buffers[slot];
        if (b == null || b.capacity() < floats) {
            if (b != null) {
                b.close();
            }
            // why: a little headroom, so a batch a few steps longer than the last does not reallocate
            b = new FloatPointer(Math.max(floats, 16) + floats / 8);
            buffers[slot] = b;
        }
        return b;
    }

    /** How many leading floats of each buffer {@link #ones} filled with ones, 0 where none. */
    private long[] onesHeld = new long[0];

    /**
     * Buffer {@code slot} with its first {@code floats} floats ones, filled only when it grows: a column of
     * ones, whose product with a row vector is that row repeated.
     */
    FloatPointer ones(int slot, long floats) {
        if (slot >= onesHeld.length) {
            onesHeld = java.util.Arrays.copyOf(onesHeld, slot + 1);
        }
        FloatPointer before = slot < buffers.length ? buffers[slot] : null;
        FloatPointer b = buffer(slot, floats);
        if (b != before || onesHeld[slot] < floats) {
            float[] filled = new float[(int) b.capacity()];
            java.util.Arrays.fill(filled, 1f);
            put(b, 0, filled, 0, filled.length);
            onesHeld[slot] = filled.length;
        }
        return b;
    }

    /** Copies {@code length} floats of {@code source} from {@code from} into {@code target} at {@code at}. */
    static void put(FloatPointer target, long at, float[] source, int from, int length) {
        target.position(at).put(source, from, length);
        target.position(0);
    }

    /** Copies {@code length} floats of {@code source} at {@code at} into {@code target} from {@code to}. */
    static void get(FloatPointer source, long at, float[] target, int to, int length) {
        source.position(at).get(target, to, length);
        source.position(0);
    }

    /**
     * C = alpha · op(A) · op(B) + beta · C on packed row-major matrices that start at the given float
     * offsets: A is m × k after op, B is k × n after op, C is m × n.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a, long aAt,
                     FloatPointer b, long bAt, float beta, FloatPointer c, long cAt) {
        a.position(aAt);
        b.position(bAt);
        c.position(cAt);
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
        a.position(0);
        b.position(0);
        c.position(0);
    }

    /** y = alpha · Aᵀ · x + beta · y for a packed row-major rows × cols matrix A (y has cols entries). */
    static void gemvTransposed(int rows, int cols, float alpha, FloatPointer a, FloatPointer x, float beta,
                               FloatPointer y) {
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, rows, cols,
                alpha, a, cols, x, 1, beta, y, 1);
    }

    @Override
    public void close() {
        for (FloatPointer b : buffers) {
            if (b != null) {
                b.close();
            }
        }
        buffers = new FloatPointer[0];
    }
}
