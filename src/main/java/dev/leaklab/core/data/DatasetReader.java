package dev.leaklab.core.data;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads one dataset format, streaming: samples go to the sink as they are read, so a caller that only
 * counts never holds the whole dataset. A reader rejects malformed input with a {@link DatasetException}
 * naming the file and line; it never lets a parser's exception escape.
 */
public interface DatasetReader {

    /** The format this reader reads. */
    DatasetFormat format();

    /**
     * Reads {@code path} and hands each sample to {@code sink} in file order.
     *
     * @throws DatasetException when the input is malformed or cannot be read
     */
    void read(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException;
}
