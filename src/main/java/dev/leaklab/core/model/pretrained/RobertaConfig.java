package dev.leaklab.core.model.pretrained;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a RoBERTa encoder, as Hugging Face's {@code config.json} gives it. Only what the encoder's
 * forward pass depends on is kept; dropout rates and the like do not matter at inference.
 *
 * @param vocabSize             rows of the word embedding ({@code vocab_size})
 * @param hiddenSize            width of every hidden state ({@code hidden_size})
 * @param numHiddenLayers       encoder layers ({@code num_hidden_layers})
 * @param numAttentionHeads     attention heads per layer; divides {@code hiddenSize} ({@code num_attention_heads})
 * @param intermediateSize      width of the feed-forward layer ({@code intermediate_size})
 * @param maxPositionEmbeddings rows of the position embedding, RoBERTa's offset of {@code padTokenId + 1}
 *                              included ({@code max_position_embeddings})
 * @param typeVocabSize         rows of the token-type embedding ({@code type_vocab_size})
 * @param layerNormEps          epsilon of every LayerNorm ({@code layer_norm_eps})
 * @param hiddenAct             the feed-forward activation; only {@code "gelu"} (the exact, erf form) is
 *                              supported ({@code hidden_act})
 * @param padTokenId            the padding id, also RoBERTa's position offset ({@code pad_token_id})
 */
