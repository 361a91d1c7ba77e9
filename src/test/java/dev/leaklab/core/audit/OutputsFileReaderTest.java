package dev.leaklab.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.InputException;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.dl4j.Nd4jNumpyReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsFileReaderTest {

    static final Path FIXTURES = Path.of("src/test/fixtures/import");

    @TempDir
    Path dir;

    private static ImportedOutputs read(Path file) throws InputException {
        return OutputsFileReader.read(file, null, new Nd4jNumpyReader());
    }

    @Test
    void csvJsonLinesAndNpzOfTheSameOutputsReadTheSameNumbers() throws Exception {
        ImportedOutputs csv = read(FIXTURES.resolve("outputs.csv"));
        ImportedOutputs jsonl = read(FIXTURES.resolve("outputs.jsonl"));
        ImportedOutputs npz = read(FIXTURES.resolve("outputs.npz"));
        for (Subset s : Subset.values()) {
            ModelOutputs a = csv.get(s).orElseThrow();
            for (ImportedOutputs other : new ImportedOutputs[] {jsonl, npz}) {
                ModelOutputs b = other.get(s).orElseThrow();
                assertThat(b.ids()).isEqualTo(a.ids());
                assertThat(b.labels()).isEqualTo(a.labels());
                assertThat(b.logits()).isEqualTo(a.logits());
                assertThat(b.losses()).isEqualTo(a.losses());
                assertThat(b.embeddings()).isEqualTo(a.embeddings());
            }
            assertThat(a.size()).isEqualTo(10);
        }
        assertThat(csv.embeddingSize()).isEqualTo(3);
        assertThat(csv.hasShadow()).isTrue();
        assertThat(csv.given()).contains("logits", "loss");
        assertThat(csv.derived()).contains("probabilities", "confidence");
    }

    @Test
    void aGivenLossIsKeptAndAMissingOneDerivedFromTheLogits() throws Exception {
        Path file = write("o.csv", "id,role,label,logit0,logit1,loss\n"
                + "a,target-in,1,0,2,0.5\nb,target-out,0,1,0,0.25\n");
        ImportedOutputs given = read(file);
        assertThat(given.get(Subset.TARGET_IN).orElseThrow().loss(0)).isEqualTo(0.5f);
        Path plain = write("p.csv", "id,role,label,logit0,logit1\na,target-in,1,0,2\nb,target-out,0,1,0\n");
        ModelOutputs derived = read(plain).get(Subset.TARGET_IN).orElseThrow();
        assertThat((double) derived.loss(0)).isCloseTo(Math.log1p(Math.exp(-2)), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(read(plain).derived()).contains("loss", "confidence");
    }

    @Test
    void probabilitiesBecomeLogProbabilityLogitsWithTheSameSoftmax() throws Exception {
        Path file = write("p.csv", "id,member,label,probability\na,1,1,0.9\nb,0,0,0.2\n");
        ModelOutputs in = read(file).get(Subset.TARGET_IN).orElseThrow();
        assertThat((double) in.probability(0, 1)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) in.loss(0)).isCloseTo(-Math.log(0.9), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aMembersFileMarksTheTargetRowsWhenTheFileDoesNot() throws Exception {
        Path file = write("o.csv", "id,label,logit0,logit1\na,1,0,2\nb,0,1,0\nc,0,2,0\n");
        Path members = write("members.txt", "# trained on\na\n");
        ImportedOutputs o = OutputsFileReader.read(file, MemberList.read(members), new Nd4jNumpyReader());
        assertThat(o.get(Subset.TARGET_IN).orElseThrow().ids()).containsExactly("a");
        assertThat(o.get(Subset.TARGET_OUT).orElseThrow().ids()).containsExactly("b", "c");
        assertThat(o.hasShadow()).isFalse();
    }

    @Test
    void badRowsAreNamedByFileAndLine() throws Exception {
        assertRefused("id,role,label,logit0,logit1\na,target-in,1,0,2\nb,target-out,2,1,0\n",
                "o.csv:3: label '2' is not 0 or 1");
        assertRefused("id,role,label,logit0,logit1\na,target-in,1,0,NaN\nb,target-out,0,1,0\n",
                "o.csv:2: logit1 is NaN: the model's outputs must be finite numbers");
        assertRefused("id,role,label,logit0,logit1\na,target-in,1,0,2\na,target-out,0,1,0\n",
                "o.csv:3: id 'a' appears twice among the target model's rows (first on line 2)");
        assertRefused("id,label,logit0,logit1\na,1,0,2\n", "o.csv:1: does not say which rows were members");
        assertRefused("id,role,label,score\na,target-in,1,2\n", "o.csv:1: no scores: give logit0 and logit1");
        assertRefused("id,role,label,logit0,logit1,logit2\na,target-in,1,0,2,1\n", "more than two logits");
        assertRefused("id,role,label,logit0,logit1\na,target-in,1,0,2\n", "has no target-out rows");
        assertRefused("id,role,label,logit0,logit1\na,member,1,0,2\n", "o.csv:2: role 'member' is not one of");
        assertRefused("id,role,label,prob0,prob1\na,target-in,1,2,3\n", "o.csv:2: prob0 2.0 is not a probability");
    }

    @Test
    void aMembersFileNamingAnIdTheOutputsLackIsRefusedAtItsLine() throws Exception {
        Path file = write("o.csv", "id,label,logit0,logit1\na,1,0,2\nb,0,1,0\n");
        Path members = write("members.txt", "a\n\nzz\n");
        assertThatThrownBy(() -> OutputsFileReader.read(file, MemberList.read(members), new Nd4jNumpyReader()))
                .isInstanceOf(InputException.class).hasMessageEndingWith("members.txt:3: id 'zz' is not in o.csv");
    }

    @Test
    void aJsonLinesRowWithAnEmbeddingOfAnotherWidthIsRefused() throws Exception {
        Path file = write("o.jsonl", "{\"id\":\"a\",\"role\":\"target-in\",\"label\":1,\"logits\":[0,2],"
                + "\"embedding\":[1,2]}\n{\"id\":\"b\",\"role\":\"target-out\",\"label\":0,\"logits\":[1,0],"
                + "\"embedding\":[1]}\n");
        assertThatThrownBy(() -> read(file)).isInstanceOf(InputException.class)
                .hasMessageEndingWith("o.jsonl:2: embedding has 1 values, the first row's has 2");
    }

    private void assertRefused(String csv, String message) throws IOException {
        Path file = write("o.csv", csv);
        assertThatThrownBy(() -> read(file)).isInstanceOf(InputException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
