package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dense product with its bias from native memory against filling the bias and multiplying. */
class BlasTest {

    @Test
    void denseIsTheBiasFilledProductBlockByBlockBitForBit() {
        Random random = new Random(5);
        // why: rows growing, then shrinking, then growing past the column of ones held
        for (int[] shape : new int[][] {{40, 7, 9}, {300, 16, 33}, {12, 5, 3}, {700, 24, 8}}) {
            int rows = shape[0];
            int in = shape[1];
            int out = shape[2];
            float[] x = gaussian(rows * in, random);
            float[] w = gaussian(in * out, random);
            float[] bias = gaussian(out, random);
            int from = rows / 5;
            int to = rows - rows / 7;
            float[] expected = gaussian(rows * out, random);
            float[] actual = expected.clone();
            int blockRows = 64;
            for (int start = from; start < to; start += blockRows) {
                int end = Math.min(to, start + blockRows);
                for (int r = start; r < end; r++) {
                    System.arraycopy(bias, 0, expected, r * out, out);
                }
                Blas.gemm(false, false, end - start, out, in, 1f, x, start * in, w, 0, 1f, expected, start * out);
            }
            Blas.dense(x, from, to, in, out, w, bias, actual, blockRows);
            assertThat(actual).as("%d x %d x %d", rows, in, out).containsExactly(expected);
        }
    }

    private static float[] gaussian(int n, Random random) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
