package dev.leaklab.core.experiment;

import dev.leaklab.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a run's {@code results.json} and {@code results.csv}. Each goes to a temporary file beside its
 * target first and is moved into place, so a run interrupted half-way leaves the earlier results intact.
 */
public final class ResultsStore {

    /** The JSON results file name. */
    public static final String JSON = "results.json";
    /** The CSV results file name. */
    public static final String CSV = "results.csv";

    private ResultsStore() {
    }

    /** Writes both files into {@code dir}, creating it. */
    public static void write(ExperimentResults results, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(JSON), Json.mapper().writeValueAsBytes(results.toJson()));
        writeAtomically(dir.resolve(CSV), results.toCsv().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to a temporary file beside {@code file}, then moves it over {@code file}. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
