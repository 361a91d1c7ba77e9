package dev.leaklab.core.model.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobertaConfigTest {

    /** microsoft/codebert-base's config.json as published. */
    private static final String CODEBERT = """
            {
              "architectures": ["RobertaModel"],
              "attention_probs_dropout_prob": 0.1,
              "bos_token_id": 0,
              "eos_token_id": 2,
              "hidden_act": "gelu",
              "hidden_dropout_prob": 0.1,
              "hidden_size": 768,
              "initializer_range": 0.02,
              "intermediate_size": 3072,
              "layer_norm_eps": 1e-05,
              "max_position_embeddings": 514,
              "model_type": "roberta",
              "num_attention_heads": 12,
              "num_hidden_layers": 12,
              "output_past": true,
              "pad_token_id": 1,
              "type_vocab_size": 1,
              "vocab_size": 50265
            }
            """;

    @TempDir
    Path dir;

    private Path write(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsCodeBertsConfig() throws Exception {
        RobertaConfig config = RobertaConfig.read(write(CODEBERT));
        assertThat(config).isEqualTo(RobertaConfig.codeBertBase());
        assertThat(config.headSize()).isEqualTo(64);
        assertThat(config.maxSequenceLength()).isEqualTo(512);
    }

    @Test
    void writesWhatItReads() throws Exception {
        Path file = dir.resolve("config.json");
        RobertaConfig config = new RobertaConfig(300, 16, 2, 2, 32, 66, 1, 1e-5, "gelu", 1);
        config.write(file);
        assertThat(RobertaConfig.read(file)).isEqualTo(config);
        assertThat(Files.readString(file)).contains("\"model_type\" : \"roberta\"");
    }

    @Test
    void takesHuggingFaceDefaultsForOptionalFields() throws Exception {
        RobertaConfig config = RobertaConfig.read(write("""
                {"vocab_size": 10, "hidden_size": 4, "num_hidden_layers": 1, "num_attention_heads": 2,
                 "intermediate_size": 8, "max_position_embeddings": 12}"""));
        assertThat(config.typeVocabSize()).isEqualTo(2);
        assertThat(config.layerNormEps()).isEqualTo(1e-12);
        assertThat(config.hiddenAct()).isEqualTo("gelu");
        assertThat(config.padTokenId()).isEqualTo(1);
    }

    @Test
    void listsEveryProblemInOneLine() throws Exception {
        Path file = write("""
                {"hidden_size": 10, "num_hidden_layers": "twelve", "num_attention_heads": 3,
                 "intermediate_size": 8, "max_position_embeddings": 12, "hidden_act": "relu"}""");
        assertThatThrownBy(() -> RobertaConfig.read(file)).isInstanceOf(PretrainedException.class)
                .hasMessage(file + ": missing vocab_size; num_hidden_layers must be a whole number, found \"twelve\"; "
                        + "hidden_size 10 is not divisible by num_attention_heads 3; "
                        + "hidden_act \"relu\" is not supported (only \"gelu\")");
    }

    @Test
    void refusesRelativePositionEmbeddings() throws Exception {
        Path file = write(CODEBERT.replace("\"model_type\"", "\"position_embedding_type\": \"relative_key\",\n"
                + "  \"model_type\""));
        assertThatThrownBy(() -> RobertaConfig.read(file))
                .hasMessageContaining("position_embedding_type \"relative_key\" is not supported");
    }

    @Test
    void refusesAPositionTableWithNoRoomAfterTheOffset() {
        assertThatThrownBy(() -> new RobertaConfig(10, 4, 1, 1, 8, 2, 1, 1e-5, "gelu", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_position_embeddings 2 leaves no position");
        assertThatThrownBy(() -> new RobertaConfig(10, 4, 1, 1, 8, 20, 1, 0, "gelu", 10))
                .hasMessageContaining("pad_token_id 10 is outside the vocabulary (0..9)")
                .hasMessageContaining("layer_norm_eps must be a positive number");
    }

    @Test
    void refusesWeightMatricesTooLargeForAnArray() {
        assertThatThrownBy(() -> new RobertaConfig(2_000_000, 4096, 1, 1, 8, 20, 1, 1e-5, "gelu", 1))
                .hasMessageContaining("vocab_size x hidden_size = 8192000000 is too large");
    }

    @Test
    void reportsBadJsonWithItsLine() throws Exception {
        Path file = write("{\n\"vocab_size\": 10,\n\"hidden_size\": }\n");
        assertThatThrownBy(() -> RobertaConfig.read(file)).isInstanceOf(PretrainedException.class)
                .hasMessageStartingWith(file + ":3: not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
