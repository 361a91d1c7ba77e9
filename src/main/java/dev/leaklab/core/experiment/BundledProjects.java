package dev.leaklab.core.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample projects that ship with LeakLab: found next to the installation or the working folder
 * ({@code sample-projects/}), or, failing that, read from the application's own resources.
 */
public final class BundledProjects {

    /** The quickstart project's path inside {@code sample-projects/}. */
    public static final String QUICKSTART = "quickstart/quickstart" + ProjectSpec.EXTENSION;
    private static final String RESOURCE_ROOT = "/dev/leaklab/sample-projects/";

    private BundledProjects() {
    }

    /** The quickstart project file on disk, if one can be found. */
    public static java.util.Optional<Path> quickstartFile() {
        String override = System.getProperty("leaklab.samplesDir");
        Path[] roots = override != null
                ? new Path[] {Path.of(override)}
                : new Path[] {Path.of("sample-projects"), appHome().resolve("sample-projects")};
        for (Path root : roots) {
            Path file = root.resolve(QUICKSTART);
            if (Files.isRegularFile(file)) {
                return java.util.Optional.of(file.toAbsolutePath().normalize());
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The quickstart project: from disk when found, else from the bundled resource.
     *
     * @throws ProjectException when it cannot be read (a broken installation)
     */
    public static ProjectSpec quickstart() throws ProjectException {
        java.util.Optional<Path> file = quickstartFile();
        if (file.isPresent()) {
            return ProjectStore.load(file.get());
        }
        try (InputStream in = BundledProjects.class.getResourceAsStream(RESOURCE_ROOT + QUICKSTART)) {
            if (in == null) {
                throw new ProjectException(Path.of(QUICKSTART), 0, "the bundled quickstart project is missing", null);
            }
            return ProjectStore.load(in, Path.of(QUICKSTART));
        } catch (IOException e) {
            throw new ProjectException(Path.of(QUICKSTART), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The folder LeakLab is installed in (the jar's folder's parent), or the working folder. */
    private static Path appHome() {
        try {
            Path jar = Path.of(BundledProjects.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.getParent();
            return parent != null && parent.getParent() != null ? parent.getParent() : Path.of("");
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of("");
        }
    }
}
