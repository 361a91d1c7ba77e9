package dev.leaklab.core.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.leaklab.core.Json;
import dev.leaklab.core.io.AtomicFiles;
import dev.leaklab.core.io.WriteFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes project files. Saves go through {@link AtomicFiles}: a temporary file beside the target,
 * forced to disk, the previous file kept as {@code NAME.backup}, the new one moved into place atomically, so
 * a crash, a {@code kill -9} or a full disk mid-save never leaves a broken project.
 */
public final class ProjectStore {

    /** Projects larger than this are refused before parsing: real ones are a few kilobytes. */
    static final long MAX_PROJECT_BYTES = 4L << 20;

    private ProjectStore() {
    }

    /**
     * Reads and validates a project file.
     *
     * @throws ProjectException naming the file, the line and the problem
     */
    public static ProjectSpec load(Path file) throws ProjectException {
        try {
            if (Files.isDirectory(file)) {
                throw new ProjectException(file, 0, "is a folder, not a project file", null);
            }
            if (Files.size(file) > MAX_PROJECT_BYTES) {
                throw new ProjectException(file, 0, "is larger than " + (MAX_PROJECT_BYTES >> 20)
                        + " MiB: not a LeakLab project", null);
            }
            return parse(file, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ProjectException(file, 0, "no such file", e);
        } catch (IOException e) {
            throw new ProjectException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a project from a stream (a bundled resource); {@code name} stands for the file in messages. */
    public static ProjectSpec load(InputStream in, Path name) throws ProjectException {
        try {
            return parse(name, in.readNBytes((int) MAX_PROJECT_BYTES + 1));
        } catch (IOException e) {
            throw new ProjectException(name, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static ProjectSpec parse(Path file, byte[] bytes) throws ProjectException {
        if (bytes.length == 0) {
            throw new ProjectException(file, 0, "file is empty", null);
        }
        try {
            JsonNode tree = Json.mapper().readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new ProjectException(file, 1, "a project file is one JSON object", null);
            }
            JsonNode version = tree.get("schemaVersion");
            if (version == null || !version.canConvertToInt()) {
                throw new ProjectException(file, 1, "missing schemaVersion: not a LeakLab project", null);
            }
            if (version.asInt() > ProjectSpec.SCHEMA_VERSION || version.asInt() < 1) {
                throw new ProjectException(file, 1, "schemaVersion " + version.asInt()
                        + " is not one this LeakLab reads (it reads 1 to " + ProjectSpec.SCHEMA_VERSION
                        + "); a newer LeakLab may have written it", null);
            }
            ExperimentValidator.validate(file, bytes, tree);
            return Json.mapper().readValue(bytes, ProjectSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ProjectException(file, lineOfKey(bytes, e.getPropertyName(), line(e.getLocation())), describe(e), e);
        } catch (JsonProcessingException e) {
            throw new ProjectException(file, line(e.getLocation()), describe(e), e);
        } catch (IOException e) {
            throw new ProjectException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The line of the first {@code "key":} in the file. Jackson reports an unknown setting of a record at the
     * end of its object, after buffering its properties; the user needs the line of the setting itself.
     */
    private static long lineOfKey(byte[] bytes, String key, long fallback) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(key)
                + "\"\\s*:").matcher(text);
        if (!m.find()) {
            return fallback;
        }
        return text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
    }

    /**
     * Writes a project atomically through {@link AtomicFiles}, keeping the previous version as
     * {@code NAME.backup}.
     *
     * @throws ProjectException when the file cannot be written (the old file is then untouched)
     */
    public static void save(ProjectSpec project, Path file) throws ProjectException {
        save(project, file, AtomicFiles.standard());
    }

    /** {@link #save(ProjectSpec, Path)} through {@code files}: the seam for tests that fail a save half-way. */
    static void save(ProjectSpec project, Path file, AtomicFiles files) throws ProjectException {
        Path target = file.toAbsolutePath();
        try {
            files.writeKeepingBackup(target, Json.mapper().writeValueAsBytes(project.current()));
        } catch (WriteFailedException e) {
            throw new ProjectException(target, 0, "cannot save: " + e.reason(), e);
        } catch (IOException e) {
            throw new ProjectException(target, 0, "cannot save: " + e.getMessage(), e);
        }
    }

    private static long line(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown setting '" + u.getPropertyName() + "'" + where(u);
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage() + where(v);
        }
        if (e instanceof JsonEOFException) {
            return "truncated JSON: unexpected end of input";
        }
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return (newline >= 0 ? message.substring(0, newline) : message) + (e instanceof JsonMappingException m ? where(m) : "");
    }

    /** " in dataset.generator" for a problem inside nested settings. */
    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null && !(e instanceof UnrecognizedPropertyException
                    && ref == e.getPath().get(e.getPath().size() - 1))) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.length() == 0 ? "" : " in " + path;
    }
}
