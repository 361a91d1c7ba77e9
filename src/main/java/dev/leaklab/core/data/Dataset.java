package dev.leaklab.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded dataset: its samples in reading order, where they came from, and the format they were read as.
 *
 * @param name    a short display name (the file name, or the project's dataset name)
 * @param sources the files or folders read; empty for generated data
 * @param format  the format read, or {@code null} for generated data
 * @param samples the samples, immutable
 */
public record Dataset(String name, List<Path> sources, DatasetFormat format, List<Sample> samples) {

    /** Copies the lists, so a dataset never changes once made. */
    public Dataset {
        sources = List.copyOf(sources);
        samples = List.copyOf(samples);
    }

    /** Number of samples labelled vulnerable. */
    public long vulnerableCount() {
        return samples.stream().filter(Sample::isVulnerable).count();
    }

    /** Number of samples. */
    public int size() {
        return samples.size();
    }
}
