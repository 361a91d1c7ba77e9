package dev.leaklab.core.model.array;

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
import dev.leaklab.core.task.Parallel;
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

/**
 * A trained {@link ArrayNetwork} (bidirectional LSTM or GRU, or the encoder) with its settings and vocabulary,
 * and its checkpoint format: {@code parameters.bin} (every array's length, then its floats, little-endian)
 * beside the {@code model.json} sidecar.
 */
public final class ArrayModel implements TrainedModel {

    static final String PARAMS_FILE = "parameters.bin";
    static final String SIDECAR_FILE = "model.json";
    static final String ENGINE = "arrays";
    private static final int MAGIC = 0x4C4C5052; // "LLPR"
    /**
     * Sequences per inference batch. Why two sizes: a recurrent step's matrix product grows more efficient
     * with more rows, while the encoder's activations (rows × width per layer) fall out of the cache; with two
     * batches side by side they share it, and 16 measured best (bench models --arch codebert, 128/128 on two
     * threads: 514 samples/s at 32 a batch, 689 at 8, 702-705 at 16; 1.8-1.9x of one thread, against 1.4x at 32).
     */
    private static final int RECURRENT_INFERENCE_BATCH = 256;
    private static final int ENCODER_INFERENCE_BATCH = 16;

    private final ArrayNetwork network;
    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final int embeddingRows;
    private final TrainingSummary summary;

    ArrayModel(ArrayNetwork network, ModelConfig config, Vocabulary vocabulary, int embeddingRows,
               TrainingSummary summary) {
        this.network = network;
        this.config = config;
        this.vocabulary = vocabulary;
        this.embeddingRows = embeddingRows;
        this.summary = summary;
    }

    static RecurrentNetwork.Cell cellOf(Architecture architecture) {
        return architecture == Architecture.BIGRU ? RecurrentNetwork.Cell.GRU : RecurrentNetwork.Cell.LSTM;
    }

    /**
     * An untrained network of the configured shape: the recurrent models over the vocabulary; the encoder
     * over {@code embeddingRows} (the vocabulary and its start token, or a pretrained tokenizer's ids).
     */
    static ArrayNetwork shell(ModelConfig config, int embeddingRows) {
        return switch (config.architecture()) {
            case BILSTM, BIGRU -> new RecurrentNetwork(cellOf(config.architecture()), embeddingRows,
                    config.embeddingSize(), config.hiddenSize(), config.layers());
            case CODEBERT -> new EncoderNetwork(embeddingRows, config.embeddingSize(), config.hiddenSize(),
                    config.layers(), config.heads(), config.maxLength());
        };
    }

