package dev.leaklab.core.audit;

import dev.leaklab.core.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ids of the samples a model was trained on, one a line, as the user gives them: a plain text file,
 * blank lines and lines starting with {@code #} skipped, surrounding spaces trimmed. Every id keeps its line,
 * so an id the data does not hold is reported where it stands.
 *
 * @param file  the file
 * @param lines each id and the line it is on, in file order
 */
public record MemberList(Path file, Map<String, Long> lines) {

    /** Member files larger than this are refused before reading: 64 MiB is millions of ids. */
    static final long MAX_BYTES = 64L << 20;

    /** Keeps the map as given. */
    public MemberList {
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }

    /**
     * Reads a members file.
     *
     * @throws InputException naming the file and line: unreadable, not UTF-8, empty, or an id listed twice
     */
    public static MemberList read(Path file) throws InputException {
        try {
            if (Files.isDirectory(file)) {
                throw new InputException(file, 0, "is a folder, not a members file (one sample id a line)", null);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException(file, 0, "is larger than " + (MAX_BYTES >> 20) + " MiB: not a members file",
                        null);
            }
            Map<String, Long> ids = new LinkedHashMap<>();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String text;
                long line = 0;
                while ((text = reader.readLine()) != null) {
                    line++;
                    String id = text.strip();
                    if (id.isEmpty() || id.startsWith("#")) {
                        continue;
                    }
                    if (id.indexOf('\0') >= 0) {
                        throw new InputException(file, line, "holds a NUL byte: not a text file of sample ids", null);
                    }
                    Long first = ids.putIfAbsent(id, line);
                    if (first != null) {
                        throw new InputException(file, line, "id " + InputException.quote(id, 80)
                                + " is listed twice (first on line " + first + ")", null);
                    }
                }
            }
            if (ids.isEmpty()) {
                throw new InputException(file, 0, "lists no sample ids: a members file has one id a line", null);
            }
            return new MemberList(file, ids);
        } catch (NoSuchFileException e) {
            throw new InputException(file, 0, "no such file", e);
        } catch (CharacterCodingException e) {
            throw new InputException(file, 0, "is not UTF-8 text: a members file has one sample id a line", e);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The member ids. */
    public Set<String> ids() {
        return lines.keySet();
    }

    /** Whether {@code id} is listed. */
    public boolean contains(String id) {
        return lines.containsKey(id);
    }
}
