package dev.leaklab.core.code.bpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips and agreement with GPT-2's own merge loop, on any text. */
class ByteLevelBpeProperties {

    private static final ByteLevelBpe BPE = ByteLevelBpe.train(CorpusForTests.cFunctions(300, 21), 700, 2);
    private static final Gpt2ReferenceBpe REFERENCE = new Gpt2ReferenceBpe(mergeLines(BPE));

    private static List<String> mergeLines(ByteLevelBpe bpe) {
        try {
            Path tmp = Files.createTempDirectory("bpe");
            try {
                bpe.save(tmp.resolve("vocab.json"), tmp.resolve("merges.txt"));
                return Files.readAllLines(tmp.resolve("merges.txt"));
            } finally {
                Files.deleteIfExists(tmp.resolve("vocab.json"));
                Files.deleteIfExists(tmp.resolve("merges.txt"));
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 500)
    void decodesAnyUnicodeTextBackExactly(@ForAll("unicodeText") String text) {
        assertThat(BPE.decode(BPE.encode(text))).isEqualTo(text);
    }

    @Property(tries = 300)
    void decodesCodeWithTabsAndNewlinesBackExactly(@ForAll("cCode") String text) {
        assertThat(BPE.decode(BPE.encode(text))).isEqualTo(text);
    }

    @Property(tries = 300)
    void piecesConcatenateToTheText(@ForAll("unicodeText") String text) {
        assertThat(String.join("", ByteLevelBpe.preTokenize(text))).isEqualTo(text);
    }

    @Property(tries = 300)
    void mergesExactlyAsGpt2sEncoderDoes(@ForAll("cCode") String code, @ForAll("unicodeText") String noise) {
        String text = code + noise;
        List<String> expected = new ArrayList<>();
        for (String piece : ByteLevelBpe.preTokenize(text)) {
            expected.addAll(REFERENCE.tokens(piece));
        }
        assertThat(BPE.tokens(text)).isEqualTo(expected);
        assertThat(BPE.encode(text)).hasSize(expected.size());
    }

    @Property(tries = 200)
    void modelInputStartsWithBosEndsWithEosAndFits(@ForAll("cCode") String text,
            @ForAll @IntRange(min = 2, max = 64) int maxLength) {
        int[] ids = BPE.encodeForModel(text, maxLength);
        int[] body = BPE.encode(text);
        assertThat(ids.length).isEqualTo(Math.min(body.length + 2, maxLength));
        assertThat(ids[0]).isEqualTo(BPE.bosId());
        assertThat(ids[ids.length - 1]).isEqualTo(BPE.eosId());
        for (int i = 1; i < ids.length - 1; i++) {
            assertThat(ids[i]).isEqualTo(body[i - 1]);
        }
    }

    @Provide
    Arbitrary<String> unicodeText() {
        Arbitrary<Integer> anyCodePoint = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE);
        Arbitrary<Integer> common = Arbitraries.of((int) ' ', (int) '\t', (int) '\n', (int) '\r', (int) '\'',
                (int) 's', (int) 'x', (int) '7', (int) '\u00a0', (int) '\u3000', (int) '\u00e9', 0x1F600, 0);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, common), net.jqwik.api.Tuple.of(2, anyCodePoint))
                .list().ofMaxSize(40)
                .map(cps -> {
                    StringBuilder s = new StringBuilder();
                    cps.forEach(s::appendCodePoint);
                    return s.toString();
                });
    }

    @Provide
    Arbitrary<String> cCode() {
        return Arbitraries.of("int", " x", "\t", "\n", "\r\n", "  ", "->", "(", ");", "buf[i]", " = ", "0x1f",
                "/* c\u00e9 */", "\"%s\\n\"", "memcpy", " ", "{", "}", "++", "'s", "'\\0'", "  \t", "return")
                .list().ofMaxSize(30).map(parts -> String.join("", parts));
    }
}
