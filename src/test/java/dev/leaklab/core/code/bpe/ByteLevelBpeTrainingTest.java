package dev.leaklab.core.code.bpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learning merges from a corpus, and writing them as Hugging Face files. */
class ByteLevelBpeTrainingTest {

    @TempDir
    Path dir;

    @Test
    void learnsTheMostFrequentPairFirstAndBreaksTiesByPairIds() throws Exception {
        // words: "ab" x1, " ab" x2 (Ġab), " cd" x1 (Ġcd). Pair counts: (a,b)=3, (Ġ,a)=2, (Ġ,c)=1, (c,d)=1.
        // 1st merge: a b (3). Then (Ġ,ab)=2, (Ġ,c)=1, (c,d)=1 -> 2nd merge: Ġ ab.
        // 3rd: (Ġ,c) and (c,d) tie at 1; 'c' (U+0063) sorts before 'Ġ' (U+0120), so c has the smaller id
        // and (c,d) wins.
        ByteLevelBpe bpe = ByteLevelBpe.train(List.of("ab ab ab cd"), 264, 1);
        bpe.save(dir.resolve("v.json"), dir.resolve("m.txt"));
        assertThat(Files.readAllLines(dir.resolve("m.txt")))
                .containsExactly("#version: 0.2", "a b", "\u0120 ab", "c d");
        assertThat(bpe.vocabSize()).isEqualTo(264);
        assertThat(bpe.id("ab")).isEqualTo(261);
        assertThat(bpe.id("\u0120ab")).isEqualTo(262);
        assertThat(bpe.id("cd")).isEqualTo(263);
        assertThat(bpe.tokens("ab cd")).containsExactly("ab", "\u0120", "cd");
    }

    @Test
    void stopsAtTheMinimumFrequencyOrTheVocabularySize() {
        assertThat(ByteLevelBpe.train(List.of("ab ab ab cd"), 300, 2).mergeCount()).isEqualTo(2);
        assertThat(ByteLevelBpe.train(List.of("ab ab ab cd"), 262, 1).mergeCount()).isEqualTo(1);
    }

    @Test
    void givesSpecialTokensTheFirstIdsThenEveryByte() {
        ByteLevelBpe bpe = ByteLevelBpe.train(List.of("int main(void) { return 0; }"), 270, 1);
        assertThat(List.of(bpe.token(0), bpe.token(1), bpe.token(2), bpe.token(3), bpe.token(4)))
                .containsExactly("<s>", "<pad>", "</s>", "<unk>", "<mask>");
        assertThat(bpe.bosId()).isZero();
        assertThat(bpe.padId()).isEqualTo(1);
        assertThat(bpe.eosId()).isEqualTo(2);
        assertThat(bpe.unkId()).isEqualTo(3);
        assertThat(bpe.token(5)).isEqualTo("!");
        assertThat(bpe.vocabSize()).isEqualTo(270);
        // every byte has a symbol, so text the corpus never showed still encodes without <unk>
        assertThat(bpe.encode("\u00fc\u4e2d\ud83d\ude00\u0000")).doesNotContain(bpe.unkId());
    }

    @Test
    void rejectsAVocabularyTooSmallForTheBytes() {
        assertThatThrownBy(() -> ByteLevelBpe.train(List.of("x"), 260, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 261");
        assertThatThrownBy(() -> ByteLevelBpe.train(List.of("x"), 300, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isDeterministic() throws Exception {
        List<String> corpus = CorpusForTests.cFunctions(200, 7);
        ByteLevelBpe.train(corpus, 600, 2).save(dir.resolve("v1.json"), dir.resolve("m1.txt"));
        ByteLevelBpe.train(new ArrayList<>(corpus), 600, 2).save(dir.resolve("v2.json"), dir.resolve("m2.txt"));
        assertThat(Files.readAllBytes(dir.resolve("v1.json"))).isEqualTo(Files.readAllBytes(dir.resolve("v2.json")));
        assertThat(Files.readAllBytes(dir.resolve("m1.txt"))).isEqualTo(Files.readAllBytes(dir.resolve("m2.txt")));
    }

    @Test
    void savesFilesThatLoadIntoTheSameTokenizer() throws Exception {
        List<String> corpus = CorpusForTests.cFunctions(300, 11);
        ByteLevelBpe trained = ByteLevelBpe.train(corpus, 800, 2);
        Path vocab = dir.resolve("vocab.json");
        Path merges = dir.resolve("merges.txt");
        trained.save(vocab, merges);
        ByteLevelBpe loaded = ByteLevelBpe.load(vocab, merges);
        assertThat(loaded.vocabSize()).isEqualTo(trained.vocabSize());
        assertThat(loaded.mergeCount()).isEqualTo(trained.mergeCount());
        for (String text : CorpusForTests.cFunctions(100, 12)) {
            assertThat(loaded.encode(text)).isEqualTo(trained.encode(text));
        }
        loaded.save(dir.resolve("again.json"), dir.resolve("again.txt"));
        assertThat(Files.readString(dir.resolve("again.json"))).isEqualTo(Files.readString(vocab));
        assertThat(Files.readString(dir.resolve("again.txt"))).isEqualTo(Files.readString(merges));
    }

    @Test
    void trainsOnFourThousandFunctionsInWellUnderFiveSeconds() {
        List<String> corpus = CorpusForTests.cFunctions(4000, 3);
        long start = System.nanoTime();
        ByteLevelBpe bpe = ByteLevelBpe.train(corpus, 2000, 2);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(bpe.vocabSize()).isEqualTo(2000);
        assertThat(millis).isLessThan(5000);
        // merges pay off: code needs far fewer tokens than bytes
        String sample = corpus.get(0);
        assertThat(bpe.encode(sample).length).isLessThan(sample.length() / 2);
    }

    @Test
    void randomCorporaRoundTrip() {
        Random random = new Random(5);
        List<String> corpus = CorpusForTests.cFunctions(50, 1);
        ByteLevelBpe bpe = ByteLevelBpe.train(corpus, 500, 1);
        for (int i = 0; i < 200; i++) {
            String text = corpus.get(random.nextInt(corpus.size()));
            String cut = text.substring(random.nextInt(text.length()));
            assertThat(bpe.decode(bpe.encode(cut))).isEqualTo(cut);
        }
    }
}
