package dev.leaklab.core.model.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.audit.ImportedBatches;
import dev.leaklab.core.audit.ImportedModel;
import dev.leaklab.core.audit.ModelInput;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.array.OpenBlasCore;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Keras model ({@code .h5}, Keras 1 or 2 HDF5) imported with DL4J's {@link KerasModelImport} and run on
 * ND4J: VulDeePecker's shape at least (Embedding, Bidirectional LSTM, Dense). Before DL4J sees the file its
 * configuration is read and checked here: a {@code Lambda} layer is Python code and is refused, never run;
 * a GRU is refused with the way round it (DL4J 1.0.0-M2.1 imports LSTM and SimpleRNN, not GRU); a Keras 3
 * file is refused with what to save instead. The embedding is the activation of the layer that feeds the
 * output layer; the logits are the output layer's before its softmax (log-probabilities when only the softmax
 * output exists, which give the same softmax).
 */
public final class KerasImportedModel implements ImportedModel {

    static {
        // why: ND4J loads OpenBLAS with it; its kernels are chosen for this CPU before that
        OpenBlasCore.prepare();
    }

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final Set<String> RECURRENT_UNSUPPORTED = Set.of("GRU", "CuDNNGRU", "GRUV2");
    private static final int BATCH = 64;

    private final Path file;
    private final ComputationGraph graph;
    private final MultiLayerNetwork network;
    private final ModelInput input;
    private final int length;
    private final String outputActivation;
    private final int outputUnits;
    private final String embeddingLayer;
    private final String description;

    private KerasImportedModel(Path file, ComputationGraph graph, MultiLayerNetwork network, ModelInput input,
                               int length, String outputActivation, int outputUnits, String embeddingLayer,
                               String description) {
        this.file = file;
        this.graph = graph;
        this.network = network;
        this.input = input;
        this.length = length;
        this.outputActivation = outputActivation;
        this.outputUnits = outputUnits;
        this.embeddingLayer = embeddingLayer;
        this.description = description;
    }

