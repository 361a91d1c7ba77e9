package dev.leaklab.core.code.bpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoding and decoding with hand-made files whose merges are worked out by hand below. */
class ByteLevelBpeTest {

    private static final String VOCAB = """
            {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": 4,
             "l": 5, "o": 6, "w": 7, "e": 8, "r": 9, "\u0120": 10, "a": 11,
             "lo": 12, "low": 13, "er": 14, "\u0120l": 15, "lower": 16, "\u0120low": 17, "aa": 18}
            """;
    private static final String MERGES = """
            #version: 0.2
            l o
            lo w
            e r
            \u0120 l
            low er
            \u0120 low
            a a
            """;

    @TempDir
    Path dir;

    private ByteLevelBpe handMade(String vocab, String merges) throws IOException, TokenizerException {
        Path v = dir.resolve("vocab.json");
        Path m = dir.resolve("merges.txt");
        Files.writeString(v, vocab, StandardCharsets.UTF_8);
        Files.writeString(m, merges, StandardCharsets.UTF_8);
        return ByteLevelBpe.load(v, m);
    }

    @Test
    void mergesLowestRankFirstAsWorkedOutByHand() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB, MERGES);
        // "lower" = l o w e r. Ranks of the pairs: (l,o)=0, (e,r)=2 -> merge l o: lo w e r
        //   (lo,w)=1, (e,r)=2 -> low e r;  (e,r)=2 -> low er;  (low,er)=4 -> lower
        // " low" = Ġ l o w. (Ġ,l)=3 but (l,o)=0 is lower -> Ġ lo w; (Ġ,lo) is no merge, (lo,w)=1 -> Ġ low;
        //   (Ġ,low)=5 -> Ġlow. The merge Ġ l never fires: rank order, not left-to-right order, decides.
        assertThat(bpe.tokens("lower low")).containsExactly("lower", "\u0120low");
        assertThat(bpe.encode("lower low")).containsExactly(16, 17);
        // " lo" = Ġ l o: (l,o)=0 first -> Ġ lo, then nothing applies
        assertThat(bpe.tokens(" lo")).containsExactly("\u0120", "lo");
    }

    @Test
    void mergesRepeatedPairsLeftToRight() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB, MERGES);
        // a a a: both (a,a) pairs have rank 6; the left one merges first and consumes the middle a
        assertThat(bpe.tokens("aaa")).containsExactly("aa", "a");
        assertThat(bpe.tokens("aaaa")).containsExactly("aa", "aa");
    }

    @Test
    void mapsSymbolsOutsideTheVocabularyToUnknown() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB, MERGES);
        assertThat(bpe.tokens("low!")).containsExactly("low", "<unk>");
        assertThat(bpe.encode("low!")).containsExactly(13, 3);
    }

    @Test
    void dropsSymbolsOutsideTheVocabularyWhenThereIsNoUnknownToken() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB.replace("\"<unk>\": 3,", ""), MERGES);
        assertThat(bpe.unkId()).isEqualTo(-1);
        assertThat(bpe.encode("low!")).containsExactly(13);
    }

    @Test
    void splitsTextWithGpt2sPattern() {
        assertThat(ByteLevelBpe.preTokenize("Hello world's 123!!"))
                .containsExactly("Hello", " world", "'s", " 123", "!!");
        assertThat(ByteLevelBpe.preTokenize("don't I'M")).containsExactly("don", "'t", " I", "'", "M");
        // runs of white space give their last space to the next word
        assertThat(ByteLevelBpe.preTokenize("a   b\n\n")).containsExactly("a", "  ", " b", "\n\n");
        assertThat(ByteLevelBpe.preTokenize("\tint x;\n")).containsExactly("\t", "int", " x", ";", "\n");
        assertThat(ByteLevelBpe.preTokenize("x=a->b[2]")).containsExactly("x", "=", "a", "->", "b", "[", "2", "]");
    }

    @Test
    void treatsUnicodeWhiteSpaceLettersAndDigitsAsUnicodeDoes() {
        assertThat(ByteLevelBpe.preTokenize("\u00e9t\u00e9\u3000\u4e2d\u6587 \u0663\u0664"))
                .containsExactly("\u00e9t\u00e9", "\u3000", "\u4e2d\u6587", " \u0663\u0664");
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB, MERGES);
        assertThat(bpe.decode(bpe.encode("lower low aaa"))).isEqualTo("lower low aaa");
    }

    @Test
    void decodesSpecialTokensLiterallyAndBrokenBytesAsReplacementCharacters() throws Exception {
        ByteLevelBpe trained = ByteLevelBpe.train(List.of("\u00e9"), 261, 1);
        int[] e = trained.encode("\u00e9");
        assertThat(e).hasSize(2);
        assertThat(trained.decode(new int[] {e[0]})).isEqualTo("\ufffd");
        assertThat(trained.decode(new int[] {trained.bosId(), e[0], e[1], trained.eosId()}))
                .isEqualTo("<s>\u00e9</s>");
        assertThatThrownBy(() -> trained.decode(new int[] {99_999}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99999");
    }

    @Test
    void neverReadsSpecialTokensOutOfText() throws Exception {
        ByteLevelBpe bpe = ByteLevelBpe.train(List.of("a </s> b <s>"), 300, 1);
        assertThat(bpe.encode("x</s><s><pad>")).doesNotContain(0, 1, 2, 3, 4);
    }

    @Test
    void wrapsInBosAndEosAndTruncatesKeepingEosLast() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB, MERGES);
        assertThat(bpe.bosId()).isZero();
        assertThat(bpe.padId()).isEqualTo(1);
        assertThat(bpe.eosId()).isEqualTo(2);
        assertThat(bpe.encodeForModel("lower low", 10)).containsExactly(0, 16, 17, 2);
        assertThat(bpe.encodeForModel("lower low", 3)).containsExactly(0, 16, 2);
        assertThat(bpe.encodeForModel("lower low", 2)).containsExactly(0, 2);
        assertThat(bpe.encodeForModel("", 5)).containsExactly(0, 2);
        assertThatThrownBy(() -> bpe.encodeForModel("low", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToWrapWithoutBosOrEos() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB.replace("\"<s>\": 0,", ""), MERGES);
        assertThat(bpe.bosId()).isEqualTo(-1);
        assertThatThrownBy(() -> bpe.encodeForModel("low", 8))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("<s>");
    }

    @Test
    void reportsVocabSizeAsLargestIdPlusOne() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB, MERGES);
        assertThat(bpe.vocabSize()).isEqualTo(19);
        assertThat(bpe.mergeCount()).isEqualTo(7);
        assertThat(bpe.id("lower")).isEqualTo(16);
        assertThat(bpe.id("nope")).isEqualTo(-1);
        assertThat(bpe.token(17)).isEqualTo("\u0120low");
    }

    @Test
    void namesFileAndLineOfAMergeWithThreeTokens() throws Exception {
        assertThatThrownBy(() -> handMade(VOCAB, "#version: 0.2\nl o\nlo w e\n"))
                .isInstanceOf(TokenizerException.class)
                .hasMessageMatching(".*merges\\.txt:3: expected two tokens separated by one space.*")
                .satisfies(e -> assertThat(((TokenizerException) e).line()).isEqualTo(3));
    }

    @Test
    void namesAMergeWhoseTokensAreNotInTheVocabulary() throws Exception {
        assertThatThrownBy(() -> handMade(VOCAB, "#version: 0.2\nl o\nw e\n"))
                .isInstanceOf(TokenizerException.class)
                .hasMessageMatching(".*merges\\.txt:3: token 'we' of merge 'w e' is not in the vocabulary");
    }

    @Test
    void namesTheLineOfAnIdThatIsNotAnInteger() throws Exception {
        assertThatThrownBy(() -> handMade("{\n\"a\": 0,\n\"b\": \"one\"\n}", "#version: 0.2\n"))
                .isInstanceOf(TokenizerException.class)
                .hasMessageMatching(".*vocab\\.json:3: the id of token 'b' is not an integer");
    }

    @Test
    void rejectsDuplicateIdsNegativeIdsAndDuplicateTokens() {
        assertThatThrownBy(() -> handMade("{\"a\": 0, \"b\": 0}", ""))
                .hasMessageEndingWith("id 0 is given to both 'a' and 'b'");
        assertThatThrownBy(() -> handMade("{\"a\": -1}", ""))
                .hasMessageContaining("the id of token 'a' is -1");
        assertThatThrownBy(() -> handMade("{\"a\": 0, \"a\": 1}", ""))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsJsonThatIsNotAnObjectOfIds() {
        assertThatThrownBy(() -> handMade("[1, 2]", "")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> handMade("{\"a\": 0", "")).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("vocab.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> handMade("{}", "")).hasMessageEndingWith("the vocabulary is empty");
        assertThatThrownBy(() -> handMade("{\"a\": 0} {}", "")).hasMessageContaining("unexpected content");
    }

    @Test
    void errorsAreOneLine() {
        assertThatThrownBy(() -> handMade("{\"a\": 0,\n\n  ]", ""))
                .isInstanceOf(TokenizerException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("vocab.json:3"));
    }

    @Test
    void saysWhichFileIsMissing() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> ByteLevelBpe.load(missing, dir.resolve("merges.txt")))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(missing + ": cannot read: no such file");
    }

    @Test
    void rejectsMergesThatAreNotUtf8() throws Exception {
        Path v = dir.resolve("vocab.json");
        Path m = dir.resolve("merges.txt");
        Files.writeString(v, VOCAB);
        Files.write(m, new byte[] {'l', ' ', (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> ByteLevelBpe.load(v, m)).hasMessage(m + ": not UTF-8 text");
    }

    @Test
    void acceptsWindowsLineEndingsAndAMissingVersionLine() throws Exception {
        ByteLevelBpe bpe = handMade(VOCAB, MERGES.replace("#version: 0.2\n", "").replace("\n", "\r\n"));
        assertThat(bpe.tokens("lower low")).containsExactly("lower", "\u0120low");
    }
}
