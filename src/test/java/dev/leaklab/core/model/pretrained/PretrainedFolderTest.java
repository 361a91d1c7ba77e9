package dev.leaklab.core.model.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.code.bpe.ByteLevelBpe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedFolderTest {

    @TempDir
    Path dir;

    @Test
    void reportsEveryMissingFileAtOnce() throws Exception {
        Files.writeString(dir.resolve("vocab.json"), "{}");
        assertThatThrownBy(() -> PretrainedFolder.open(dir)).isInstanceOf(PretrainedException.class)
                .hasMessageStartingWith(dir + ": missing config.json, merges.txt, model.safetensors (");
    }

    @Test
    void saysWhenTheFolderIsNotThere() {
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> PretrainedFolder.open(absent)).hasMessage(absent + ": no such folder");
    }

    @Test
    void opensATinyCheckpoint() throws Exception {
        PretrainedFolder folder = PretrainedFolder.open(TinyRobertaCheckpoint.write(dir.resolve("tiny"), 1));
        ByteLevelBpe bpe = folder.tokenizer();
        assertThat(folder.config()).isEqualTo(TinyRobertaCheckpoint.config(bpe.vocabSize()));
        assertThat(bpe.encodeForModel("return 0;", 16)).startsWith(0).endsWith(2);
        folder.validateShapes();
        Map<String, Tensor> weights = folder.weights();
        assertThat(weights).hasSize(5 + 16 * TinyRobertaCheckpoint.LAYERS);
        assertThat(weights.get("encoder.layer.1.intermediate.dense.weight").shape())
                .containsExactly(TinyRobertaCheckpoint.INTERMEDIATE, TinyRobertaCheckpoint.HIDDEN);
        assertThat(weights).isEqualTo(TinyRobertaCheckpoint.randomWeights(folder.config(), 1, ""));
    }

    @Test
    void acceptsTaskModelNamesWithTheRobertaPrefix() throws Exception {
        PretrainedFolder folder = PretrainedFolder.open(TinyRobertaCheckpoint.write(dir, 2, "roberta."));
        folder.validateShapes();
        assertThat(folder.weights()).containsKey("roberta.embeddings.word_embeddings.weight");
    }

    @Test
    void listsEveryMissingTensorAndWrongShapeInOneMessage() throws Exception {
        TinyRobertaCheckpoint.write(dir, 3);
        PretrainedFolder folder = PretrainedFolder.open(dir);
        Map<String, Tensor> weights = new LinkedHashMap<>(folder.weights());
        weights.remove("embeddings.LayerNorm.bias");
        weights.remove("encoder.layer.1.attention.self.key.bias");
        String name = "encoder.layer.0.output.dense.weight";
        weights.put(name, new Tensor(name, new long[] {32, 16}, weights.get(name).data()));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, weights);
        assertThatThrownBy(folder::validateShapes).isInstanceOf(PretrainedException.class)
                .hasMessage(file + ": does not fit config.json (2 layers, hidden 16): "
                        + "missing embeddings.LayerNorm.bias, encoder.layer.1.attention.self.key.bias; "
                        + "encoder.layer.0.output.dense.weight has shape [32, 16], expected [16, 32]");
    }

    @Test
    void refusesATokenizerThatDisagreesWithTheConfig() throws Exception {
        TinyRobertaCheckpoint.write(dir, 4);
        RobertaConfig config = PretrainedFolder.open(dir).config();
        new RobertaConfig(100, 16, 2, 2, 32, 66, 1, 1e-5, "gelu", 0).write(dir.resolve("config.json"));
        PretrainedFolder folder = PretrainedFolder.open(dir);
        assertThatThrownBy(folder::tokenizer).isInstanceOf(PretrainedException.class)
                .hasMessage(dir.resolve("vocab.json") + ": <pad> has id 1 but config.json says pad_token_id 0; "
                        + "ids run up to " + (config.vocabSize() - 1) + " but config.json has vocab_size 100");
    }

    @Test
    void passesOnTokenizerErrorsWithTheirFileAndLine() throws Exception {
        TinyRobertaCheckpoint.write(dir, 5);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b c\n");
        PretrainedFolder folder = PretrainedFolder.open(dir);
        assertThatThrownBy(folder::tokenizer).isInstanceOf(PretrainedException.class)
                .hasMessageStartingWith(dir.resolve("merges.txt") + ":2: expected two tokens");
    }

    @Test
    void layoutListsTheSixteenLayerTensorsInForwardOrder() {
        Map<String, long[]> shapes = RobertaLayout.expectedShapes(TinyRobertaCheckpoint.config(300));
        assertThat(shapes.keySet()).hasSize(5 + 32).startsWith(RobertaLayout.WORD_EMBEDDINGS);
        assertThat(shapes.keySet().stream().skip(5).limit(16))
                .containsExactlyElementsOf(RobertaLayout.LAYER_TENSORS.stream()
                        .map(s -> RobertaLayout.layerTensor(0, s)).toList());
    }
}
