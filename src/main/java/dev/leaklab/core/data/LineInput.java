package dev.leaklab.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * Reads lines with their numbers, refusing a line longer than the record cap before it is held whole,
 * so a hostile one-line file cannot exhaust memory. Accepts {@code \n}, {@code \r\n} and {@code \r}.
 */
final class LineInput implements Closeable {
    private final Reader reader;
    private final Path file;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private final StringBuilder line = new StringBuilder(256);
    private long number;
    private boolean skipLf;

    LineInput(Path file, ReaderOptions options) throws DatasetException {
        this.reader = TextInput.open(file, options);
        this.file = file;
        this.maxChars = options.maxRecordChars();
    }

    /** The next line without its terminator, or {@code null} at the end. */
    String next() throws DatasetException {
        line.setLength(0);
        boolean any = false;
        try {
            while (true) {
                if (pos >= limit) {
                    limit = reader.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) {
                            return null;
                        }
                        return finishLine();
                    }
                }
                if (skipLf) {
                    skipLf = false;
                    if (buffer[pos] == '\n') {
                        pos++;
                        continue;
                    }
                }
                any = true;
                int start = pos;
                while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                    pos++;
                }
                if (line.length() + (pos - start) > maxChars) {
                    throw new DatasetException(file, number + 1, "line is longer than the record cap of "
                            + maxChars + " characters");
                }
                line.append(buffer, start, pos - start);
                if (pos < limit) {
                    skipLf = buffer[pos] == '\r';
                    pos++;
                    return finishLine();
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file, number + 1, "cannot read: " + e.getMessage(), e);
        }
    }

    private String finishLine() {
        number++;
        return line.toString();
    }

    /** The number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return number;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
