package dev.leaklab.core.data;

import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.core.task.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the reader for a dataset (by the format named, or by looking at the file or folder) and loads or
 * streams its samples.
 */
public final class DatasetLoader {

    private static final Pattern JULIET_FILE = Pattern.compile("CWE\\d+_.*\\.(c|cpp|cc|cxx)");
    private static final Pattern GADGET_HEADER = Pattern.compile("^\\s*\\d+\\s+\\S.*");

    private DatasetLoader() {
    }

    /** The reader of {@code format}. */
    public static DatasetReader reader(DatasetFormat format) {
        return switch (format) {
            case GADGETS -> new GadgetReader();
            case JSONL, JSON -> new JsonDatasetReader(format);
            case CSV -> new CsvDatasetReader();
            case JULIET -> new JulietReader();
            case FOLDERS -> new FolderReader();
        };
    }

    /**
     * Tells the format of a file or folder: a Juliet tree or a label-folder tree for folders; for files the
     * extension ({@code .jsonl}, {@code .json}, {@code .csv}) or, failing that, the content.
     *
     * @throws DatasetException when it is missing or its format cannot be told
     */
    public static DatasetFormat detect(Path path) throws DatasetException {
        if (!Files.exists(path)) {
            throw new DatasetException(path, 0, "no such file or folder");
        }
        if (Files.isDirectory(path)) {
            return looksLikeJuliet(path) ? DatasetFormat.JULIET : DatasetFormat.FOLDERS;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return DatasetFormat.JSONL;
        }
        if (name.endsWith(".csv")) {
            return DatasetFormat.CSV;
        }
        if (JULIET_FILE.matcher(path.getFileName().toString()).matches()) {
            return DatasetFormat.JULIET;
        }
        String head = head(path);
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("[")) {
            return DatasetFormat.JSON;
        }
        if (trimmed.startsWith("{")) {
            return DatasetFormat.JSONL;
        }
        if (name.endsWith(".json")) {
            return DatasetFormat.JSON;
        }
        List<String> lines = head.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        String firstLine = first < lines.size() ? lines.get(first) : "";
        boolean header = GADGET_HEADER.matcher(firstLine).matches();
        boolean separated = lines.stream().anyMatch(GadgetReader::isSeparator);
        if (header && separated) {
            return DatasetFormat.GADGETS;
        }
        // why: a gadget file with one flaw should hear of that flaw, at its line, not that its format is unknown
        if (separated) {
            throw new DatasetException(path, first + 1, "expected a gadget header (an id, then the file, key "
                    + "statement and line, as in '1 CWE119/foo.c strcpy 12') before the first line of dashes, found '"
                    + GadgetReader.abbreviate(firstLine.strip()) + "'");
        }
        if (header && endsWithLabel(lines) && head.length() < 64 * 1024) {
            throw new DatasetException(path, lines.size() + 1, "expected a line of dashes closing the gadget record "
                    + "begun at line " + (first + 1) + " (gadget files end each record with one)");
        }
        throw new DatasetException(path, 0, "cannot tell the dataset format; name it with --format ("
                + "gadgets, jsonl, json, csv, juliet, folders)");
    }

    private static boolean endsWithLabel(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                return line.equals("0") || line.equals("1");
            }
        }
        return false;
    }

    private static String head(Path file) throws DatasetException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(64 * 1024);
            if (bytes.length == 0) {
                throw new DatasetException(file, 0, "file is empty");
            }
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw TextInput.unreadable(file, e);
        }
    }

    private static boolean looksLikeJuliet(Path folder) throws DatasetException {
        try (Stream<Path> files = Files.walk(folder, 8)) {
            return files.limit(100_000)
                    .anyMatch(p -> JULIET_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DatasetException(folder, 0, "cannot list: " + e.getMessage(), e);
        }
    }

    /**
     * Streams the samples of one dataset path to {@code sink}.
     *
     * @param format the format, or {@code null} to detect it
     */
    public static DatasetFormat stream(Path path, DatasetFormat format, ReaderOptions options, Consumer<Sample> sink)
            throws DatasetException {
        DatasetFormat f = format != null ? format : detect(path);
        reader(f).read(path, options, sink);
        return f;
    }

    /**
     * Loads one or more dataset paths of one format into memory. With several paths, ids are prefixed by
     * the file name ({@code cwe119_cgd.txt:17}) so they stay unique.
     *
     * @param format the format, or {@code null} to detect it per path
     * @throws DatasetException when a path is malformed, or when the samples are all of one class
     */
    public static Dataset load(List<Path> paths, DatasetFormat format, ReaderOptions options,
                               CancellationToken cancel) throws DatasetException {
        return load(paths, format, options, cancel, ProgressListener.NONE);
    }

    /**
     * As {@link #load(List, DatasetFormat, ReaderOptions, CancellationToken)}, reporting the samples read so far
     * ({@code total} is -1: a stream's length is not known in samples until it ends).
     */
    public static Dataset load(List<Path> paths, DatasetFormat format, ReaderOptions options,
                               CancellationToken cancel, ProgressListener progress) throws DatasetException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no dataset paths");
        }
        requireMemoryFor(paths, Runtime.getRuntime());
        List<Sample> samples = new ArrayList<>();
        DatasetFormat used = null;
        boolean prefix = paths.size() > 1;
        for (Path path : paths) {
            String stem = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            String stage = "Reading " + stem;
            progress.progress(stage, samples.size(), -1);
            used = stream(path, format, options, sample -> {
                if ((samples.size() & 4095) == 0) {
                    cancel.throwIfCancelled();
                    progress.progress(stage, samples.size(), -1);
                }
                samples.add(prefix ? new Sample(stem + ":" + sample.id(), sample.code(), sample.label(),
                        sample.source(), sample.line(), sample.cwe(), sample.tag()) : sample);
            });
        }
        cancel.throwIfCancelled();
        requireBothClasses(paths.get(0), samples, paths.size());
        String name = paths.size() == 1 ? paths.get(0).getFileName().toString()
                : paths.get(0).getFileName() + " + " + (paths.size() - 1) + " more";
        return new Dataset(name, paths, used, samples);
    }

    /**
     * Heap needed per byte of dataset to hold its samples and their normalised tokens, as a run and the Data
     * screen do: measured on CGD cwe119 (16 MB of gadgets: 24 MB of samples, 44 MB more once normalised), with
     * headroom.
     */
    static final double BYTES_OF_HEAP_PER_BYTE = 5.0;

    /**
     * Refuses, before reading a byte, data too large to hold in this JVM's heap, so a big file gives a message
     * rather than an OutOfMemoryError minutes later. Streaming readers ({@link #stream}) never need this.
     *
     * @throws DatasetException naming the first path, the size, what it needs and what there is
     */
    static void requireMemoryFor(List<Path> paths, Runtime runtime) throws DatasetException {
        long bytes = 0;
        for (Path path : paths) {
            bytes += sizeOf(path);
        }
        long needed = (long) (bytes * BYTES_OF_HEAP_PER_BYTE);
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (needed > available) {
            throw new DatasetException(paths.get(0), 0, String.format(java.util.Locale.ROOT,
                    "%s of data needs about %s of memory to load and normalise, but LeakLab has %s free: start it "
                            + "with more (LEAKLAB_JAVA_OPTS=-Xmx%dg) or use part of the data ('leaklab dataset stats' "
                            + "reads it without holding it)", size(bytes), size(needed), size(available),
                    Math.max(1, (needed + (runtime.maxMemory() - available) + (1L << 30) - 1) >> 30)));
        }
    }

    private static long sizeOf(Path path) {
        try {
            if (Files.isRegularFile(path)) {
                return Files.size(path);
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    return files.limit(1_000_000).filter(Files::isRegularFile).mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    }).sum();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // why: the reader names an unreadable path better than a size check can
        }
        return 0;
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(java.util.Locale.ROOT, "%d MiB", Math.max(1, bytes >> 20));
    }

    /**
     * Rejects data of one class: a membership study compares a model's behaviour on both.
     *
     * @throws DatasetException naming {@code where}
     */
    public static void requireBothClasses(Path where, List<Sample> samples) throws DatasetException {
        requireBothClasses(where, samples, 1);
    }

    private static void requireBothClasses(Path where, List<Sample> samples, int files) throws DatasetException {
        long vulnerable = samples.stream().filter(Sample::isVulnerable).count();
        String scope = files > 1 ? " (read with " + (files - 1) + " more files)" : "";
        if (samples.isEmpty()) {
            throw new DatasetException(where, 0, "no samples" + scope);
        }
        if (vulnerable == 0 || vulnerable == samples.size()) {
            throw new DatasetException(where, 0, "only one class" + scope + ": all " + samples.size()
                    + " samples are labelled " + (vulnerable == 0 ? "0 (not vulnerable)" : "1 (vulnerable)")
                    + "; a study needs both vulnerable and non-vulnerable code");
        }
    }
}
