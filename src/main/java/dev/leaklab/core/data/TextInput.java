package dev.leaklab.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens dataset text files safely: rejects missing, empty and binary files, checks that the bytes are
 * UTF-8 (naming the first bad line) and falls back to the configured charset when they are not, skips a
 * byte-order mark.
 */
public final class TextInput {
    private static final Logger LOG = LoggerFactory.getLogger(TextInput.class);
    private static final int SNIFF_BYTES = 64 * 1024;

    private TextInput() {
    }

    /**
     * Opens {@code file} for reading as text.
     *
     * @throws DatasetException when it is missing, a folder, empty, binary, or not UTF-8 without a fallback
     */
    public static BufferedReader open(Path file, ReaderOptions options) throws DatasetException {
        Charset charset = charsetOf(file, options);
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            in.mark(3);
            byte[] bom = in.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF
                    && charset.equals(StandardCharsets.UTF_8))) {
                in.reset();
            }
            return new BufferedReader(new InputStreamReader(in, charset.newDecoder()), 1 << 16);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads a whole small file (at most {@code options.maxRecordChars()} characters) as text. */
    public static String readAll(Path file, ReaderOptions options) throws DatasetException {
        try (Reader reader = open(file, options)) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
                if (text.length() > options.maxRecordChars()) {
                    throw new DatasetException(file, 0, "file is longer than the record cap of "
                            + options.maxRecordChars() + " characters");
                }
            }
            return text.toString();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The charset to decode {@code file} with: UTF-8 when valid, else the fallback. */
    static Charset charsetOf(Path file, ReaderOptions options) throws DatasetException {
        if (Files.isDirectory(file)) {
            throw new DatasetException(file, 0, "is a folder, not a file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Utf8Check check = new Utf8Check();
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0 && total + i < SNIFF_BYTES) {
                        throw new DatasetException(file, check.line,
                                "binary file (contains NUL bytes), not a text dataset");
                    }
                }
                check.feed(buffer, n);
                total += n;
                if (check.badLine > 0) {
                    break;
                }
            }
            if (total == 0) {
                throw new DatasetException(file, 0, "file is empty");
            }
            check.finish();
            if (check.badLine == 0) {
                return StandardCharsets.UTF_8;
            }
            if (options.fallbackCharset() == null) {
                throw new DatasetException(file, check.badLine,
                        "bytes are not valid UTF-8 (set an encoding fallback such as latin1 to read it)");
            }
            LOG.warn("{}:{}: not valid UTF-8, reading the file as {}", file, check.badLine,
                    options.fallbackCharset().name());
            return options.fallbackCharset();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static DatasetException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file, 0, "no such file", e);
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return new DatasetException(file, 0, "bytes cannot be decoded", e);
        }
        return new DatasetException(file, 0, "cannot read: " + e.getMessage(), e);
    }

    /** A streaming UTF-8 validator that remembers the line of the first bad sequence. */
    private static final class Utf8Check {
        long line = 1;
        long badLine;
        private int pending;
        private int lead;
        private int second = -1;

        void feed(byte[] bytes, int n) {
            for (int i = 0; i < n && badLine == 0; i++) {
                int b = bytes[i] & 0xFF;
                if (pending == 0) {
                    if (b == '\n') {
                        line++;
                    } else if (b < 0x80) {
                        continue;
                    } else if (b >= 0xC2 && b <= 0xDF) {
                        start(b, 1);
                    } else if (b >= 0xE0 && b <= 0xEF) {
                        start(b, 2);
                    } else if (b >= 0xF0 && b <= 0xF4) {
                        start(b, 3);
                    } else {
                        badLine = line;
                    }
                } else {
                    if ((b & 0xC0) != 0x80 || second < 0 && !validSecond(b)) {
                        badLine = line;
                        continue;
                    }
                    if (second < 0) {
                        second = b;
                    }
                    pending--;
                }
            }
        }

        private void start(int b, int continuation) {
            lead = b;
            pending = continuation;
            second = -1;
        }

        /** Rejects overlong forms, surrogates and code points past U+10FFFF. */
        private boolean validSecond(int b) {
            return switch (lead) {
                case 0xE0 -> b >= 0xA0;
                case 0xED -> b <= 0x9F;
                case 0xF0 -> b >= 0x90;
                case 0xF4 -> b <= 0x8F;
                default -> true;
            };
        }

        void finish() {
            if (pending != 0 && badLine == 0) {
                badLine = line;
            }
        }
    }
}
