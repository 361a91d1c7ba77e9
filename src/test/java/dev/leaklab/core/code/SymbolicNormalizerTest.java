package dev.leaklab.core.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolicNormalizerTest {

    private final SymbolicNormalizer normalizer = new SymbolicNormalizer();

    @Test
    void replacesUserNamesAndKeepsLibraryNamesKeywordsAndOperators() {
        List<String> tokens = normalizer.normalize("char *psz_name = calloc(LEN, 1);\n"
                + "if (parse_header(psz_name, hdr) < 0) { free(psz_name); return -1; }");
        assertThat(String.join(" ", tokens)).isEqualTo("char * VAR1 = calloc ( VAR2 , 1 ) ; "
                + "if ( FUN1 ( VAR1 , VAR3 ) < 0 ) { free ( VAR1 ) ; return - 1 ; }");
    }

    @Test
    void numbersSymbolsPerSampleInOrderOfFirstUse() {
        assertThat(normalizer.normalize("b = a; a = b;")).containsExactly("VAR1", "=", "VAR2", ";", "VAR2", "=",
                "VAR1", ";");
        assertThat(normalizer.normalize("a = b;")).containsExactly("VAR1", "=", "VAR2", ";");
    }

    @Test
    void aNameEverCalledIsAFunction() {
        assertThat(normalizer.normalize("handler = on_read; on_read(x);"))
                .containsExactly("VAR1", "=", "FUN1", ";", "FUN1", "(", "VAR2", ")", ";");
    }

    @Test
    void neverLetsLabelBearingNamesThrough() {
        String juliet = """
                void CWE121_Stack_Based_Buffer_Overflow__CWE805_char_declare_memcpy_01_bad()
                {
                    char * data;
                    char dataBadBuffer[50];
                    /* FLAW: Set a pointer to a "small" buffer */
                    data = dataBadBuffer;
                    printLine("Calling bad()...");
                    goodG2B(); badSink(data); CWE121_good();
                }
                """;
        String normalized = String.join(" ", normalizer.normalize(juliet));
        assertThat(normalized).doesNotContainIgnoringCase("bad").doesNotContainIgnoringCase("good")
                .doesNotContain("FLAW").doesNotContain("CWE");
    }

    @Test
    void foldsLiteralsAsConfigured() {
        SymbolicNormalizer all = new SymbolicNormalizer(new NormalizerOptions(true, true, true, false, false));
        assertThat(all.normalize("x = f(\"s\", 'c', 42);")).containsExactly("VAR1", "=", "FUN1", "(", "STR", ",",
                "CHR", ",", "NUM", ")", ";");
        assertThat(normalizer.normalize("x = 'c' + 42;")).containsExactly("VAR1", "=", "'c'", "+", "42", ";");
    }

    @Test
    void dropsCommentsAndDirectivesUnlessAsked() {
        String code = "#include <stdio.h>\n// note\nint x;";
        assertThat(normalizer.normalize(code)).containsExactly("int", "VAR1", ";");
        SymbolicNormalizer keep = new SymbolicNormalizer(new NormalizerOptions(true, false, false, true, true));
        assertThat(keep.normalize(code)).containsExactly("#include", "COMMENT", "int", "VAR1", ";");
    }

    @Test
    void handlesManySymbols() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            code.append("v").append(i).append(" = 0; ");
        }
        List<String> tokens = normalizer.normalize(code.toString());
        assertThat(tokens.get(tokens.size() - 4)).isEqualTo("VAR600");
    }

    @Test
    void theSameTokenTextIsOneStringAcrossFunctions() {
        SymbolicNormalizer normalizer = new SymbolicNormalizer();
        List<String> first = normalizer.normalize(new String("int f(char *s) { return strlen(s) + 10; }"));
        List<String> second = normalizer.normalize(new String("int g(char *t) { return strlen(t) + 10; }"));

        assertThat(first).isEqualTo(second);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("token %d, %s", i, first.get(i)).isSameAs(first.get(i));
        }
    }
}
