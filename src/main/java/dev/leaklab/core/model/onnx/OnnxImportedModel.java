package dev.leaklab.core.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.leaklab.core.InputException;
import dev.leaklab.core.audit.ImportedBatches;
import dev.leaklab.core.audit.ImportedModel;
import dev.leaklab.core.audit.ModelInput;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * An ONNX model run with ONNX Runtime. Inputs: {@code input_ids} (or the graph's only input) and, when the
 * graph has it, {@code attention_mask} (1 for real tokens, 0 for padding) and {@code token_type_ids} (zeros);
 * int64 or int32. Outputs: {@code logits} (or the first output) of two classes, or one sigmoid logit; and
 * the embedding when the graph gives one ({@code embedding}, {@code pooler_output}, {@code pooled},
 * {@code cls}). Why ONNX Runtime and not ND4J's SameDiff import: PyTorch's exports use ops and opset versions
 * SameDiff M2.1 does not cover; ONNX Runtime is the format's own runtime.
 */
public final class OnnxImportedModel implements ImportedModel {

    private static final List<String> EMBEDDING_NAMES = List.of("embedding", "embeddings", "pooler_output", "pooled",
            "cls", "features");
    private static final int BATCH = 64;

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelInput input;
    private final String idsName;
    private final String maskName;
    private final String typesName;
    private final boolean int32;
    private final String logitsName;
    private final String embeddingName;
    private final int length;
    private final boolean fixedLength;
    private final String description;

    private OnnxImportedModel(Path file, OrtEnvironment env, OrtSession session, ModelInput input, String idsName,
                              String maskName, String typesName, boolean int32, String logitsName,
                              String embeddingName, int length, boolean fixedLength, String description) {
        this.file = file;
        this.env = env;
        this.session = session;
        this.input = input;
        this.idsName = idsName;
        this.maskName = maskName;
        this.typesName = typesName;
        this.int32 = int32;
        this.logitsName = logitsName;
        this.embeddingName = embeddingName;
        this.length = length;
        this.fixedLength = fixedLength;
        this.description = description;
    }

    /**
     * Opens an ONNX model.
     *
     * @param maxLength tokens a sample is cut or padded to when the graph does not fix its length
     * @param threads   the threads ONNX Runtime may use within one run
     * @throws InputException naming the file: not ONNX, an op ONNX Runtime cannot run (named), inputs that are
     *                        not token ids, or an output that is not two classes
     */
    public static OnnxImportedModel open(Path file, ModelInput input, int maxLength, int threads)
            throws InputException {
        checkFile(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            session = env.createSession(file.toAbsolutePath().toString(), options);
        } catch (OrtException e) {
            throw new InputException(file, 0, "ONNX Runtime cannot run it: " + ImportedBatches.firstLine(e), e);
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            String ids = inputs.containsKey("input_ids") ? "input_ids" : inputs.size() == 1
                    ? inputs.keySet().iterator().next() : null;
            if (ids == null) {
                throw new InputException(file, 0, "has inputs " + String.join(", ", inputs.keySet()) + ", none named "
                        + "input_ids: LeakLab feeds token ids (input_ids) and an attention mask (attention_mask)", null);
            }
            String mask = null;
            String types = null;
            for (String name : inputs.keySet()) {
                if (name.equals(ids)) {
                    continue;
                }
                if (name.equals("attention_mask")) {
                    mask = name;
                } else if (name.equals("token_type_ids")) {
                    types = name;
                } else {
                    throw new InputException(file, 0, "has an input " + InputException.quote(name, 60) + " LeakLab "
                            + "cannot fill; it gives input_ids, attention_mask and token_type_ids", null);
                }
            }
            TensorInfo idsInfo = tensor(file, ids, inputs.get(ids));
            if (idsInfo.type != OnnxJavaType.INT64 && idsInfo.type != OnnxJavaType.INT32) {
                throw new InputException(file, 0, "input " + ids + " is " + idsInfo.type + ", not int64 or int32 "
                        + "token ids", null);
            }
            long[] shape = idsInfo.getShape();
            if (shape.length != 2) {
                throw new InputException(file, 0, "input " + ids + " has " + shape.length + " dimensions; token ids "
                        + "are [batch, sequence]", null);
            }
            boolean fixed = shape[1] > 0;
            int length = fixed ? (int) shape[1] : maxLength;
            String logits = outputs.containsKey("logits") ? "logits" : outputs.keySet().iterator().next();
            long[] out = tensor(file, logits, outputs.get(logits)).getShape();
            long classes = out.length == 0 ? -1 : out[out.length - 1];
            if (out.length != 2 || classes != 1 && classes != 2 && classes > 0) {
                throw new InputException(file, 0, "output " + logits + " has shape " + java.util.Arrays.toString(out)
                        + ": LeakLab reads [batch, 2] logits (or [batch, 1], one sigmoid logit)", null);
            }
            String embedding = null;
            for (String name : EMBEDDING_NAMES) {
                if (outputs.containsKey(name) && !name.equals(logits)) {
                    embedding = name;
                    break;
                }
            }
            String summary = "ONNX model " + file.getFileName() + " (" + session.getMetadata().getProducerName()
                    + ", inputs " + String.join(", ", inputs.keySet()) + ", outputs " + String.join(", ",
                    outputs.keySet()) + "; " + (fixed ? length + " tokens" : "up to " + length + " tokens")
                    + "; through ONNX Runtime)";
            return new OnnxImportedModel(file, env, session, input, ids, mask, types,
                    idsInfo.type == OnnxJavaType.INT32, logits, embedding, length, fixed, summary);
        } catch (OrtException e) {
            close(session);
            throw new InputException(file, 0, "ONNX Runtime cannot read its inputs and outputs: " + ImportedBatches.firstLine(e), e);
        } catch (InputException | RuntimeException e) {
            close(session);
            throw e;
        }
    }

    private static TensorInfo tensor(Path file, String name, NodeInfo info) throws InputException {
        if (!(info.getInfo() instanceof TensorInfo t)) {
            throw new InputException(file, 0, InputException.quote(name, 60) + " is not a tensor", null);
        }
        return t;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public ModelOutputs outputs(List<NormalizedSample> samples, CancellationToken cancel, DoubleConsumer progress)
            throws InputException {
        return ImportedBatches.collect(file, samples, input, length, BATCH, cancel, progress, encoded -> {
            // why: every sequence is padded to the full length, as models are commonly trained (a recurrent
            // graph exported without packing gives other outputs under other padding); masked encoders do not mind
            long[][] tokens = new long[encoded.length][length];
            long[][] mask = new long[encoded.length][length];
            for (int i = 0; i < encoded.length; i++) {
                java.util.Arrays.fill(tokens[i], input.padId());
                for (int t = 0; t < encoded[i].length; t++) {
                    tokens[i][t] = encoded[i][t];
                    mask[i][t] = 1;
                }
            }
            Run r = run(tokens, mask);
            return new ImportedBatches.Batch(r.logits(), r.embedding());
        });
    }

    /** Logits (two a sample) and embeddings (or {@code null}) of one batch. */
    public record Run(float[][] logits, float[][] embedding) {
    }

    /**
     * Runs the model on a batch of token ids and their masks, as given (same length each).
     *
     * @throws InputException when ONNX Runtime fails on them (a token id beyond the model's vocabulary, say)
     */
    public Run run(long[][] tokens, long[][] mask) throws InputException {
        int b = tokens.length;
        int t = tokens[0].length;
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put(idsName, tensor(tokens, b, t));
            if (maskName != null) {
                feed.put(maskName, tensor(mask, b, t));
            }
            if (typesName != null) {
                feed.put(typesName, tensor(new long[b][t], b, t));
            }
            try (OrtSession.Result result = session.run(feed)) {
                float[][] raw = (float[][]) result.get(logitsName).orElseThrow().getValue();
                float[][] logits = new float[b][];
                for (int i = 0; i < b; i++) {
                    logits[i] = raw[i].length == 1 ? new float[] {0f, raw[i][0]} : raw[i];
                }
                float[][] embedding = null;
                if (embeddingName != null) {
                    Object e = result.get(embeddingName).orElseThrow().getValue();
                    if (e instanceof float[][] m) {
                        embedding = m;
                    }
                }
                return new Run(logits, embedding);
            }
        } catch (OrtException e) {
            throw new InputException(file, 0, "ONNX Runtime failed on the data: " + ImportedBatches.firstLine(e), e);
        } catch (ClassCastException e) {
            throw new InputException(file, 0, "output " + logitsName + " is not float32 logits", e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(long[][] values, int b, int t) throws OrtException {
        if (int32) {
            java.nio.IntBuffer buf = java.nio.IntBuffer.allocate(b * t);
            for (long[] row : values) {
                for (long v : row) {
                    buf.put((int) v);
                }
            }
            buf.flip();
            return OnnxTensor.createTensor(env, buf, new long[] {b, t});
        }
        LongBuffer buf = LongBuffer.allocate(b * t);
        for (long[] row : values) {
            buf.put(row);
        }
        buf.flip();
        return OnnxTensor.createTensor(env, buf, new long[] {b, t});
    }

    @Override
    public void close() {
        close(session);
    }

    private static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // why: closing frees native memory; a failure to do so leaves nothing to tell the user
        }
    }

    private static void checkFile(Path file) throws InputException {
        try (InputStream in = Files.newInputStream(file)) {
            int first = in.read();
            // why: an ONNX file is a protobuf ModelProto, whose first field is ir_version (tag 0x08)
            if (first != 0x08) {
                throw new InputException(file, 0, "is not an ONNX model (a protobuf ModelProto starting with its IR "
                        + "version)", null);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file, 0, "no such file", e);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }
}
