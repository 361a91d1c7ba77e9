package dev.leaklab.core.experiment;

import dev.leaklab.core.Json;
import dev.leaklab.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's {@code results.json} and {@code results.csv}. Each is replaced atomically through
 * {@link AtomicFiles}, so a run interrupted half-way (a crash, {@code kill -9}, a full disk) leaves each file
 * either as it was or complete. The pair is not replaced as one: an interruption between the two leaves the
 * new JSON beside the previous CSV.
 */
public final class ResultsStore {

    /** The JSON results file name. */
    public static final String JSON = "results.json";
    /** The CSV results file name. */
    public static final String CSV = "results.csv";

    private ResultsStore() {
    }

    /**
     * Writes both files into {@code dir}, creating it.
     *
     * @throws dev.leaklab.core.io.WriteFailedException naming the file that could not be written
     */
    public static void write(ExperimentResults results, Path dir) throws IOException {
        write(results, dir, AtomicFiles.standard());
    }

    /** {@link #write(ExperimentResults, Path)} through {@code files}: the seam for tests that fail a write. */
    static void write(ExperimentResults results, Path dir, AtomicFiles files) throws IOException {
        Files.createDirectories(dir);
        files.write(dir.resolve(JSON), Json.mapper().writeValueAsBytes(results.toJson()));
        files.write(dir.resolve(CSV), results.toCsv().getBytes(StandardCharsets.UTF_8));
    }

    /** The outputs file name: every sample's clean outputs, as {@code leaklab audit --outputs} reads them. */
    public static final String OUTPUTS = "outputs.csv";

    /**
     * Writes the run's clean outputs (the target's members and non-members, and the shadow models') as an
     * outputs file, so the same numbers can be audited again, here or with another tool.
     */
    public static void writeOutputs(ExperimentResults results, Path file) throws IOException {
        dev.leaklab.core.defense.DefenseEvaluator e = results.evaluators().values().iterator().next();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        dev.leaklab.core.audit.OutputsFileWriter.writeCsv(e.target(), e.members(), e.shadowIn(), e.shadowOut(), file);
    }
}
