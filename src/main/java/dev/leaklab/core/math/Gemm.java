package dev.leaklab.core.math;

/**
 * Single-precision matrix products on row-major Java arrays: C = alpha · op(A) · op(B) + beta · C. The attack
 * classifiers use it; the build supplies a native one ({@code Trainers.gemm()}), and {@link #java()} is the
 * plain-Java fallback that tests compare it against.
 */
@FunctionalInterface
public interface Gemm {

    /**
     * C = alpha · op(A) · op(B) + beta · C; A is m × k after op, B is k × n after op, C is m × n, all row-major
     * and starting at index 0.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, float[] b, float beta,
              float[] c);

    /** A plain-Java product, loops ordered so the inner one runs along a row of B and C. */
    static Gemm java() {
        return (transA, transB, m, n, k, alpha, a, b, beta, c) -> {
            for (int i = 0; i < m * n; i++) {
                c[i] = beta == 0f ? 0f : beta * c[i];
            }
            float[] row = new float[n];
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[p * m + i] : a[i * k + p];
                    if (av == 0f) {
                        continue;
                    }
                    if (transB) {
                        for (int j = 0; j < n; j++) {
                            row[j] += av * b[j * k + p];
                        }
                    } else {
                        int o = p * n;
                        for (int j = 0; j < n; j++) {
                            row[j] += av * b[o + j];
                        }
                    }
                }
                int o = i * n;
                for (int j = 0; j < n; j++) {
                    c[o + j] += alpha * row[j];
                }
            }
        };
    }
}
