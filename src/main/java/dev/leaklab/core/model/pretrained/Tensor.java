package dev.leaklab.core.model.pretrained;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor of floats in row-major order, as read from or written to a safetensors file; half-precision
 * and integer files are widened to {@code float} on reading.
 *
 * <p>The shape is copied; the data is not, because checkpoints run to hundreds of megabytes: treat
 * {@link #data()} as read-only.
 *
 * @param name  the tensor's name in its file, e.g. {@code encoder.layer.0.attention.self.query.weight}
 * @param shape the size of each dimension, outermost first; empty for a scalar
 * @param data  the values, {@code product(shape)} of them
 */
public record Tensor(String name, long[] shape, float[] data) {

    /** Checks that the data holds exactly as many values as the shape calls for. */
    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long elements = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension: " + shapeText(shape));
            }
            elements = dim == 0 || elements == 0 ? 0 : Math.multiplyExact(elements, dim);
        }
        if (elements != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + shapeText(shape) + " needs "
                    + elements + " values, got " + data.length);
        }
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    /** Whether the shape is exactly {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    /** Shapes print as {@code [768, 3072]}, the form error messages use. */
    public static String shapeText(long[] shape) {
        return Arrays.toString(shape);
    }

    /** Equal when name, shape and every value (bit for bit, so NaN equals NaN) agree. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    /** Name and shape only: the data may be millions of values. */
    @Override
    public String toString() {
        return "Tensor[" + name + " " + shapeText(shape) + "]";
    }
}
