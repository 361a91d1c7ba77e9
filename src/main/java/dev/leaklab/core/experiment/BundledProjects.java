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

    /** The folders sample projects are looked for in, in order. */
    private static Path[] roots() {
        String override = System.getProperty("leaklab.samplesDir");
        return override != null
                ? new Path[] {Path.of(override)}
                : new Path[] {Path.of("sample-projects"), appHome().resolve("sample-projects")};
    }

    /**
     * The scenario experiments ({@code sample-projects/scenarios/*.leaklab}) of the first sample folder that has
     * them, sorted by name; empty when none is installed.
     */
    public static java.util.List<Path> scenarioFiles() {
        for (Path root : roots()) {
            Path folder = root.resolve("scenarios");
            if (Files.isDirectory(folder)) {
                try (java.util.stream.Stream<Path> list = Files.list(folder)) {
                    return list.filter(p -> p.getFileName().toString().endsWith(ProjectSpec.EXTENSION))
                            .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
                } catch (IOException e) {
                    return java.util.List.of();
                }
            }
        }
        return java.util.List.of();
    }

    /** The quickstart project file on disk, if one can be found. */
    public static java.util.Optional<Path> quickstartFile() {
        for (Path root : roots()) {
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
