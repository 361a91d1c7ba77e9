package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.code.bpe.ByteLevelBpe;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.pretrained.PretrainedFolder;
import dev.leaklab.core.model.pretrained.RobertaReference;
import dev.leaklab.core.model.pretrained.TinyRobertaCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A tiny Hugging Face checkpoint loaded into the encoder gives what a plain-Java RoBERTa computes. */
class PretrainedEncoderTest {

    private static final int MAX_LENGTH = 16;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, TinyRobertaCheckpoint.LAYERS})
    void loadedEncoderMatchesTheReferenceForwardPass(int layers) throws Exception {
        Path folderPath = TinyRobertaCheckpoint.write(dir.resolve("tiny"), 42);
        PretrainedFolder folder = PretrainedFolder.open(folderPath);
        ByteLevelBpe bpe = folder.tokenizer();
        ModelConfig config = PretrainedEncoder.configFor(folder.config(), ModelConfig.defaults(Architecture.CODEBERT),
                MAX_LENGTH);
        EncoderNetwork net = PretrainedEncoder.load(folder, config, layers);
        RobertaReference reference = new RobertaReference(folder.config(), folder.weights());

        List<String> code = List.of("int f(char *s) { char b[8]; strcpy(b, s); return 0; }", "x = 1;");
        int[][] ids = new int[code.size()][];
        int[] lengths = new int[code.size()];
        int t = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = bpe.encodeForModel(code.get(i), MAX_LENGTH);
            lengths[i] = ids[i].length;
            t = Math.max(t, ids[i].length);
        }
        float[] out = net.forward(ids, lengths, false, 0, null).representation();
        for (int i = 0; i < ids.length; i++) {
            int[] padded = new int[t];
            int[] attention = new int[t];
            java.util.Arrays.fill(padded, bpe.padId());
            System.arraycopy(ids[i], 0, padded, 0, ids[i].length);
            java.util.Arrays.fill(attention, 0, ids[i].length, 1);
            float[] expected = reference.forward(padded, attention, layers)[0];
            for (int j = 0; j < expected.length; j++) {
                assertThat(out[i * expected.length + j]).as("sample %d dimension %d", i, j)
                        .isCloseTo(expected[j], org.assertj.core.data.Offset.offset(2e-4f));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aFolderWithMissingFilesIsNamedInOneMessage() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> PretrainedFolder.open(empty))
                .hasMessageContaining("config.json").hasMessageContaining("vocab.json")
                .hasMessageContaining("merges.txt").hasMessageContaining("model.safetensors");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void trainsFromAPretrainedFolderAndRoundTrips(boolean freeze) throws Exception {
        Path folderPath = TinyRobertaCheckpoint.write(dir.resolve("tiny"), 7);
        PretrainedFolder folder = PretrainedFolder.open(folderPath);
        List<dev.leaklab.core.data.NormalizedSample> samples = dev.leaklab.core.data.synthetic.SyntheticCorpus
                .generate(new dev.leaklab.core.data.synthetic.SyntheticCorpus.Spec(80, 3)).stream()
                .map(s -> new dev.leaklab.core.data.NormalizedSample(s, List.of())).toList();
        dev.leaklab.core.model.LabelledSequences data = dev.leaklab.core.experiment.ModelTraining.encode(samples,
                folder.tokenizer(), MAX_LENGTH);
        ModelConfig config = PretrainedEncoder.configFor(folder.config(), ModelConfig.defaults(Architecture.CODEBERT)
                .withEpochs(2).withBatchSize(16), MAX_LENGTH).withPretrained(folderPath.toString(), freeze);
        List<dev.leaklab.core.model.TrainingProgress> seen = new java.util.ArrayList<>();
        dev.leaklab.core.model.TrainedModel model = dev.leaklab.core.model.Trainers.standard().train("p", config, null,
                data, null, seen::add, dev.leaklab.core.task.CancellationToken.none());
        assertThat(seen).filteredOn(dev.leaklab.core.model.TrainingProgress::endOfEpoch).hasSize(2)
                .allSatisfy(p -> assertThat(p.loss()).isFinite());
        dev.leaklab.core.model.ModelOutputs out = model.outputs(data, dev.leaklab.core.task.CancellationToken.none());
        assertThat(out.embeddingSize()).isEqualTo(TinyRobertaCheckpoint.HIDDEN);
        model.save(dir.resolve("checkpoint"));
        dev.leaklab.core.model.TrainedModel loaded = dev.leaklab.core.model.Trainers.load(dir.resolve("checkpoint"));
        assertThat(loaded.outputs(data, dev.leaklab.core.task.CancellationToken.none()).logits())
                .containsExactly(out.logits());
    }
}
