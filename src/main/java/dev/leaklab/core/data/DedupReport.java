package dev.leaklab.core.data;

/**
 * What deduplication did.
 *
 * @param samples             samples before deduplication
 * @param distinct            distinct normalised bodies
 * @param duplicatesRemoved   copies removed ({@code samples - distinct})
 * @param conflictingBodies   distinct bodies that occur with both labels
 * @param conflictingDropped  kept bodies dropped because of a conflict ({@link ConflictPolicy#DROP})
 * @param kept                samples left for splitting
 * @param nearRemoved         of the removed, how many were near-duplicates of a kept sample of the same label
 *                            (deduplication {@code near} only)
 */
public record DedupReport(int samples, int distinct, int duplicatesRemoved, int conflictingBodies,
                          int conflictingDropped, int kept, int nearRemoved) {

    /** A report of exact deduplication. */
    public DedupReport(int samples, int distinct, int duplicatesRemoved, int conflictingBodies, int conflictingDropped,
                       int kept) {
        this(samples, distinct, duplicatesRemoved, conflictingBodies, conflictingDropped, kept, 0);
    }
}
