package dev.leaklab.core.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tolerant C/C++ lexer: comments, string and character literals (prefixed and raw), numbers, preprocessor
 * lines and multi-character operators. It never fails: gadgets are slices of statements that need not be
 * balanced or complete, so an unterminated literal or comment simply ends at the end of its line or input.
 * Instances are stateless and thread-safe.
 */
public final class CLexer {

    /** C11 and C++20 keywords. */
    public static final Set<String> KEYWORDS = Set.of(
            // C
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
            "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
            "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
            // C++
            "alignas", "alignof", "and", "and_eq", "asm", "bitand", "bitor", "bool", "catch", "char8_t",
            "char16_t", "char32_t", "class", "compl", "concept", "consteval", "constexpr", "constinit",
            "const_cast", "co_await", "co_return", "co_yield", "decltype", "delete", "dynamic_cast",
            "explicit", "export", "false", "friend", "mutable", "namespace", "new", "noexcept", "not",
            "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public",
            "reinterpret_cast", "requires", "static_assert", "static_cast", "template", "this",
            "thread_local", "throw", "true", "try", "typeid", "typename", "using", "virtual", "wchar_t",
            "xor", "xor_eq");

    /** Lexes {@code code} into tokens, comments and preprocessor lines included. */
    public List<Token> tokenize(String code) {
        List<Token> out = new ArrayList<>(Math.max(16, code.length() / 4));
        int n = code.length();
        int i = 0;
        int line = 1;
        boolean lineStart = true;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\n') {
                line++;
                i++;
                lineStart = true;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B) {
                i++;
                continue;
            }
            int start = i;
            int startLine = line;
            if (c == '#' && lineStart) {
                // a directive runs to the end of the line, backslash-newline continues it
                while (i < n) {
                    char d = code.charAt(i);
                    if (d == '\n') {
                        if (i > start && code.charAt(i - 1) == '\\'
                                || i > start + 1 && code.charAt(i - 1) == '\r' && code.charAt(i - 2) == '\\') {
                            line++;
                            i++;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                out.add(new Token(TokenKind.PREPROCESSOR, code.substring(start, i).strip(), startLine, start));
                continue;
            }
            lineStart = false;
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
                out.add(new Token(TokenKind.COMMENT, code.substring(start, i), startLine, start));
                continue;
            }
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                line += countNewlines(code, start, i);
                out.add(new Token(TokenKind.COMMENT, code.substring(start, i), startLine, start));
                continue;
            }
            if (isIdentStart(c)) {
                i++;
                while (i < n && isIdentPart(code.charAt(i))) {
                    i++;
                }
                // literal prefixes: L"..", u8"..", R"(..)", LR"(..)", u'x'
                if (i < n && (code.charAt(i) == '"' || code.charAt(i) == '\'') && isLiteralPrefix(code, start, i)) {
                    char quote = code.charAt(i);
                    boolean raw = code.charAt(i - 1) == 'R' && quote == '"';
                    int end = raw ? skipRawString(code, i) : skipQuoted(code, i);
                    line += countNewlines(code, i, end);
                    i = end;
                    TokenKind kind = quote == '\'' ? TokenKind.CHAR : TokenKind.STRING;
                    out.add(new Token(kind, code.substring(start, i), startLine, start));
                    continue;
                }
                String word = code.substring(start, i);
                out.add(new Token(KEYWORDS.contains(word) ? TokenKind.KEYWORD : TokenKind.IDENTIFIER, word,
                        startLine, start));
                continue;
            }
            if (isDigit(c) || c == '.' && i + 1 < n && isDigit(code.charAt(i + 1))) {
                i = skipNumber(code, i);
                out.add(new Token(TokenKind.NUMBER, code.substring(start, i), startLine, start));
                continue;
            }
            if (c == '"' || c == '\'') {
                i = skipQuoted(code, i);
                out.add(new Token(c == '"' ? TokenKind.STRING : TokenKind.CHAR, code.substring(start, i),
                        startLine, start));
                continue;
            }
            String op = matchOperator(code, i);
            if (op != null) {
                i += op.length();
                out.add(new Token(TokenKind.OPERATOR, op, startLine, start));
                continue;
            }
            i += Character.charCount(code.codePointAt(i));
            out.add(new Token(TokenKind.OTHER, code.substring(start, i), startLine, start));
        }
        return out;
    }

    private static int countNewlines(String s, int from, int to) {
        int count = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                count++;
            }
        }
        return count;
    }

    private static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLiteralPrefix(String code, int start, int end) {
        String p = code.substring(start, end);
        return switch (p) {
            case "L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R" -> true;
            default -> false;
        };
    }

    /** Skips a quoted literal starting at the quote; stops after the closing quote or at the line's end. */
    private static int skipQuoted(String code, int quotePos) {
        char quote = code.charAt(quotePos);
        int n = code.length();
        int i = quotePos + 1;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i += code.charAt(i + 1) == '\r' && i + 2 < n && code.charAt(i + 2) == '\n' ? 3 : 2;
                continue;
            }
            if (c == quote) {
                return i + 1;
            }
            if (c == '\n') {
                return i;
            }
            i++;
        }
        return n;
    }

    /** Skips a raw string {@code R"delim( ... )delim"} starting at the quote. */
    private static int skipRawString(String code, int quotePos) {
        int open = code.indexOf('(', quotePos);
        int eol = code.indexOf('\n', quotePos);
        if (open < 0 || open - quotePos > 17 || eol >= 0 && eol < open) {
            return skipQuoted(code, quotePos);
        }
        String close = ")" + code.substring(quotePos + 1, open) + "\"";
        int end = code.indexOf(close, open + 1);
        return end < 0 ? code.length() : end + close.length();
    }

    private static int skipNumber(String code, int i) {
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if ((c == '+' || c == '-') && i > 0 && "eEpP".indexOf(code.charAt(i - 1)) >= 0
                    && !isHexNumberBeforeE(code, i - 1)) {
                i++;
            } else if (isIdentPart(c) || c == '.' || c == '\'' && i + 1 < n && isIdentPart(code.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** In {@code 0x1e+2} the {@code e} is a hex digit, so the sign is an operator. */
    private static boolean isHexNumberBeforeE(String code, int ePos) {
        char e = code.charAt(ePos);
        if (e == 'p' || e == 'P') {
            return false;
        }
        int k = ePos;
        while (k > 0 && (isIdentPart(code.charAt(k - 1)) || code.charAt(k - 1) == '.')) {
            k--;
        }
        return ePos - k >= 2 && code.charAt(k) == '0' && (code.charAt(k + 1) == 'x' || code.charAt(k + 1) == 'X');
    }

    /**
     * The operator or punctuator at {@code i}, longest match first, as a shared constant (no allocation per
     * token), or {@code null}.
     */
    private static String matchOperator(String code, int i) {
        char c = code.charAt(i);
        char c1 = i + 1 < code.length() ? code.charAt(i + 1) : 0;
        char c2 = i + 2 < code.length() ? code.charAt(i + 2) : 0;
        switch (c) {
            case '>':
                return c1 == '>' ? (c2 == '=' ? ">>=" : ">>") : c1 == '=' ? ">=" : ">";
            case '<':
                if (c1 == '<') {
                    return c2 == '=' ? "<<=" : "<<";
                }
                if (c1 == '=') {
                    return c2 == '>' ? "<=>" : "<=";
                }
                return "<";
            case '.':
                return c1 == '.' && c2 == '.' ? "..." : c1 == '*' ? ".*" : ".";
            case '-':
                if (c1 == '>') {
                    return c2 == '*' ? "->*" : "->";
                }
                return c1 == '-' ? "--" : c1 == '=' ? "-=" : "-";
            case '+':
                return c1 == '+' ? "++" : c1 == '=' ? "+=" : "+";
            case '=':
                return c1 == '=' ? "==" : "=";
            case '!':
                return c1 == '=' ? "!=" : "!";
            case '&':
                return c1 == '&' ? "&&" : c1 == '=' ? "&=" : "&";
            case '|':
                return c1 == '|' ? "||" : c1 == '=' ? "|=" : "|";
            case '*':
                return c1 == '=' ? "*=" : "*";
            case '/':
                return c1 == '=' ? "/=" : "/";
            case '%':
                return c1 == '=' ? "%=" : "%";
            case '^':
                return c1 == '=' ? "^=" : "^";
            case ':':
                return c1 == ':' ? "::" : ":";
            case '#':
                return c1 == '#' ? "##" : "#";
            case '~':
                return "~";
            case '?':
                return "?";
            case ';':
                return ";";
            case ',':
                return ",";
            case '(':
                return "(";
            case ')':
                return ")";
            case '[':
                return "[";
            case ']':
                return "]";
            case '{':
                return "{";
            case '}':
                return "}";
            case '\\':
                return "\\";
            default:
                return null;
        }
    }
}
