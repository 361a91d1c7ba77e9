package dev.leaklab.core.model.pretrained;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors a RoBERTa encoder is made of, under Hugging Face's names ({@code modeling_roberta.py}), and
 * the shapes a config gives them. Linear weights are stored {@code [out, in]}, as {@code torch.nn.Linear}
 * keeps them. Checkpoints of a task model ({@code RobertaForSequenceClassification}, {@code ...ForMaskedLM})
 * put {@code roberta.} before every encoder name; both spellings are accepted. Heads and poolers are not
 * part of the encoder and are ignored.
 */
public final class RobertaLayout {

    /** The prefix task models put before the encoder's names. */
    public static final String TASK_MODEL_PREFIX = "roberta.";

    /** Word embedding, {@code [vocab, hidden]}. */
    public static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
    /** Position embedding, {@code [maxPositions, hidden]}. */
    public static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
    /** Token-type embedding, {@code [typeVocab, hidden]}. */
    public static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
    /** Embedding LayerNorm scale, {@code [hidden]}. */
    public static final String EMBEDDINGS_LAYER_NORM_WEIGHT = "embeddings.LayerNorm.weight";
    /** Embedding LayerNorm shift, {@code [hidden]}. */
    public static final String EMBEDDINGS_LAYER_NORM_BIAS = "embeddings.LayerNorm.bias";

    /** The per-layer tensors, after {@code encoder.layer.i.}, in the order the forward pass uses them. */
    public static final List<String> LAYER_TENSORS = List.of(
            "attention.self.query.weight", "attention.self.query.bias",
            "attention.self.key.weight", "attention.self.key.bias",
            "attention.self.value.weight", "attention.self.value.bias",
            "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
            "intermediate.dense.weight", "intermediate.dense.bias",
            "output.dense.weight", "output.dense.bias",
            "output.LayerNorm.weight", "output.LayerNorm.bias");

    private RobertaLayout() {
    }

    /** The name of a tensor of layer {@code layer}, e.g. {@code encoder.layer.3.output.dense.weight}. */
    public static String layerTensor(int layer, String suffix) {
        return "encoder.layer." + layer + "." + suffix;
    }

    /** Every tensor the encoder needs, without prefix, with its shape, in forward-pass order. */
    public static Map<String, long[]> expectedShapes(RobertaConfig config) {
        long hidden = config.hiddenSize();
        long intermediate = config.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(WORD_EMBEDDINGS, new long[] {config.vocabSize(), hidden});
        shapes.put(POSITION_EMBEDDINGS, new long[] {config.maxPositionEmbeddings(), hidden});
        shapes.put(TOKEN_TYPE_EMBEDDINGS, new long[] {config.typeVocabSize(), hidden});
        shapes.put(EMBEDDINGS_LAYER_NORM_WEIGHT, new long[] {hidden});
        shapes.put(EMBEDDINGS_LAYER_NORM_BIAS, new long[] {hidden});
        long[] vector = {hidden};
        long[] square = {hidden, hidden};
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            for (String projection : List.of("query", "key", "value")) {
                shapes.put(layerTensor(i, "attention.self." + projection + ".weight"), square.clone());
                shapes.put(layerTensor(i, "attention.self." + projection + ".bias"), vector.clone());
            }
            shapes.put(layerTensor(i, "attention.output.dense.weight"), square.clone());
            shapes.put(layerTensor(i, "attention.output.dense.bias"), vector.clone());
            shapes.put(layerTensor(i, "attention.output.LayerNorm.weight"), vector.clone());
            shapes.put(layerTensor(i, "attention.output.LayerNorm.bias"), vector.clone());
            shapes.put(layerTensor(i, "intermediate.dense.weight"), new long[] {intermediate, hidden});
            shapes.put(layerTensor(i, "intermediate.dense.bias"), new long[] {intermediate});
            shapes.put(layerTensor(i, "output.dense.weight"), new long[] {hidden, intermediate});
            shapes.put(layerTensor(i, "output.dense.bias"), vector.clone());
            shapes.put(layerTensor(i, "output.LayerNorm.weight"), vector.clone());
            shapes.put(layerTensor(i, "output.LayerNorm.bias"), vector.clone());
        }
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * The name under which {@code available} holds an encoder tensor: the name itself, else with
     * {@link #TASK_MODEL_PREFIX}; {@code null} when it holds neither.
     */
    public static String resolve(Map<String, ?> available, String name) {
        if (available.containsKey(name)) {
            return name;
        }
        String prefixed = TASK_MODEL_PREFIX + name;
        return available.containsKey(prefixed) ? prefixed : null;
    }

    /** The encoder tensor {@code name} from {@code weights}, with or without the prefix, or {@code null}. */
    public static Tensor find(Map<String, Tensor> weights, String name) {
        String key = resolve(weights, name);
        return key == null ? null : weights.get(key);
    }

    /**
     * Every tensor the config needs that {@code shapes} lacks or holds with another shape, as
     * {@code missing NAME} or {@code NAME has shape [a, b], expected [c, d]}; empty when all is well.
     */
    public static List<String> problems(RobertaConfig config, Map<String, long[]> shapes) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        expectedShapes(config).forEach((name, expected) -> {
            String key = resolve(shapes, name);
            if (key == null) {
                missing.add(name);
            } else if (!Arrays.equals(shapes.get(key), expected)) {
                mismatched.add(key + " has shape " + Tensor.shapeText(shapes.get(key)) + ", expected "
                        + Tensor.shapeText(expected));
            }
        });
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing));
        }
        problems.addAll(mismatched);
        return problems;
    }

    /** As {@link #problems(RobertaConfig, Map)} for tensors in memory. */
    public static List<String> problemsOfTensors(RobertaConfig config, Map<String, Tensor> weights) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        weights.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        return problems(config, shapes);
    }
}
