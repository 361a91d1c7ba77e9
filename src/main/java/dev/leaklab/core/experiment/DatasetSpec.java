package dev.leaklab.core.experiment;

import dev.leaklab.core.data.DatasetFormat;
import dev.leaklab.core.data.ReaderOptions;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;

/**
 * Where a project's samples come from: dataset files or folders (relative paths are relative to the project
 * file), or a built-in generator.
 *
 * @param paths            dataset files or folders, all of one format; empty when a generator is used
 * @param format           the format name ({@code gadgets}, {@code jsonl}...), or {@code null} to detect it
 * @param codeField        JSON field / CSV column of the code, or {@code null} for the well-known names
 * @param labelField       JSON field / CSV column of the label, or {@code null} for the well-known names
 * @param idField          JSON field / CSV column of the id, or {@code null}
 * @param cweField         JSON field / CSV column of the CWE, or {@code null}
 * @param strict           reject a file at its first malformed record (default false: skip, with a warning)
 * @param encodingFallback charset for files that are not UTF-8 ({@code ISO-8859-1} by default), or
 *                         {@code none} to reject them
 * @param generator        a generator instead of files, or {@code null}
 */
public record DatasetSpec(List<String> paths, String format, String codeField, String labelField, String idField,
                          String cweField, Boolean strict, String encodingFallback, GeneratorSpec generator) {

    /** Fills in defaults and checks that exactly one of paths and generator is given. */
    public DatasetSpec {
        paths = paths == null ? List.of() : paths;
        for (int i = 0; i < paths.size(); i++) {
            checkPath("dataset paths[" + i + "]", paths.get(i));
        }
        paths = List.copyOf(paths);
        strict = strict != null && strict;
        if (paths.isEmpty() == (generator == null)) {
            throw new IllegalArgumentException("a dataset names either paths or a generator, not "
                    + (paths.isEmpty() ? "neither" : "both"));
        }
        if (format != null) {
            DatasetFormat.fromId(format);
        }
        if (encodingFallback != null) {
            fallbackCharset(encodingFallback);
        }
    }

    /**
     * The same dataset for a project saved at {@code newFile} instead of {@code oldFile}: relative paths
     * still name the same files (made relative to the new place where they can be, else absolute).
     *
     * @param oldFile the file the paths were relative to, or {@code null} (then relative paths are kept)
     */
    public DatasetSpec rebased(java.nio.file.Path oldFile, java.nio.file.Path newFile) {
        if (oldFile == null || paths.isEmpty()) {
            return this;
        }
        java.nio.file.Path oldDir = oldFile.toAbsolutePath().getParent();
        java.nio.file.Path newDir = newFile.toAbsolutePath().getParent();
        List<String> moved = new java.util.ArrayList<>();
        for (String p : paths) {
            moved.add(rebase(p, oldDir, newDir));
        }
        return new DatasetSpec(moved, format, codeField, labelField, idField, cweField, strict, encodingFallback,
                generator);
    }

    /** {@code p}, relative to {@code oldDir}, made relative to {@code newDir}; absolute paths stay. */
    static String rebase(String p, java.nio.file.Path oldDir, java.nio.file.Path newDir) {
        java.nio.file.Path path = java.nio.file.Path.of(p);
        if (path.isAbsolute()) {
            return p;
        }
        java.nio.file.Path target = oldDir.resolve(path).normalize();
        String rebased;
        try {
            rebased = newDir.relativize(target).toString();
        } catch (IllegalArgumentException e) {
            // why: another drive or root; only an absolute path can still name the file
            rebased = target.toString();
        }
        return rebased.replace('\\', '/');
    }

    /** A dataset read from the given paths, format detected, default settings. */
    public static DatasetSpec ofPaths(List<String> paths) {
        return new DatasetSpec(paths, null, null, null, null, null, false, null, null);
    }

    /** A generated dataset. */
    public static DatasetSpec ofGenerator(GeneratorSpec generator) {
        return new DatasetSpec(List.of(), null, null, null, null, null, false, null, generator);
    }

    /** The format, or {@code null} to detect it. */
    public DatasetFormat datasetFormat() {
        return format == null ? null : DatasetFormat.fromId(format);
    }

    /** The reader settings these fields describe. */
    public ReaderOptions readerOptions() {
        return new ReaderOptions(codeField, labelField, idField, cweField, ReaderOptions.DEFAULT_MAX_RECORD_CHARS,
                encodingFallback == null ? ReaderOptions.defaults().fallbackCharset() : fallbackCharset(encodingFallback),
                strict);
    }

    /**
     * Checks that a path a project names (to read) is one this system can open at all: no NUL byte, nothing
     * {@link java.nio.file.Path#of} refuses. Checked on loading so the file and line are named, not at run time.
     */
    static void checkPath(String setting, String path) {
        if (path == null) {
            throw new IllegalArgumentException(setting + " is missing");
        }
        String reason = path.indexOf('\0') >= 0 ? "it holds a NUL character" : null;
        if (reason == null) {
            try {
                java.nio.file.Path.of(path);
            } catch (java.nio.file.InvalidPathException e) {
                reason = e.getReason();
            }
        }
        if (reason != null) {
            throw new IllegalArgumentException(setting + " is not a valid path (" + reason + "): \""
                    + printable(path) + "\"");
        }
    }

    /** {@code text} cut to 200 characters, control characters escaped, for a one-line message. */
    private static String printable(String text) {
        int cut = text.codePointCount(0, text.length()) > 200 ? text.offsetByCodePoints(0, 200) : -1;
        return dev.leaklab.core.InputException.oneLine(cut < 0 ? text : text.substring(0, cut) + "...");
    }

    private static Charset fallbackCharset(String name) {
        if (name.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Charset.forName(name.equalsIgnoreCase("latin1") ? "ISO-8859-1" : name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unknown encoding fallback '" + name
                    + "' (a charset such as latin1 or windows-1252, or none)", e);
        }
    }
}
