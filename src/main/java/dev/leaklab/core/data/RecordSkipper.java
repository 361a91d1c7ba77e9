package dev.leaklab.core.data;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lenient-mode policy for malformed records, shared by the record-based readers: a bad record is logged
 * as a warning and skipped, unless the options are strict or too many records are bad.
 */
final class RecordSkipper {
    private static final Logger LOG = LoggerFactory.getLogger(RecordSkipper.class);

    /** Implemented by a sink that wants to hear of skipped records (the loader counts them). */
    interface Listener {
        /** A record was skipped for {@code problem}. */
        void skipped(DatasetException problem);
    }

    private final Path file;
    private final ReaderOptions options;
    private final Listener listener;
    private DatasetException first;
    private long skipped;

    RecordSkipper(Path file, ReaderOptions options, Consumer<Sample> sink) {
        this.file = file;
        this.options = options;
        this.listener = sink instanceof Listener l ? l : null;
    }

    /**
     * Skips a malformed record, or rethrows {@code problem} in strict mode.
     *
     * @throws DatasetException in strict mode
     */
    void skip(DatasetException problem) throws DatasetException {
        if (options.strict()) {
            throw problem;
        }
        if (first == null) {
            first = problem;
        }
        skipped++;
        LOG.warn("{} (record skipped)", problem.getMessage());
        if (listener != null) {
            listener.skipped(problem);
        }
    }

    /**
     * Rejects the file when no record was good or too many were bad, naming the first problem.
     *
     * @param good the number of records read well
     */
    void finish(long good) throws DatasetException {
        if (skipped == 0) {
            return;
        }
        long total = good + skipped;
        if (good == 0 || skipped > ReaderOptions.MAX_SKIPPED_FRACTION * total) {
            throw new DatasetException(file, first.line(), first.reason() + " (" + skipped + " of " + total
                    + " records malformed)", first);
        }
    }
}
