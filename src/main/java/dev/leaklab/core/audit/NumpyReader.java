package dev.leaklab.core.audit;

import dev.leaklab.core.InputException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads NumPy files: a {@code .npz} archive, or one {@code .npy} array. Implemented with ND4J in
 * {@code core.model.dl4j}; an interface here so the outputs reader stays free of ND4J and its natives load
 * only when a NumPy file is opened.
 */
public interface NumpyReader {

    /**
     * The arrays of {@code file}, by name, in the file's order.
     *
     * @throws InputException naming the file (and the array) when it is not a NumPy file LeakLab can read
     */
    Map<String, NumericArray> read(Path file) throws InputException;
}
