package dev.leaklab.core.model.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.LeakLabVersion;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.code.EncodedSequence;
import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.TrainingSummary;
import dev.leaklab.core.task.CancellationToken;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A trained bidirectional LSTM or GRU ({@link RecurrentNetwork}) with its settings and vocabulary. */
final class RecurrentModel implements TrainedModel {

    static final String PARAMS_FILE = "parameters.bin";
    static final String ENGINE = "recurrent";
    private static final int MAGIC = 0x4C4C5052; // "LLPR"
    private static final int INFERENCE_BATCH = 256;

    private final RecurrentNetwork network;
    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final TrainingSummary summary;

    RecurrentModel(RecurrentNetwork network, ModelConfig config, Vocabulary vocabulary, TrainingSummary summary) {
        this.network = network;
        this.config = config;
        this.vocabulary = vocabulary;
        this.summary = summary;
    }

    static RecurrentNetwork.Cell cellOf(Architecture architecture) {
        return architecture == Architecture.BIGRU ? RecurrentNetwork.Cell.GRU : RecurrentNetwork.Cell.LSTM;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public TrainingSummary summary() {
        return summary;
    }

    RecurrentNetwork network() {
        return network;
    }

    @Override
    public ModelOutputs outputs(LabelledSequences data, CancellationToken cancel) {
        int n = data.size();
        int d = network.representationSize();
        float[] logits = new float[2 * n];
        float[] embeddings = new float[n * d];
        synchronized (network) {
            for (int[] indices : Batches.inferenceOrder(data, INFERENCE_BATCH)) {
                cancel.throwIfCancelled();
                int[][] tokens = new int[indices.length][];
                int[] lengths = new int[indices.length];
                fill(data, indices, config.maxLength(), tokens, lengths);
                RecurrentNetwork.Pass pass = network.forward(tokens, lengths, false, 0, null);
                for (int k = 0; k < indices.length; k++) {
                    int i = indices[k];
                    logits[2 * i] = pass.logits[2 * k];
                    logits[2 * i + 1] = pass.logits[2 * k + 1];
                    System.arraycopy(pass.representation, k * d, embeddings, i * d, d);
                }
            }
        }
        return ModelOutputs.of(data.ids(), data.labels(), logits, embeddings, d);
    }

    /** Token ids and real lengths (at least 1, at most {@code maxLength}) of the chosen samples. */
    static void fill(LabelledSequences data, int[] indices, int maxLength, int[][] tokens, int[] lengths) {
        for (int k = 0; k < indices.length; k++) {
            EncodedSequence s = data.sequences().get(indices[k]);
            int len = Math.max(1, Math.min(maxLength, s.length()));
            tokens[k] = s.ids();
            lengths[k] = len;
        }
    }

    @Override
    public void save(Path dir) throws IOException {
        Path target = dir.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        try {
            try (OutputStream raw = Files.newOutputStream(temp.resolve(PARAMS_FILE));
                 DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16))) {
                List<float[]> params = network.parameters();
                out.writeInt(MAGIC);
                out.writeInt(params.size());
                for (float[] p : params) {
                    out.writeInt(p.length);
                    ByteBuffer bytes = ByteBuffer.allocate(4 * p.length).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(p);
                    out.write(bytes.array());
                }
            }
            ObjectNode sidecar = Json.mapper().createObjectNode();
            sidecar.put("schemaVersion", 1);
            sidecar.put("engine", ENGINE);
            sidecar.set("config", Json.mapper().valueToTree(config));
            sidecar.set("vocabulary", Json.mapper().valueToTree(vocabulary.tokens()));
            if (summary != null) {
                sidecar.set("training", Json.mapper().valueToTree(summary));
            }
            ObjectNode provenance = sidecar.putObject("provenance");
            provenance.put("leaklab", LeakLabVersion.get());
            provenance.put("java", System.getProperty("java.version"));
            provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            provenance.put("seed", config.seed());
            provenance.put("saved", Instant.now().toString());
            Files.write(temp.resolve(Dl4jModel.SIDECAR_FILE), Json.mapper().writeValueAsBytes(sidecar));
            replaceDirectory(temp, target);
            temp = null;
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /** Loads what {@link #save} wrote, checking every array's size before reading it. */
    static RecurrentModel load(Path dir, JsonNode sidecar) throws InputException {
        Path file = dir.resolve(PARAMS_FILE);
        try {
            ModelConfig config = Json.mapper().treeToValue(sidecar.get("config"), ModelConfig.class);
            List<String> tokens = new ArrayList<>();
            sidecar.path("vocabulary").forEach(t -> tokens.add(t.asText()));
            Vocabulary vocabulary = Vocabulary.of(tokens);
            TrainingSummary summary = sidecar.has("training")
                    ? Json.mapper().treeToValue(sidecar.get("training"), TrainingSummary.class) : null;
            RecurrentNetwork network = new RecurrentNetwork(cellOf(config.architecture()), vocabulary.size(),
                    config.embeddingSize(), config.hiddenSize(), config.layers());
            List<float[]> params = network.parameters();
            try (InputStream raw = Files.newInputStream(file);
                 DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
                if (in.readInt() != MAGIC) {
                    throw new InputException(file, 0, "not a LeakLab parameter file", null);
                }
                int count = in.readInt();
                if (count != params.size()) {
                    throw new InputException(file, 0, "holds " + count + " parameter arrays where the model needs "
                            + params.size(), null);
                }
                for (int k = 0; k < count; k++) {
                    int length = in.readInt();
                    if (length != params.get(k).length) {
                        throw new InputException(file, 0, "parameter array " + k + " holds " + length
                                + " values where the model needs " + params.get(k).length, null);
                    }
                    byte[] bytes = new byte[4 * length];
                    in.readFully(bytes);
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(params.get(k));
                }
                if (in.read() != -1) {
                    throw new InputException(file, 0, "has data after the last parameter array", null);
                }
            }
            return new RecurrentModel(network, config, vocabulary, summary);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(dir, 0, "cannot load the model checkpoint: " + e.getMessage(), e);
        }
    }

    static void replaceDirectory(Path fresh, Path target) throws IOException {
        Path parent = target.getParent();
        Path old = null;
        if (Files.exists(target)) {
            old = parent.resolve("." + target.getFileName() + ".old");
            deleteTree(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
