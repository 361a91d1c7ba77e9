package dev.leaklab.core.task;

/**
 * Receives progress from long work. Called on the worker's thread: a GUI implementation hands the latest
 * value to the FX thread, a CLI one prints to stderr.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * @param stage what is being done, in a few words ("reading cwe119_cgd.txt")
     * @param done  units done so far
     * @param total units in all, or -1 when unknown
     */
    void progress(String stage, long done, long total);
}
