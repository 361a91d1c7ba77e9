package dev.leaklab.core.data;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a folder whose top-level subfolders name the label ({@code vulnerable/} and {@code safe/}, or
 * {@code 1/} and {@code 0/}, and the other names in {@link #VULNERABLE_NAMES} and {@link #SAFE_NAMES}): one
 * sample per C/C++ source file below them, in sorted path order. Hidden entries are ignored, as are
 * non-source files (a README, a LICENSE) at the top; a source file at the top has no label and is refused.
 */
public final class FolderReader implements DatasetReader {

    /** Top-level folder names (compared case-insensitively) whose files are vulnerable. */
    public static final List<String> VULNERABLE_NAMES = List.of("vulnerable", "vuln", "bad", "positive", "1");
    /** Top-level folder names (compared case-insensitively) whose files are not vulnerable. */
    public static final List<String> SAFE_NAMES = List.of("safe", "not-vulnerable", "non-vulnerable",
            "nonvulnerable", "benign", "clean", "good", "negative", "0");
    /** File extensions (compared case-insensitively) read as samples. */
    public static final List<String> SOURCE_EXTENSIONS = List.of("c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx");

    private static final Pattern CWE_SEGMENT = Pattern.compile("CWE[-_]?(\\d{1,6})(?!\\d).*",
            Pattern.CASE_INSENSITIVE);
    private static final String EXPECTED = String.join(", ", VULNERABLE_NAMES) + " (vulnerable) or "
            + String.join(", ", SAFE_NAMES) + " (not vulnerable)";

    @Override
    public DatasetFormat format() {
        return DatasetFormat.FOLDERS;
    }

    @Override
    public void read(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException {
        if (!Files.exists(path)) {
            throw new DatasetException(path, 0, "no such folder");
        }
        if (!Files.isDirectory(path)) {
            throw new DatasetException(path, 0, "not a folder: the folders format reads a folder with label "
                    + "subfolders such as vulnerable/ and safe/");
        }
        List<LabelledFile> files = new ArrayList<>();
        boolean anyLabelFolder = false;
        for (Path top : list(path)) {
            String name = top.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(top)) {
                int label = labelOf(name);
                if (label < 0) {
                    throw new DatasetException(top, 0, "unexpected top-level folder '" + name
                            + "': the top-level folders name the label, expected " + EXPECTED);
                }
                anyLabelFolder = true;
                collect(path, top, label, files);
            } else if (isSource(name)) {
                throw new DatasetException(top, 0, "source file outside a label folder has no label: move it under "
                        + "a folder named " + EXPECTED);
            }
        }
        if (!anyLabelFolder) {
            throw new DatasetException(path, 0, "no label folders: expected subfolders named " + EXPECTED);
        }
        if (files.isEmpty()) {
            throw new DatasetException(path, 0, "no C/C++ source files (." + String.join(", .", SOURCE_EXTENSIONS)
                    + ") under the label folders");
        }
        files.sort(Comparator.comparing(LabelledFile::relative));
        for (LabelledFile f : files) {
            String code = TextInput.readAll(f.file(), options);
            sink.accept(new Sample(f.relative(), code, f.label(), f.relative(), 1, SourcePaths.cweOf(f.relative(), CWE_SEGMENT), null));
        }
    }

    /** {@link Sample#VULNERABLE} or {@link Sample#NOT_VULNERABLE} for a label folder name, else -1. */
    static int labelOf(String folderName) {
        String n = folderName.toLowerCase(Locale.ROOT);
        return VULNERABLE_NAMES.contains(n) ? Sample.VULNERABLE : SAFE_NAMES.contains(n) ? Sample.NOT_VULNERABLE : -1;
    }

    private static boolean isSource(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && SOURCE_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<Path> list(Path folder) throws DatasetException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw TextInput.unreadable(folder, e);
        }
    }

    /** Adds the source files under {@code labelFolder}, skipping hidden files and folders. */
    private static void collect(Path root, Path labelFolder, int label, List<LabelledFile> out)
            throws DatasetException {
        try {
            Files.walkFileTree(labelFolder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(labelFolder) || !dir.getFileName().toString().startsWith(".")
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(".") && isSource(name) && Files.isRegularFile(file)) {
                        out.add(new LabelledFile(file, SourcePaths.relative(root, file), label));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw TextInput.unreadable(labelFolder, e);
        }
    }

    private record LabelledFile(Path file, String relative, int label) {
    }
}