    /** The start token put before every sequence: the encoder's {@code <s>} when it has no tokenizer of its own. */
    static int startToken(ModelConfig config, Vocabulary vocabulary) {
        return config.architecture() == Architecture.CODEBERT && config.pretrained() == null ? vocabulary.size() : -1;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public TrainingSummary summary() {
        return summary;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    ArrayNetwork network() {
        return network;
    }

    @Override
    public ModelOutputs outputs(LabelledSequences data, CancellationToken cancel) {
        int n = data.size();
        int d = network.representationSize();
        float[] logits = new float[2 * n];
        float[] embeddings = new float[n * d];
        int prefix = startToken(config, vocabulary);
        List<int[]> batches = Batches.inferenceOrder(data, config.architecture() == Architecture.CODEBERT
                ? ENCODER_INFERENCE_BATCH : RECURRENT_INFERENCE_BATCH);
        java.util.function.IntConsumer batch = b -> {
            cancel.throwIfCancelled();
            int[] indices = batches.get(b);
            int[][] tokens = new int[indices.length][];
            int[] lengths = new int[indices.length];
            fill(data, indices, config.maxLength(), prefix, tokens, lengths);
            ArrayNetwork.Forward pass = network.forward(tokens, lengths, false, 0, null);
            float[] z = pass.logits();
            float[] r = pass.representation();
            for (int k = 0; k < indices.length; k++) {
                int i = indices[k];
                logits[2 * i] = z[2 * k];
                logits[2 * i + 1] = z[2 * k + 1];
                System.arraycopy(r, k * d, embeddings, i * d, d);
            }
        };
        // why: batches are independent and each writes its own samples' rows, so any number of threads gives
        // the same outputs; whole batches side by side beat splitting one batch's rows (the encoder's attention
        // and dense row blocks), which leave a core waiting at every layer's join (1.45x on two cores, against
        // 1.9x by batches)
        Parallel.forEach(batches.size(), batch);
        return ModelOutputs.of(data.ids(), data.labels(), logits, embeddings, d);
    }

    /**
     * Token ids and real lengths (at least 1, at most {@code maxLength}) of the chosen samples, each after
     * {@code prefix} when that is a token id (not -1).
     */
    static void fill(LabelledSequences data, int[] indices, int maxLength, int prefix, int[][] tokens, int[] lengths) {
        for (int k = 0; k < indices.length; k++) {
            EncodedSequence s = data.sequences().get(indices[k]);
            if (prefix < 0) {
                tokens[k] = s.ids();
                lengths[k] = Math.max(1, Math.min(maxLength, s.length()));
            } else {
                int len = Math.min(maxLength, s.length() + 1);
                int[] ids = new int[len];
                ids[0] = prefix;
                System.arraycopy(s.ids(), 0, ids, 1, len - 1);
                tokens[k] = ids;
                lengths[k] = len;
            }
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
            if (vocabulary != null) {
                sidecar.set("vocabulary", Json.mapper().valueToTree(vocabulary.tokens()));
            }
            sidecar.put("embeddingRows", embeddingRows);
            if (summary != null) {
                sidecar.set("training", Json.mapper().valueToTree(summary));
            }
            ObjectNode provenance = sidecar.putObject("provenance");
            provenance.put("leaklab", LeakLabVersion.get());
            provenance.put("java", System.getProperty("java.version"));
            provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            provenance.put("seed", config.seed());
            provenance.put("saved", Instant.now().toString());
            Files.write(temp.resolve(SIDECAR_FILE), Json.mapper().writeValueAsBytes(sidecar));
            replaceDirectory(temp, target);
            temp = null;
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /**
     * Loads a checkpoint written by {@link #save}. The folder is untrusted: {@code model.json} is checked (settings,
     * vocabulary against {@code embeddingRows}), the size of every parameter array it implies is summed in
     * {@code long} and compared with the length of {@code parameters.bin}, and only then is the network
     * allocated, so a checkpoint that claims terabytes fails with one line instead of an
     * {@link OutOfMemoryError} or a {@link NegativeArraySizeException}.
     *
     * @throws InputException naming the folder or the file in it and what is missing or wrong, on one line
     */
    public static TrainedModel load(Path dir) throws InputException {
        Path sidecarFile = dir.resolve(SIDECAR_FILE);
        if (!Files.isRegularFile(sidecarFile) || !Files.isRegularFile(dir.resolve(PARAMS_FILE))) {
            throw new InputException(dir, 0, "not a LeakLab model checkpoint: it needs " + SIDECAR_FILE + " and "
                    + PARAMS_FILE, null);
        }
        JsonNode sidecar;
        try {
            sidecar = Json.mapper().readTree(sidecarFile.toFile());
        } catch (IOException e) {
            throw new InputException(sidecarFile, 0, "cannot read: " + oneLine(e), e);
        }
        if (sidecar == null || sidecar.path("schemaVersion").asInt() != 1
                || !ENGINE.equals(sidecar.path("engine").asText())) {
            throw new InputException(sidecarFile, 0, "not a checkpoint this LeakLab reads (schemaVersion "
                    + (sidecar == null ? "none" : sidecar.path("schemaVersion")) + ", engine "
                    + (sidecar == null ? "none" : sidecar.path("engine")) + ")", null);
        }
        return load(dir, sidecar);
    }

    private static ArrayModel load(Path dir, JsonNode sidecar) throws InputException {
        Path sidecarFile = dir.resolve(SIDECAR_FILE);
        Path file = dir.resolve(PARAMS_FILE);
        ModelConfig config;
        Vocabulary vocabulary;
        TrainingSummary summary;
        try {
            if (!sidecar.path("config").isObject()) {
                throw new InputException(sidecarFile, 0, "has no model settings (config)", null);
            }
            config = Json.mapper().treeToValue(sidecar.get("config"), ModelConfig.class);
            List<String> tokens = new ArrayList<>();
            sidecar.path("vocabulary").forEach(t -> tokens.add(t.asText()));
            // why: a pretrained encoder brings its own byte-level tokenizer and keeps no vocabulary here
            vocabulary = tokens.isEmpty() ? null : Vocabulary.of(tokens);
            summary = sidecar.has("training")
                    ? Json.mapper().treeToValue(sidecar.get("training"), TrainingSummary.class) : null;
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(sidecarFile, 0, "cannot load the model checkpoint: " + oneLine(e), e);
        }
        JsonNode rowsNode = sidecar.path("embeddingRows");
        int rows = rowsNode.isIntegralNumber() && rowsNode.canConvertToInt() ? rowsNode.intValue() : -1;
        if (rows < 1 || rows > 10_000_000) {
            throw new InputException(sidecarFile, 0, "the checkpoint's embeddingRows is missing or out of range", null);
        }
        if (vocabulary == null && config.pretrained() == null) {
            throw new InputException(sidecarFile, 0, "has no vocabulary, which a model trained from scratch needs", null);
        }
        if (vocabulary != null && rows != vocabulary.size() + (startToken(config, vocabulary) < 0 ? 0 : 1)) {
            throw new InputException(sidecarFile, 0, "embeddingRows " + rows + " does not fit the vocabulary of "
                    + vocabulary.size() + " tokens", null);
        }
        checkSize(file, parameterSizes(config, rows));
        ArrayNetwork network = shell(config, rows);
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
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + oneLine(e), e);
        }
        return new ArrayModel(network, config, vocabulary, rows, summary);
    }

    /**
     * How many parameters the network {@link #shell} would build for {@code config} holds, without building it
     * (plain arithmetic: nothing native is loaded).
     */
    public static long parameterCount(ModelConfig config, int embeddingRows) {
        long count = 0;
        for (long size : parameterSizes(config, embeddingRows)) {
            count += size;
        }
        return count;
    }

    /** The length of every parameter array of the network {@link #shell} would build, without building it. */
    static long[] parameterSizes(ModelConfig config, int embeddingRows) {
        return switch (config.architecture()) {
            case BILSTM, BIGRU -> RecurrentNetwork.parameterSizes(cellOf(config.architecture()), embeddingRows,
                    config.embeddingSize(), config.hiddenSize(), config.layers());
            case CODEBERT -> EncoderNetwork.parameterSizes(embeddingRows, config.embeddingSize(), config.hiddenSize(),
                    config.layers(), config.maxLength());
        };
    }

    /**
     * Checks that {@code file} is exactly as long as a parameter file of arrays of these sizes (magic word,
     * count, then each array's length and floats), and that each fits a Java array.
     */
    private static void checkSize(Path file, long[] sizes) throws InputException {
        long expected = 8;
        long values = 0;
        for (long size : sizes) {
            if (size > Integer.MAX_VALUE / Float.BYTES) {
                throw new InputException(file, 0, "the settings in " + SIDECAR_FILE + " call for a parameter array"
                        + " of " + size + " values, more than LeakLab can hold in one array", null);
            }
            expected += 4 + 4 * size;
            values += size;
        }
        long actual;
        try {
            actual = Files.size(file);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + oneLine(e), e);
        }
        if (actual != expected) {
            throw new InputException(file, 0, "holds " + actual + " bytes where the settings in " + SIDECAR_FILE
                    + " call for " + expected + " (" + sizes.length + " arrays, " + values + " values): the file is"
                    + " damaged or belongs to another model", null);
        }
    }

    /** The reason of {@code e} on one line: Jackson's messages run on with the source and a reference chain. */
    private static String oneLine(Exception e) {
        String message;
        if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException v && v.getCause() != null) {
            message = v.getCause().getMessage();
        } else if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            message = j.getOriginalMessage();
        } else {
            message = e.getMessage();
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).replace('\r', ' ');
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
