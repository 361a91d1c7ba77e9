package dev.leaklab.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared/datasets}: the real data the tests read, never copied into the repository. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder: {@code leaklab.sharedDir} when set (Maven sets it), else {@code ../shared}. */
    public static Path sharedDir() {
        return Path.of(System.getProperty("leaklab.sharedDir", "../shared")).toAbsolutePath().normalize();
    }

    /** A CGD file such as {@code cwe119_cgd.txt}; the test fails when it is missing (CI has it). */
    public static Path cgd(String fileName) {
        Path file = sharedDir().resolve("datasets/vuldeepecker-cgd").resolve(fileName);
        Assumptions.assumeTrue(Files.isRegularFile(file) || !Boolean.getBoolean("leaklab.skipSharedData"),
                "shared data skipped");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing shared dataset " + file + " (expected ../shared/datasets)");
        }
        return file;
    }
}
