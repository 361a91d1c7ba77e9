package dev.leaklab.core.code;

/** What a lexed C/C++ token is. */
public enum TokenKind {
    /** A name: variable, function, type, macro or library symbol. */
    IDENTIFIER,
    /** A C or C++ keyword. */
    KEYWORD,
    /** An integer or floating literal, with its suffix. */
    NUMBER,
    /** A string literal, prefix and quotes included. */
    STRING,
    /** A character literal, prefix and quotes included. */
    CHAR,
    /** An operator or punctuator, multi-character ones whole ({@code ->}, {@code <<=}). */
    OPERATOR,
    /** A whole preprocessor line, continuations joined. */
    PREPROCESSOR,
    /** A line or block comment. */
    COMMENT,
    /** Any other character (stray {@code @}, a backtick, non-ASCII symbols). */
    OTHER
}
