package dev.leaklab.core.code;

/**
 * One lexed token.
 *
 * @param kind  what it is
 * @param text  its text as written
 * @param line  1-based line of its first character
 * @param start offset of its first character in the lexed text
 */
public record Token(TokenKind kind, String text, int line, int start) {

    /** Whether this token is the operator or punctuator {@code op}. */
    public boolean isOperator(String op) {
        return kind == TokenKind.OPERATOR && text.equals(op);
    }
}
