package dev.leaklab.core.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static final List<List<String>> CORPUS = List.of(List.of("a", "b", "a", "c"), List.of("a", "b", "d"));

    @Test
    void ordersByFrequencyThenTextAfterPaddingAndUnknown() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100);
        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "b", "c", "d");
        assertThat(v.id("a")).isEqualTo(2);
        assertThat(v.id("zzz")).isEqualTo(Vocabulary.UNK_ID);
    }

    @Test
    void appliesMinimumFrequencyAndMaximumSize() {
        assertThat(Vocabulary.build(CORPUS, 2, 100).tokens()).containsExactly("<pad>", "<unk>", "a", "b");
        assertThat(Vocabulary.build(CORPUS, 1, 3).tokens()).containsExactly("<pad>", "<unk>", "a");
    }

    @Test
    void roundTripsThroughItsTokenList() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100);
        assertThat(Vocabulary.of(v.tokens()).tokens()).isEqualTo(v.tokens());
        assertThatThrownBy(() -> Vocabulary.of(List.of("a", "b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesWithPaddingMaskAndTrueLength() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100);
        EncodedSequence e = new SequenceEncoder(v, 5, SequenceEncoder.Keep.HEAD).encode(List.of("a", "x", "d"));
        assertThat(e.ids()).containsExactly(2, 1, 5, 0, 0);
        assertThat(e.length()).isEqualTo(3);
        assertThat(e.mask()).containsExactly(1f, 1f, 1f, 0f, 0f);
        assertThat(e.truncated()).isFalse();
    }

    @Test
    void truncatesKeepingTheChosenEnd() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100);
        List<String> tokens = List.of("a", "b", "c", "d");
        EncodedSequence head = new SequenceEncoder(v, 2, SequenceEncoder.Keep.HEAD).encode(tokens);
        EncodedSequence tail = new SequenceEncoder(v, 2, SequenceEncoder.Keep.TAIL).encode(tokens);
        assertThat(head.ids()).containsExactly(2, 3);
        assertThat(tail.ids()).containsExactly(4, 5);
        assertThat(head.originalLength()).isEqualTo(4);
        assertThat(head.truncated()).isTrue();
    }
}
