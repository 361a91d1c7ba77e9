package dev.leaklab.core.audit;

import java.util.Arrays;

/**
 * One named array of a NumPy file, read into Java: its shape and its values, row-major, in double precision
 * (exact for every float32 and for integers up to 2^53).
 *
 * @param name     the array's name (the {@code .npz} entry or {@code .npy} file, without the extension)
 * @param shape    its dimensions
 * @param values   its values, row-major
 * @param integral whether NumPy stored integers or booleans
 */
public record NumericArray(String name, long[] shape, double[] values, boolean integral) {

    /** Copies nothing: the reader hands its arrays over. */
    public NumericArray {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("array " + name + " of shape " + Arrays.toString(shape) + " holds "
                    + values.length + " values");
        }
    }

    /** Number of rows (the first dimension), 1 for a scalar. */
    public long rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Values per row: the product of the other dimensions. */
    public long columns() {
        long c = 1;
        for (int i = 1; i < shape.length; i++) {
            c *= shape[i];
        }
        return c;
    }

    /** The shape as NumPy prints it, {@code (40, 2)}. */
    public String shapeText() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
