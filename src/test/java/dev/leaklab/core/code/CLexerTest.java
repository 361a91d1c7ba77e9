package dev.leaklab.core.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class CLexerTest {

    private final CLexer lexer = new CLexer();

    private List<String> texts(String code) {
        return lexer.tokenize(code).stream().map(Token::text).toList();
    }

    @Test
    void splitsMultiCharacterOperatorsLongestFirst() {
        assertThat(texts("a>>=b<<=c->d->*e...f<=>g::h++ --i&&j||k!=l==m.*n##o"))
                .containsExactly("a", ">>=", "b", "<<=", "c", "->", "d", "->*", "e", "...", "f", "<=>", "g", "::",
                        "h", "++", "--", "i", "&&", "j", "||", "k", "!=", "l", "==", "m", ".*", "n", "##", "o");
    }

    @Test
    void keepsCommentsStringsAndCharactersWhole() {
        List<Token> tokens = lexer.tokenize("x = \"a /* not a comment */ \\\"q\\\"\"; // tail\n/* block\n */ c = '\\'';");
        assertThat(tokens).extracting(Token::kind, Token::text).containsExactly(
                tuple(TokenKind.IDENTIFIER, "x"), tuple(TokenKind.OPERATOR, "="),
                tuple(TokenKind.STRING, "\"a /* not a comment */ \\\"q\\\"\""), tuple(TokenKind.OPERATOR, ";"),
                tuple(TokenKind.COMMENT, "// tail"), tuple(TokenKind.COMMENT, "/* block\n */"),
                tuple(TokenKind.IDENTIFIER, "c"), tuple(TokenKind.OPERATOR, "="), tuple(TokenKind.CHAR, "'\\''"),
                tuple(TokenKind.OPERATOR, ";"));
        assertThat(tokens.get(6).line()).isEqualTo(3);
    }

    @Test
    void readsPrefixedAndRawLiterals() {
        assertThat(lexer.tokenize("L\"wide\" u8\"utf\" R\"x(a \"quoted\" )x\" L'c'")).extracting(Token::kind, Token::text)
                .containsExactly(tuple(TokenKind.STRING, "L\"wide\""), tuple(TokenKind.STRING, "u8\"utf\""),
                        tuple(TokenKind.STRING, "R\"x(a \"quoted\" )x\""), tuple(TokenKind.CHAR, "L'c'"));
    }

    @Test
    void readsNumbersWithSuffixesExponentsAndSeparators() {
        assertThat(texts("0x1Fu 1.5e-3f .5 1'000'000 0x1e+2 07L")).containsExactly("0x1Fu", "1.5e-3f", ".5",
                "1'000'000", "0x1e", "+", "2", "07L");
    }

    @Test
    void readsPreprocessorLinesWithContinuations() {
        List<Token> tokens = lexer.tokenize("#define MAX(a, b) \\\n  ((a) > (b))\nint x;\n  # include <stdio.h>\n");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.PREPROCESSOR, TokenKind.KEYWORD,
                TokenKind.IDENTIFIER, TokenKind.OPERATOR, TokenKind.PREPROCESSOR);
        assertThat(tokens.get(0).text()).isEqualTo("#define MAX(a, b) \\\n  ((a) > (b))");
        assertThat(tokens.get(4).line()).isEqualTo(4);
    }

    @Test
    void toleratesUnterminatedLiteralsAndComments() {
        assertThat(texts("s = \"open\nnext; /* never closed")).containsExactly("s", "=", "\"open", "next", ";",
                "/* never closed");
    }

    @Test
    void marksStrayCharactersAsOther() {
        assertThat(lexer.tokenize("a @ b ` \u00e9")).extracting(Token::kind).containsExactly(TokenKind.IDENTIFIER,
                TokenKind.OTHER, TokenKind.IDENTIFIER, TokenKind.OTHER, TokenKind.OTHER);
    }
}
