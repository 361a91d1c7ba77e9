package dev.leaklab.core.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.synthetic.SyntheticCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The label-only attack's variants: each edit changes only what a compiler would not notice. */
class CodeVariantsTest {

    private final SymbolicNormalizer normalizer = new SymbolicNormalizer();

    @Test
    void theSameSampleGetsTheSameVariantsAndAnotherSeedOthers() {
        String code = "int n = 0;\nint m = 1;\nwhile (n < 10) {\nn++;\n}\n";
        assertThat(new CodeVariants(1).of("a", code, 8)).isEqualTo(new CodeVariants(1).of("a", code, 8))
                .hasSize(8);
        assertThat(new CodeVariants(2).of("a", code, 8)).isNotEqualTo(new CodeVariants(1).of("a", code, 8));
    }

    @Test
    void renamingTouchesDeclaredNamesOnlyAndNormalisationUndoesIt() {
        List<String> lines = List.of("char *buf = malloc(len);", "int n = strlen(src);", "p->n = n;",
                "memcpy(buf, src, n);");
        List<String> renamed = CodeVariants.rename(lines, new SplittableRandom(3));
        assertThat(String.join("\n", renamed)).doesNotContain("buf", " n ").contains("p->n", "malloc(len)",
                "memcpy(", "strlen(src)");
        // the normaliser reads the field p->n and the local n as one name; with no such clash it undoes renaming
        List<String> plain = List.of("char *buf = malloc(len);", "int n = strlen(src);", "memcpy(buf, src, n);");
        assertThat(normalizer.normalize(String.join("\n", CodeVariants.rename(plain, new SplittableRandom(3)))))
                .isEqualTo(normalizer.normalize(String.join("\n", plain)));
    }

    @Test
    void independentDeclarationsSwapAndDependentOnesDoNot() {
        assertThat(CodeVariants.independentDeclarations("int a = 0;", "char b[10];")).isTrue();
        assertThat(CodeVariants.independentDeclarations("int a = 0;", "int b = a;")).isFalse();
        assertThat(CodeVariants.independentDeclarations("int a = f();", "int b = 1;")).isFalse();
        assertThat(CodeVariants.independentDeclarations("int a = 0;", "b = 1;")).isFalse();
        assertThat(CodeVariants.independentDeclarations("int a = 0; int c;", "int b = 1;")).isFalse();
        List<String> lines = new ArrayList<>(List.of("x = 1;", "int a = 0;", "char b[10];"));
        assertThat(CodeVariants.reorder(lines, new SplittableRandom(1))).isTrue();
        assertThat(lines).containsExactly("x = 1;", "char b[10];", "int a = 0;");
    }

    @Test
    void loopsChangeFormBothWaysButADoWhileTailStays() {
        assertThat(CodeVariants.loopRewrite("  while (i < n) {")).isEqualTo("  for (; i < n;) {");
        assertThat(CodeVariants.loopRewrite("for (; i < n;) {")).isEqualTo("while (i < n) {");
        assertThat(CodeVariants.loopRewrite("} while (x);")).isNull();
        assertThat(CodeVariants.loopRewrite("while (x);")).isNull();
        assertThat(CodeVariants.loopRewrite("for (i = 0; i < n; i++)")).isNull();
        assertThat(CodeVariants.loopRewrite("if (x)")).isNull();
    }

    @Test
    void onlyDiscardedIncrementsChangeSides() {
        assertThat(CodeVariants.incrementRewrite("i++;")).isEqualTo("++i;");
        assertThat(CodeVariants.incrementRewrite("--count;")).isEqualTo("count--;");
        assertThat(CodeVariants.incrementRewrite("for (i = 0; i < n; i++)")).isEqualTo("for (i = 0; i < n; ++i)");
        assertThat(CodeVariants.incrementRewrite("x = i++;")).isNull();
        assertThat(CodeVariants.incrementRewrite("a[i++] = 0;")).isNull();
        assertThat(CodeVariants.incrementRewrite("p->n++;")).isNull();
    }

    @Test
    void deadStatementsNeverSplitAStatementOrAnIfFromItsElse() {
        List<String> lines = List.of("if (x)", "y = 1;", "else", "y = f(a,", "b);");
        for (long seed = 0; seed < 200; seed++) {
            List<String> edited = new ArrayList<>(lines);
            CodeVariants.deadStatement(edited, new SplittableRandom(seed));
            assertThat(edited).hasSize(lines.size() + 1);
            int at = firstDifference(lines, edited);
            // the only places: before everything, or after "b);" (after "y = 1;" an else follows)
            assertThat(at).as("seed " + seed + ": " + edited).isIn(0, lines.size());
        }
    }

    @Test
    void mostGeneratedFunctionsGetVariantsTheModelSeesAsDifferent() {
        List<Sample> samples = SyntheticCorpus.generate(new SyntheticCorpus.Spec(200, 11));
        CodeVariants variants = new CodeVariants(5);
        int differ = 0;
        int total = 0;
        for (Sample s : samples) {
            List<String> original = normalizer.normalize(s.code());
            for (String v : variants.of(s.id(), s.code(), 4)) {
                total++;
                if (!normalizer.normalize(v).equals(original)) {
                    differ++;
                }
            }
        }
        // why: two swapped declarations alike after normalisation ("int VAR = 0 ;") read the same to the model
        assertThat(differ).as("variants that differ after normalisation").isGreaterThan(total * 9 / 10);
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }
}
