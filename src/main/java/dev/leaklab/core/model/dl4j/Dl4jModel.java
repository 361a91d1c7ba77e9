package dev.leaklab.core.model.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.LeakLabVersion;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.TrainingSummary;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained DL4J network with what it needs to run: its settings and vocabulary. */
public final class Dl4jModel implements TrainedModel {

    /** The checkpoint's network file. */
    public static final String NETWORK_FILE = "network.zip";
    /** The checkpoint's JSON sidecar. */
    public static final String SIDECAR_FILE = "model.json";
    private static final int INFERENCE_BATCH = 256;

    private final MultiLayerNetwork net;
    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final TrainingSummary summary;

    Dl4jModel(MultiLayerNetwork net, ModelConfig config, Vocabulary vocabulary, TrainingSummary summary) {
        this.net = net;
        this.config = config;
        this.vocabulary = vocabulary;
        this.summary = summary;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public TrainingSummary summary() {
        return summary;
    }

    /** The vocabulary the model's token ids come from, or {@code null} for a pretrained encoder. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public ModelOutputs outputs(LabelledSequences data, CancellationToken cancel) {
        int n = data.size();
        int d = config.representationSize();
        float[] logits = new float[2 * n];
        float[] embeddings = new float[n * d];
        int outputLayer = net.getnLayers() - 1;
        INDArray w = net.getLayer(outputLayer).getParam("W");
        INDArray b = net.getLayer(outputLayer).getParam("b");
        int prefix = Dl4jTrainer.startToken(config, vocabulary);
        for (int[] indices : Batches.inferenceOrder(data, INFERENCE_BATCH)) {
            cancel.throwIfCancelled();
            Batches.Batch batch = Batches.build(data, indices, prefix, config.maxLength());
            List<INDArray> activations = net.feedForward(batch.features(), batch.mask(), null);
            INDArray representation = activations.get(outputLayer);
            // why: the softmax layer gives probabilities; the logits are its pre-activation, recomputed here
            float[] z = representation.mmul(w).addiRowVector(b).ravel().toFloatVector();
            float[] r = representation.ravel().toFloatVector();
            for (int k = 0; k < indices.length; k++) {
                int i = indices[k];
                logits[2 * i] = z[2 * k];
                logits[2 * i + 1] = z[2 * k + 1];
                System.arraycopy(r, k * d, embeddings, i * d, d);
            }
        }
        return ModelOutputs.of(data.ids(), data.labels(), logits, embeddings, d);
    }

    /** The softmax the network itself computes, for checking {@link ModelOutputs} against it. */
    float[] networkProbabilities(LabelledSequences data) {
        float[] p = new float[2 * data.size()];
        int prefix = Dl4jTrainer.startToken(config, vocabulary);
        for (int[] indices : Batches.inferenceOrder(data, INFERENCE_BATCH)) {
            Batches.Batch batch = Batches.build(data, indices, prefix, config.maxLength());
            float[] out = net.output(batch.features(), false, batch.mask(), null).ravel().toFloatVector();
            for (int k = 0; k < indices.length; k++) {
                p[2 * indices[k]] = out[2 * k];
                p[2 * indices[k] + 1] = out[2 * k + 1];
            }
        }
        return p;
    }

    @Override
    public void save(Path dir) throws IOException {
        Path target = dir.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        try {
            ModelSerializer.writeModel(net, temp.resolve(NETWORK_FILE).toFile(), false);
            ObjectNode sidecar = Json.mapper().createObjectNode();
            sidecar.put("schemaVersion", 1);
            sidecar.put("engine", "dl4j");
            sidecar.set("config", Json.mapper().valueToTree(config));
            if (vocabulary != null) {
                sidecar.set("vocabulary", Json.mapper().valueToTree(vocabulary.tokens()));
            }
            if (summary != null) {
                sidecar.set("training", Json.mapper().valueToTree(summary));
            }
            ObjectNode provenance = sidecar.putObject("provenance");
            provenance.put("leaklab", LeakLabVersion.get());
            provenance.put("java", System.getProperty("java.version"));
            provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            provenance.put("library", "DL4J 1.0.0-M2.1");
            provenance.put("seed", config.seed());
            provenance.put("saved", Instant.now().toString());
            Files.write(temp.resolve(SIDECAR_FILE), Json.mapper().writeValueAsBytes(sidecar));
            RecurrentModel.replaceDirectory(temp, target);
            temp = null;
        } finally {
            if (temp != null) {
                RecurrentModel.deleteTree(temp);
            }
        }
    }

    /**
     * Loads a checkpoint written by {@link #save}.
     *
     * @throws InputException naming the folder and what is missing or wrong
     */
    public static TrainedModel load(Path dir) throws InputException {
        Path sidecarFile = dir.resolve(SIDECAR_FILE);
        if (Files.isRegularFile(sidecarFile)) {
            try {
                JsonNode sidecar = Json.mapper().readTree(sidecarFile.toFile());
                if (RecurrentModel.ENGINE.equals(sidecar.path("engine").asText())) {
                    if (sidecar.path("schemaVersion").asInt() != 1) {
                        throw new InputException(sidecarFile, 0, "unknown checkpoint schemaVersion "
                                + sidecar.path("schemaVersion"), null);
                    }
                    return RecurrentModel.load(dir, sidecar);
                }
            } catch (IOException e) {
                throw new InputException(sidecarFile, 0, "cannot read: " + e.getMessage(), e);
            }
        }
        Path networkFile = dir.resolve(NETWORK_FILE);
        List<String> missing = new ArrayList<>();
        for (Path p : new Path[] {sidecarFile, networkFile}) {
            if (!Files.isRegularFile(p)) {
                missing.add(p.getFileName().toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new InputException(dir, 0, "not a LeakLab model checkpoint: missing " + String.join(", ", missing),
                    null);
        }
        try {
            JsonNode sidecar = Json.mapper().readTree(sidecarFile.toFile());
            if (sidecar.path("schemaVersion").asInt() != 1) {
                throw new InputException(sidecarFile, 0, "unknown checkpoint schemaVersion "
                        + sidecar.path("schemaVersion"), null);
            }
            ModelConfig config = Json.mapper().treeToValue(sidecar.get("config"), ModelConfig.class);
            List<String> tokens = new ArrayList<>();
            sidecar.path("vocabulary").forEach(t -> tokens.add(t.asText()));
            // why: a pretrained encoder brings its own byte-level tokenizer and keeps no vocabulary here
            Vocabulary vocabulary = tokens.isEmpty() ? null : Vocabulary.of(tokens);
            TrainingSummary summary = sidecar.has("training")
                    ? Json.mapper().treeToValue(sidecar.get("training"), TrainingSummary.class) : null;
            Dl4jRuntime.start();
            MultiLayerNetwork net = MultiLayerNetwork.load(networkFile.toFile(), false);
            return new Dl4jModel(net, config, vocabulary, summary);
        } catch (IOException | RuntimeException e) {
            throw new InputException(dir, 0, "cannot load the model checkpoint: " + e.getMessage(), e);
        }
    }
}
