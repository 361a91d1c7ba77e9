package dev.leaklab.core;

import java.nio.file.Path;

/**
 * Input that LeakLab rejects: a dataset, project or setting a user supplied. Names the file, the line where
 * known (0 otherwise) and the reason, and renders as the one line {@code FILE:LINE: reason} that the CLI
 * prints after {@code error: } and the GUI shows in a dialog.
 */
public class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String reason;

    /**
     * @param file   the offending file or folder, or {@code null} for a setting given on its own
     * @param line   1-based line, or 0 when the problem is not on one line
     * @param reason what is wrong, in plain words, without the location
     * @param cause  the low-level cause, kept for the log, or {@code null}
     */
    public InputException(Path file, long line, String reason, Throwable cause) {
        super(oneLine(format(file, line, reason)), cause);
        this.file = file;
        this.line = line;
        this.reason = oneLine(reason);
    }

    /**
     * {@code text} on one line: line breaks and other control characters shown as escapes. Why here: a reason
     * often quotes the input (a field name, a label), and a hostile or broken file can put anything there; the
     * message must still be one line, whatever the reader quoted.
     */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * A piece of the input as a message quotes it: in single quotes, cut after {@code max} characters, control
     * characters as {@code \\uXXXX} escapes (a token or a tensor name can hold any of them).
     */
    public static String quote(String text, int max) {
        String shown = text.length() > max ? text.substring(0, max) + "..." : text;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }

    private static String format(Path file, long line, String reason) {
        if (file == null) {
            return reason;
        }
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }

    /** The offending file or folder, or {@code null}. */
    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem is not on one line. */
    public long line() {
        return line;
    }

    /** The reason without the location. */
    public String reason() {
        return reason;
    }
}
