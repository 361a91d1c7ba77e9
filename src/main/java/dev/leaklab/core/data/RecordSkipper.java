package dev.leaklab.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lenient-mode policy for malformed records, shared by the record-based readers: a bad record is skipped
 * and, once the file is accepted, logged as a warning, unless the options are strict or too many records are
 * bad. A rejected file says its reason once, in the error, not also as a warning before it.
 */
final class RecordSkipper {
    private static final Logger LOG = LoggerFactory.getLogger(RecordSkipper.class);
    /** Warnings held back until the file is accepted; past this many, only their count is logged. */
    static final int MAX_WARNINGS = 100;

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
    private final List<String> warnings = new ArrayList<>();

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
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(problem.getMessage());
        }
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
        for (String warning : warnings) {
            LOG.warn("{} (record skipped)", warning);
        }
        if (skipped > warnings.size()) {
            LOG.warn("{}: {} more malformed records skipped", file, skipped - warnings.size());
        }
    }
}
