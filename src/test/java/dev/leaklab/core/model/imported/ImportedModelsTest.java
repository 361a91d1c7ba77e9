package dev.leaklab.core.model.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.audit.ModelInput;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.dl4j.KerasImportedModel;
import dev.leaklab.core.model.onnx.OnnxImportedModel;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras and ONNX fixtures of src/test/fixtures/import, made by make_fixtures.py with Keras and PyTorch,
 * give the logits and embeddings the frameworks printed (reference.json) to within 1e-4, and every model
 * LeakLab cannot run is refused in one line that names the file and the reason.
 */
class ImportedModelsTest {

    static final Path FIXTURES = Path.of("src/test/fixtures/import");
    static JsonNode reference;
    static ModelInput vocabulary;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        reference = Json.mapper().readTree(FIXTURES.resolve("reference.json").toFile());
        vocabulary = ModelInput.vocabulary(FIXTURES.resolve("keras-vocabulary.json"));
    }

    private static long[][] longs(JsonNode rows) {
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new long[rows.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = rows.get(i).get(j).asLong();
            }
        }
        return out;
    }

    private static void assertClose(float[][] actual, JsonNode expected) {
        assertThat(actual).hasNumberOfRows(expected.size());
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).hasSize(expected.get(i).size());
            for (int j = 0; j < actual[i].length; j++) {
                assertThat((double) actual[i][j]).as("row %d value %d", i, j)
                        .isCloseTo(expected.get(i).get(j).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void theKerasBiLstmGivesKerasLogitsAndEmbeddingThroughDl4j() throws Exception {
        JsonNode ref = reference.get("keras-bilstm");
        KerasImportedModel model = KerasImportedModel.open(FIXTURES.resolve("keras-bilstm-k2.h5"), vocabulary, 200);
        long[][] ids = longs(ref.get("inputIds"));
        int[][] tokens = new int[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            tokens[i] = java.util.Arrays.stream(ids[i]).mapToInt(v -> (int) v).toArray();
        }
        KerasImportedModel.Run run = model.run(tokens);
        assertClose(run.logits(), ref.get("logits"));
        assertClose(run.embedding(), ref.get("embedding"));
        assertThat(model.length()).isEqualTo(24);
        assertThat(model.description()).contains("Embedding", "Bidirectional LSTM", "Dense");
    }

    @Test
    void theOnnxBiLstmAndEncoderGivePyTorchsLogitsAndEmbeddings() throws Exception {
        for (String name : List.of("onnx-bilstm", "onnx-roberta")) {
            JsonNode ref = reference.get(name);
            try (OnnxImportedModel model = OnnxImportedModel.open(FIXTURES.resolve(name + ".onnx"), vocabulary, 24, 1)) {
                OnnxImportedModel.Run run = model.run(longs(ref.get("inputIds")), longs(ref.get("attentionMask")));
                assertClose(run.logits(), ref.get("logits"));
                assertClose(run.embedding(), ref.get("embedding"));
            }
        }
    }

    @Test
    void samplesAreEncodedWithTheVocabularyAndRunInBatches() throws Exception {
        List<NormalizedSample> samples = List.of(
                sample("a", 1, "VAR1", "=", "malloc", "(", "VAR2", ")", ";"),
                sample("b", 0, "if", "(", "VAR1", "==", "NULL", ")", "return", ";", "never_seen_token"));
        try (OnnxImportedModel onnx = OnnxImportedModel.open(FIXTURES.resolve("onnx-bilstm.onnx"), vocabulary, 24, 1)) {
            ModelOutputs out = onnx.outputs(samples, CancellationToken.none(), p -> { });
            assertThat(out.ids()).containsExactly("a", "b");
            assertThat(out.embeddingSize()).isEqualTo(12);
            long[][] ids = new long[1][24];
            long[][] mask = new long[1][24];
            int[] encoded = vocabulary.encode(samples.get(1), 24);
            assertThat(encoded[encoded.length - 1]).isEqualTo(1);
            for (int t = 0; t < encoded.length; t++) {
                ids[0][t] = encoded[t];
                mask[0][t] = 1;
            }
            // why: ONNX Runtime blocks a batch of two differently from a batch of one, so the last bits may differ
            assertThat(out.logit(1, 1)).isCloseTo(onnx.run(ids, mask).logits()[0][1], org.assertj.core.data.Offset.offset(1e-6f));
        }
        KerasImportedModel keras = KerasImportedModel.open(FIXTURES.resolve("keras-bilstm-k2.h5"), vocabulary, 200);
        ModelOutputs out = keras.outputs(samples, CancellationToken.none(), p -> { });
        assertThat(out.embeddingSize()).isEqualTo(12);
        assertThat(out.probability(0, 0) + out.probability(0, 1)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    private static NormalizedSample sample(String id, int label, String... tokens) {
        return new NormalizedSample(new Sample(id, String.join(" ", tokens), label, "test", 0, null, null),
                List.of(tokens));
    }

    @Test
    void kerasModelsLeakLabCannotRunAreRefusedWithTheReason() throws Exception {
        assertRefused(() -> KerasImportedModel.open(FIXTURES.resolve("keras-lambda-k2.h5"), vocabulary, 200),
                "keras-lambda-k2.h5: layer 'lambda' is a Keras Lambda layer: its code is Python, which LeakLab never runs");
        assertRefused(() -> KerasImportedModel.open(FIXTURES.resolve("keras-bigru-k2.h5"), vocabulary, 200),
                "keras-bigru-k2.h5: layer 'bigru' wraps a GRU, which DL4J 1.0.0-M2.1 cannot import");
        assertRefused(() -> KerasImportedModel.open(FIXTURES.resolve("keras-bilstm.h5"), vocabulary, 200),
                "keras-bilstm.h5: was written by Keras 3.15.1");
        Path notHdf5 = Files.writeString(dir.resolve("model.h5"), "{\"class_name\": \"Sequential\"}");
        assertRefused(() -> KerasImportedModel.open(notHdf5, vocabulary, 200), "model.h5: is not an HDF5 file");
        Path big = dir.resolve("big-vocabulary.json");
        StringBuilder b = new StringBuilder("{\"<pad>\": 0, \"<unk>\": 1");
        for (int i = 2; i < 100; i++) {
            b.append(", \"t").append(i).append("\": ").append(i);
        }
        Files.writeString(big, b.append('}').toString());
        assertRefused(() -> KerasImportedModel.open(FIXTURES.resolve("keras-bilstm-k2.h5"), ModelInput.vocabulary(big),
                200), "gives indexes up to 99, but the model's embedding 'embedding' takes 64 tokens");
    }

    @Test
    void onnxModelsLeakLabCannotRunAreRefusedWithTheReason() throws Exception {
        assertRefused(() -> OnnxImportedModel.open(FIXTURES.resolve("onnx-bad-op.onnx"), vocabulary, 24, 1),
                "onnx-bad-op.onnx: ONNX Runtime cannot run it:");
        assertRefused(() -> OnnxImportedModel.open(FIXTURES.resolve("onnx-bad-op.onnx"), vocabulary, 24, 1),
                "LeakLabNoSuchOp");
        Path text = Files.writeString(dir.resolve("model.onnx"), "hello");
        assertRefused(() -> OnnxImportedModel.open(text, vocabulary, 24, 1), "model.onnx: is not an ONNX model");
        byte[] real = Files.readAllBytes(FIXTURES.resolve("onnx-bilstm.onnx"));
        Path cut = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(real, real.length / 2));
        assertRefused(() -> OnnxImportedModel.open(cut, vocabulary, 24, 1), "cut.onnx: ONNX Runtime cannot run it");
        try (OnnxImportedModel model = OnnxImportedModel.open(FIXTURES.resolve("onnx-bilstm.onnx"), vocabulary, 24, 1)) {
            long[][] beyond = {{5, 640, 7}};
            assertRefused(() -> model.run(beyond, new long[][] {{1, 1, 1}}), "ONNX Runtime failed on the data");
        }
    }

    @Test
    void vocabulariesThatAreNotTokenIndexMapsAreRefusedAtTheirLine() throws Exception {
        Path shared = Files.writeString(dir.resolve("v.json"), "{\"<unk>\": 1,\n\"a\": 2,\n\"b\": 2}");
        assertRefused(() -> ModelInput.vocabulary(shared), "v.json:3: tokens 'a' and 'b' share index 2");
        Path noUnk = Files.writeString(dir.resolve("u.json"), "{\"<pad>\": 0, \"a\": 1}");
        assertRefused(() -> ModelInput.vocabulary(noUnk), "u.json: the vocabulary has no unknown token");
        Path list = Files.writeString(dir.resolve("l.json"), "[\"a\", \"b\"]");
        assertRefused(() -> ModelInput.vocabulary(list), "l.json:1: a vocabulary is one JSON object");
    }

    interface Call {
        void run() throws Exception;
    }

    private static void assertRefused(Call call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(InputException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
