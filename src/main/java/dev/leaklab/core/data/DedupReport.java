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
 */
public record DedupReport(int samples, int distinct, int duplicatesRemoved, int conflictingBodies,
                          int conflictingDropped, int kept) {
}
