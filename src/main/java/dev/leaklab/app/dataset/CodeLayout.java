package dev.leaklab.app.dataset;

import java.util.List;

/**
 * Lays normalised tokens out so they read like code: tokens joined by spaces, a line break after
 * {@code ;}, {@code {} and {@code }}, and indentation by brace depth. A {@code ;} inside parentheses (a
 * {@code for} header) does not break the line. Code whose braces do not balance (a gadget is a slice of
 * statements) is not indented, since its depth would drift further with every unclosed block.
 */
public final class CodeLayout {

    private static final String INDENT = "    ";

    private CodeLayout() {
    }

    /** The tokens laid out as lines of code, without a trailing line break. */
    public static String format(List<String> tokens) {
        StringBuilder out = new StringBuilder(tokens.size() * 6);
        StringBuilder line = new StringBuilder();
        boolean indent = balanced(tokens);
        int braces = 0;
        int parens = 0;
        for (String token : tokens) {
            switch (token) {
                case "}" -> {
                    flush(out, line, braces);
                    braces = indent ? braces - 1 : 0;
                    line.append(token);
                    flush(out, line, braces);
                }
                case "{" -> {
                    append(line, token);
                    flush(out, line, braces);
                    braces = indent ? braces + 1 : 0;
                }
                case ";" -> {
                    append(line, token);
                    if (parens == 0) {
                        flush(out, line, braces);
                    }
                }
                default -> {
                    if (token.equals("(")) {
                        parens++;
                    } else if (token.equals(")")) {
                        parens = Math.max(0, parens - 1);
                    }
                    append(line, token);
                }
            }
        }
        flush(out, line, braces);
        return out.toString();
    }

    /** Whether every {@code }} closes an earlier {@code {} and every {@code {} is closed. */
    private static boolean balanced(List<String> tokens) {
        int depth = 0;
        for (String token : tokens) {
            if (token.equals("{")) {
                depth++;
            } else if (token.equals("}") && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static void append(StringBuilder line, String token) {
        if (line.length() > 0) {
            line.append(' ');
        }
        line.append(token);
    }

    private static void flush(StringBuilder out, StringBuilder line, int depth) {
        if (line.length() == 0) {
            return;
        }
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(INDENT.repeat(depth)).append(line);
        line.setLength(0);
    }
}