    /**
     * Imports a Keras model.
     *
     * @param maxLength the input length when the model does not fix one
     * @throws InputException naming the file: not HDF5, not a Keras model, Keras 3, a layer that cannot be
     *                        imported (named), a vocabulary larger than the model's embedding, or an output that
     *                        is not two classes
     */
    public static KerasImportedModel open(Path file, ModelInput input, int maxLength) throws InputException {
        checkSignature(file);
        String configText;
        String kerasVersion;
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            try (Hdf5Archive archive = new Hdf5Archive(file.toAbsolutePath().toString())) {
                if (!archive.hasAttribute("model_config")) {
                    throw new InputException(file, 0, "is an HDF5 file without a Keras model_config: save the whole "
                            + "model (model.save), not only its weights", null);
                }
                configText = archive.readAttributeAsJson("model_config");
                kerasVersion = archive.hasAttribute("keras_version") ? archive.readAttributeAsString("keras_version")
                        : "unknown";
            } catch (UnsupportedKerasConfigurationException | RuntimeException e) {
                throw new InputException(file, 0, "cannot read it as a Keras HDF5 model: " + ImportedBatches.firstLine(e), e);
            }
        }
        if (kerasVersion.startsWith("3")) {
            throw new InputException(file, 0, "was written by Keras " + kerasVersion + ", whose HDF5 layout DL4J "
                    + "1.0.0-M2.1 does not read; save it with Keras 2 (tf.keras 2.x or tf_keras), export it to ONNX, "
                    + "or give its outputs file", null);
        }
        JsonNode config;
        // why: DL4J reads the attribute into a fixed buffer and returns what follows the JSON too (whatever
        // memory held), so only the first JSON value is the configuration
        try (com.fasterxml.jackson.core.JsonParser parser = Json.mapper().getFactory().createParser(configText)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IOException("it is not a JSON object");
            }
            parser.skipChildren();
            int end = (int) parser.currentLocation().getCharOffset();
            config = Json.mapper().readTree(configText.substring(0, end));
        } catch (IOException e) {
            throw new InputException(file, 0, "its model_config is not JSON: " + ImportedBatches.firstLine(e), e);
        }
        List<JsonNode> layers = new ArrayList<>();
        collectLayers(config, layers);
        if (layers.isEmpty()) {
            throw new InputException(file, 0, "its model_config lists no layers", null);
        }
        int fixedLength = 0;
        int vocabulary = -1;
        String embeddingName = null;
        for (JsonNode layer : layers) {
            String kind = layer.path("class_name").asText();
            String name = layer.path("config").path("name").asText(layer.path("name").asText("?"));
            if (kind.equals("Lambda")) {
                throw new InputException(file, 0, "layer " + InputException.quote(name, 60) + " is a Keras Lambda "
                        + "layer: its code is Python, which LeakLab never runs; rebuild the model without it, export "
                        + "it to ONNX, or give its outputs file", null);
            }
            String wrapped = layer.path("config").path("layer").path("class_name").asText("");
            if (RECURRENT_UNSUPPORTED.contains(wrapped)) {
                throw new InputException(file, 0, "layer " + InputException.quote(name, 60) + " wraps a " + wrapped
                        + ", which DL4J 1.0.0-M2.1 cannot import (it imports LSTM and SimpleRNN); export the model to "
                        + "ONNX (tf2onnx) or give its outputs file", null);
            }
            if (RECURRENT_UNSUPPORTED.contains(kind)) {
                throw new InputException(file, 0, "layer " + InputException.quote(name, 60) + " is a " + kind + ", "
                        + "which DL4J 1.0.0-M2.1 cannot import (it imports LSTM and SimpleRNN); export the model to "
                        + "ONNX (tf2onnx) or give its outputs file", null);
            }
            JsonNode c = layer.path("config");
            if (kind.equals("InputLayer")) {
                JsonNode shape = c.has("batch_input_shape") ? c.get("batch_input_shape") : c.get("batch_shape");
                if (shape != null && shape.size() >= 2 && shape.get(1).canConvertToInt()) {
                    fixedLength = shape.get(1).asInt();
                }
            }
            if (kind.equals("Embedding")) {
                vocabulary = c.path("input_dim").asInt(-1);
                embeddingName = name;
                if (c.path("input_length").canConvertToInt() && fixedLength == 0) {
                    fixedLength = c.path("input_length").asInt();
                }
            }
        }
        if (vocabulary < 0) {
            throw new InputException(file, 0, "has no Embedding layer: LeakLab feeds a Keras model token ids, so its "
                    + "first layer after the input must be an Embedding", null);
        }
        if (input.size() > vocabulary) {
            throw new InputException(file, 0, "the " + input.description() + " gives indexes up to "
                    + (input.size() - 1) + ", but the model's embedding " + InputException.quote(embeddingName, 60)
                    + " takes " + vocabulary + " tokens (input_dim): is it the model's vocabulary?", null);
        }
        JsonNode last = layers.get(layers.size() - 1);
        String lastName = last.path("config").path("name").asText("?");
        int units = last.path("config").path("units").asInt(-1);
        String activation = last.path("config").path("activation").asText("linear");
        if (!last.path("class_name").asText().equals("Dense") || units != 1 && units != 2) {
            throw new InputException(file, 0, "its output layer " + InputException.quote(lastName, 60) + " ("
                    + last.path("class_name").asText() + (units > 0 ? ", " + units + " units" : "") + ") is not a "
                    + "Dense layer of two classes (or one sigmoid unit): LeakLab audits vulnerable / not vulnerable "
                    + "models", null);
        }
        if (!Set.of("softmax", "sigmoid", "linear").contains(activation)
                || units == 2 && activation.equals("sigmoid") || units == 1 && activation.equals("softmax")) {
            throw new InputException(file, 0, "its output layer " + InputException.quote(lastName, 60) + " has "
                    + units + " units with activation " + activation + ": LeakLab reads two softmax or linear units, "
                    + "or one sigmoid or linear unit", null);
        }
        boolean sequential = config.path("class_name").asText().equals("Sequential");
        ComputationGraph graph = null;
        MultiLayerNetwork network = null;
        String path = file.toAbsolutePath().toString();
        // why: DL4J initialises every layer before it loads the weights over them, and its Orthogonal initialiser
        // (Keras' default for recurrent kernels) took over an hour for one 128-unit LSTM here; the weights
        // replace whatever the initialiser gave, so the configuration DL4J reads asks for zeros instead
        com.fasterxml.jackson.databind.node.ObjectNode patchedConfig =
                (com.fasterxml.jackson.databind.node.ObjectNode) withoutOrthogonalInitializers(config);
        // why: a model JSON read on its own tells DL4J its Keras version (model.to_json() writes it too)
        patchedConfig.put("keras_version", kerasVersion.equals("unknown") ? "2.0.0" : kerasVersion);
        patchedConfig.put("backend", "tensorflow");
        String patched = patchedConfig.toString();
        try (org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder builder =
                     new org.deeplearning4j.nn.modelimport.keras.KerasModel().modelBuilder().modelJson(patched)
                             .weightsHdf5Filename(path).enforceTrainingConfig(false)) {
            if (sequential) {
                network = builder.buildSequential().getMultiLayerNetwork();
            } else {
                graph = builder.buildModel().getComputationGraph();
            }
        } catch (UnsupportedKerasConfigurationException e) {
            throw new InputException(file, 0, "DL4J cannot import a layer of it: " + ImportedBatches.firstLine(e), e);
        } catch (InvalidKerasConfigurationException e) {
            throw new InputException(file, 0, "not a Keras model DL4J reads: " + ImportedBatches.firstLine(e), e);
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, 0, "DL4J cannot import it: " + ImportedBatches.firstLine(e), e);
        }
        String feeding = feedingLayer(last, layers);
        int length = fixedLength > 0 ? fixedLength : maxLength;
        StringBuilder summary = new StringBuilder("Keras " + kerasVersion + " model " + file.getFileName() + " (");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            String kind = l.path("class_name").asText();
            if (kind.equals("Bidirectional")) {
                kind = "Bidirectional " + l.path("config").path("layer").path("class_name").asText();
            }
            summary.append(i == 0 ? "" : ", ").append(kind);
        }
        summary.append("; ").append(length).append(" tokens; through DL4J)");
        return new KerasImportedModel(file, graph, network, input, length, activation, units, feeding,
                summary.toString());
    }

    @Override
    public String description() {
        return description;
    }

    /** The input length the model runs at. */
    public int length() {
        return length;
    }

    @Override
    public ModelOutputs outputs(List<NormalizedSample> samples, CancellationToken cancel, DoubleConsumer progress)
            throws InputException {
        return ImportedBatches.collect(file, samples, input, length, BATCH, cancel, progress, tokens -> {
            Run r = run(tokens);
            return new ImportedBatches.Batch(r.logits(), r.embedding());
        });
    }

    /** Logits and embeddings of a batch of token-id sequences. */
    public record Run(float[][] logits, float[][] embedding) {
    }

    /**
     * Runs the model on token ids, each sequence padded with the input's padding id to the model's length (cut
     * to it when longer).
     */
    public Run run(int[][] tokens) {
        int b = tokens.length;
        double[][] x = new double[b][length];
        for (int i = 0; i < b; i++) {
            java.util.Arrays.fill(x[i], input.padId());
            for (int t = 0; t < Math.min(length, tokens[i].length); t++) {
                x[i][t] = tokens[i][t];
            }
        }
        INDArray in = Nd4j.create(x).castTo(DataType.FLOAT);
        INDArray out;
        INDArray embedding;
        if (graph != null) {
            Map<String, INDArray> acts = graph.feedForward(in, false);
            out = acts.get(graph.getConfiguration().getNetworkOutputs().get(0));
            embedding = feedingActivation(acts);
        } else {
            List<INDArray> acts = network.feedForward(in, false);
            out = acts.get(acts.size() - 1);
            embedding = acts.size() >= 3 ? acts.get(acts.size() - 2) : null;
        }
        float[][] probs = out.castTo(DataType.FLOAT).reshape(b, outputUnits).toFloatMatrix();
        float[][] logits = new float[b][2];
        for (int i = 0; i < b; i++) {
            logits[i] = toLogits(probs[i]);
        }
        float[][] e = null;
        if (embedding != null && embedding.rank() == 2) {
            e = embedding.castTo(DataType.FLOAT).toFloatMatrix();
        }
        return new Run(logits, e);
    }

    private INDArray feedingActivation(Map<String, INDArray> acts) {
        if (embeddingLayer == null) {
            return null;
        }
        INDArray a = acts.get(embeddingLayer);
        if (a == null) {
            // why: DL4J wraps a recurrent layer that returns its last step in a vertex named after it
            for (Map.Entry<String, INDArray> e : acts.entrySet()) {
                if (e.getKey().startsWith(embeddingLayer) && e.getValue().rank() == 2) {
                    a = e.getValue();
                }
            }
        }
        return a;
    }

    private float[] toLogits(float[] y) {
        switch (outputActivation) {
            case "softmax":
                return new float[] {(float) Math.log(Math.max(y[0], 1e-30)), (float) Math.log(Math.max(y[1], 1e-30))};
            case "sigmoid": {
                double p = Math.min(Math.max(y[0], 1e-30), 1 - 1e-7);
                return new float[] {0f, (float) Math.log(p / (1 - p))};
            }
            default:
                return outputUnits == 1 ? new float[] {0f, y[0]} : new float[] {y[0], y[1]};
        }
    }

    @Override
    public void close() {
        // why: ND4J frees an imported network's arrays when they are garbage collected; nothing is held open
    }

    private static void checkSignature(Path file) throws InputException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HDF5_SIGNATURE.length);
            if (!java.util.Arrays.equals(head, HDF5_SIGNATURE)) {
                throw new InputException(file, 0, "is not an HDF5 file: a Keras model is saved as .h5 with "
                        + "model.save", null);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file, 0, "no such file", e);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A copy of {@code config} whose Orthogonal initialisers are Zeros (the weights file overwrites both). */
    private static JsonNode withoutOrthogonalInitializers(JsonNode config) {
        JsonNode copy = config.deepCopy();
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>(List.of(copy));
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                List<String> keys = new ArrayList<>();
                o.fieldNames().forEachRemaining(keys::add);
                for (String k : keys) {
                    JsonNode v = o.get(k);
                    if (k.endsWith("initializer") && v.path("class_name").asText().equals("Orthogonal")) {
                        com.fasterxml.jackson.databind.node.ObjectNode zeros = o.putObject(k);
                        zeros.put("class_name", "Zeros");
                        zeros.putObject("config");
                    } else {
                        todo.push(v);
                    }
                }
            } else if (n.isArray()) {
                n.forEach(todo::push);
            }
        }
        return copy;
    }

    /** Every layer of the configuration, those inside nested models included, in order. */
    private static void collectLayers(JsonNode node, List<JsonNode> into) {
        JsonNode layers = node.path("config").path("layers");
        if (!layers.isArray()) {
            layers = node.path("config");
        }
        if (!layers.isArray()) {
            return;
        }
        for (JsonNode layer : layers) {
            String kind = layer.path("class_name").asText();
            if (kind.equals("Sequential") || kind.equals("Functional") || kind.equals("Model")) {
                collectLayers(layer, into);
            } else {
                into.add(layer);
                JsonNode inner = layer.path("config").path("layer");
                if (inner.isObject() && inner.path("class_name").asText().equals("Lambda")) {
                    into.add(inner);
                }
            }
        }
    }

    /** The name of the layer whose output the last layer reads. */
    private static String feedingLayer(JsonNode last, List<JsonNode> layers) {
        JsonNode inbound = last.path("inbound_nodes");
        if (inbound.isArray() && inbound.size() > 0 && inbound.get(0).isArray() && inbound.get(0).size() > 0) {
            JsonNode first = inbound.get(0).get(0);
            if (first.isArray() && first.size() > 0) {
                return first.get(0).asText();
            }
        }
        return layers.size() >= 2 ? layers.get(layers.size() - 2).path("config").path("name").asText() : null;
    }
}
