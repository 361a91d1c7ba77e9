package dev.leaklab.app.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeLayoutTest {

    private static List<String> tokens(String spaced) {
        return Arrays.asList(spaced.split(" "));
    }

    @Test
    void breaksAfterStatementsAndBracesAndIndentsByDepth() {
        assertThat(CodeLayout.format(tokens("void FUN1 ( ) { if ( VAR1 ) { VAR2 = 1 ; } return ; }"))).isEqualTo("""
                void FUN1 ( ) {
                    if ( VAR1 ) {
                        VAR2 = 1 ;
                    }
                    return ;
                }""");
    }

    @Test
    void keepsAForHeaderOnOneLine() {
        assertThat(CodeLayout.format(tokens("for ( VAR1 = 0 ; VAR1 < 8 ; VAR1 ++ ) VAR2 ++ ;")))
                .isEqualTo("for ( VAR1 = 0 ; VAR1 < 8 ; VAR1 ++ ) VAR2 ++ ;");
    }

    @Test
    void doesNotIndentUnbalancedGadgets() {
        assertThat(CodeLayout.format(tokens("if ( VAR1 ) { VAR2 = 0 ; while ( VAR2 ) { VAR2 -- ;"))).isEqualTo("""
                if ( VAR1 ) {
                VAR2 = 0 ;
                while ( VAR2 ) {
                VAR2 -- ;""");
        assertThat(CodeLayout.format(tokens("} } VAR1 = 0 ; ) )"))).isEqualTo("}\n}\nVAR1 = 0 ;\n) )");
        assertThat(CodeLayout.format(List.of())).isEmpty();
    }
}