public record RobertaConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
        int intermediateSize, int maxPositionEmbeddings, int typeVocabSize, double layerNormEps, String hiddenAct,
        int padTokenId) {

    /** The only activation supported: GELU in its exact form, {@code x * Phi(x)}. */
    public static final String GELU = "gelu";

    /** A config is a few hundred bytes; anything this large is not one and is not read into memory. */
    private static final long MAX_CONFIG_BYTES = 10_000_000;

    // why: not the project-file mapper; these are foreign files, read as trees, where a repeated key must be
    // an error instead of silently taking the last value
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Checks the shape is one an encoder can have; the message lists every problem at once. */
    public RobertaConfig {
        List<String> problems = problems(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads,
                intermediateSize, maxPositionEmbeddings, typeVocabSize, layerNormEps, hiddenAct, padTokenId);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The configuration of {@code microsoft/codebert-base} (and {@code roberta-base}). */
    public static RobertaConfig codeBertBase() {
        return new RobertaConfig(50265, 768, 12, 12, 3072, 514, 1, 1e-5, GELU, 1);
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** The longest sequence, {@code <s>} and {@code </s>} included, that has position embeddings (512 for base). */
    public int maxSequenceLength() {
        return maxPositionEmbeddings - padTokenId - 1;
    }

    /**
     * Reads a Hugging Face {@code config.json}. Fields the encoder needs must be there; {@code type_vocab_size}
     * (2), {@code layer_norm_eps} (1e-12), {@code hidden_act} ("gelu") and {@code pad_token_id} (1) take
     * Hugging Face's defaults when absent. Other fields are ignored, except that a
     * {@code position_embedding_type} other than "absolute" is refused.
     *
     * @throws PretrainedException {@code FILE: reason}, listing every missing or invalid field at once
     */
    public static RobertaConfig read(Path file) throws PretrainedException {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new PretrainedException(file, "larger than " + MAX_CONFIG_BYTES / 1_000_000
                        + " MB; not a config.json?");
            }
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            String message = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().lines()
                    .findFirst().orElse("syntax error");
            throw new PretrainedException(file, line, "not valid JSON: " + message, e);
        } catch (IOException e) {
            throw new PretrainedException(file, 0, "cannot read: " + SafeTensors.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new PretrainedException(file, "expected a JSON object");
        }
        List<String> problems = new ArrayList<>();
        Integer vocab = whole(root, "vocab_size", null, problems);
        Integer hidden = whole(root, "hidden_size", null, problems);
        Integer layers = whole(root, "num_hidden_layers", null, problems);
        Integer heads = whole(root, "num_attention_heads", null, problems);
        Integer intermediate = whole(root, "intermediate_size", null, problems);
        Integer maxPositions = whole(root, "max_position_embeddings", null, problems);
        Integer typeVocab = whole(root, "type_vocab_size", 2, problems);
        Integer pad = whole(root, "pad_token_id", 1, problems);
        Double eps = 1e-12;
        JsonNode epsNode = root.get("layer_norm_eps");
        if (epsNode != null) {
            if (epsNode.isNumber()) {
                eps = epsNode.doubleValue();
            } else {
                problems.add("layer_norm_eps must be a number, found " + shorten(epsNode.toString()));
                eps = null;
            }
        }
        String act = GELU;
        JsonNode actNode = root.get("hidden_act");
        if (actNode != null) {
            act = actNode.isTextual() ? actNode.textValue() : String.valueOf(actNode);
        }
        JsonNode positionType = root.get("position_embedding_type");
        if (positionType != null && !"absolute".equals(positionType.textValue())) {
            problems.add("position_embedding_type " + positionType + " is not supported (only \"absolute\")");
        }
        problems.addAll(problems(vocab, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, act, pad));
        if (!problems.isEmpty()) {
            throw new PretrainedException(file, String.join("; ", problems));
        }
        return new RobertaConfig(vocab, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, act, pad);
    }

    /**
     * Writes the config as a Hugging Face {@code config.json} for a {@code RobertaModel}, which
     * {@link #read} and transformers' {@code AutoModel} both accept.
     */
    public void write(Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.putArray("architectures").add("RobertaModel");
        root.put("model_type", "roberta");
        root.put("vocab_size", vocabSize);
        root.put("hidden_size", hiddenSize);
        root.put("num_hidden_layers", numHiddenLayers);
        root.put("num_attention_heads", numAttentionHeads);
        root.put("intermediate_size", intermediateSize);
        root.put("max_position_embeddings", maxPositionEmbeddings);
        root.put("type_vocab_size", typeVocabSize);
        root.put("layer_norm_eps", layerNormEps);
        root.put("hidden_act", hiddenAct);
        root.put("pad_token_id", padTokenId);
        root.put("bos_token_id", 0);
        root.put("eos_token_id", 2);
        root.put("position_embedding_type", "absolute");
        Files.write(file, MAPPER.writeValueAsBytes(root));
    }

    /** The field's whole-number value, the fallback when absent, or {@code null} once a problem is noted. */
    private static Integer whole(JsonNode root, String field, Integer fallback, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (fallback == null) {
                problems.add("missing " + field);
            }
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.add(field + " must be a whole number, found " + shorten(node.toString()));
            return null;
        }
        return node.intValue();
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Every problem with the values; a {@code null} value was already reported and is not checked again. */
    private static List<String> problems(Integer vocab, Integer hidden, Integer layers, Integer heads,
            Integer intermediate, Integer maxPositions, Integer typeVocab, Double eps, String act, Integer pad) {
        List<String> problems = new ArrayList<>();
        positive("vocab_size", vocab, problems);
        positive("hidden_size", hidden, problems);
        positive("num_hidden_layers", layers, problems);
        positive("num_attention_heads", heads, problems);
        positive("intermediate_size", intermediate, problems);
        positive("max_position_embeddings", maxPositions, problems);
        positive("type_vocab_size", typeVocab, problems);
        if (valid(hidden) && valid(heads) && hidden % heads != 0) {
            problems.add("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads);
        }
        if (pad != null && (pad < 0 || (valid(vocab) && pad >= vocab))) {
            problems.add("pad_token_id " + pad + " is outside the vocabulary"
                    + (valid(vocab) ? " (0.." + (vocab - 1) + ")" : ""));
        }
        if (valid(maxPositions) && pad != null && pad >= 0 && maxPositions < pad + 2) {
            problems.add("max_position_embeddings " + maxPositions + " leaves no position after RoBERTa's offset"
                    + " of pad_token_id + 1 = " + (pad + 1));
        }
        if (eps != null && (!(eps > 0) || Double.isInfinite(eps))) {
            problems.add("layer_norm_eps must be a positive number, was " + eps);
        }
        if (!GELU.equals(act)) {
            problems.add("hidden_act \"" + shorten(String.valueOf(act)) + "\" is not supported (only \"gelu\")");
        }
        // why: each weight matrix must fit one Java array
        fits("vocab_size x hidden_size", vocab, hidden, problems);
        fits("max_position_embeddings x hidden_size", maxPositions, hidden, problems);
        fits("intermediate_size x hidden_size", intermediate, hidden, problems);
        return problems;
    }

    private static boolean valid(Integer value) {
        return value != null && value > 0;
    }

    private static void positive(String field, Integer value, List<String> problems) {
        if (value != null && value <= 0) {
            problems.add(field + " must be positive, was " + value);
        }
    }

    private static void fits(String what, Integer rows, Integer columns, List<String> problems) {
        if (valid(rows) && valid(columns) && (long) rows * columns > SafeTensors.MAX_ELEMENTS) {
            problems.add(what + " = " + (long) rows * columns + " is too large for one tensor");
        }
    }
}
