package dev.leaklab.core.model.pretrained;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain-Java forward pass of the RoBERTa encoder for one sequence, written to be obviously the same as
 * Hugging Face's {@code RobertaModel} in inference mode, not to be fast: it is the oracle the fast encoder
 * is tested against.
 *
 * <p>The steps, as in {@code modeling_roberta.py}: word + position + token-type (always 0) embeddings,
 * LayerNorm; then per layer: multi-head self-attention with padding masked out, output dense + residual +
 * LayerNorm, intermediate dense + exact GELU, output dense + residual + LayerNorm. Position ids follow
 * {@code create_position_ids_from_input_ids}: the i-th non-padding token gets {@code padTokenId + i}
 * (counting from 1), padding gets {@code padTokenId}.
 *
 * <p>Values are stored as {@code float}, like the checkpoint, but every sum is taken in {@code double}, so
 * the oracle is at least as accurate as what it checks.
 */
public final class RobertaReference {

    private final RobertaConfig config;
    private final float[] wordEmbeddings;
    private final float[] positionEmbeddings;
    private final float[] tokenTypeEmbeddings;
    private final float[] embeddingNormWeight;
    private final float[] embeddingNormBias;
    private final List<Layer> layers;

    /** One encoder layer's weights; linear weights are {@code [out, in]}, row-major. */
    private record Layer(float[] queryWeight, float[] queryBias, float[] keyWeight, float[] keyBias,
            float[] valueWeight, float[] valueBias, float[] attentionOutWeight, float[] attentionOutBias,
            float[] attentionNormWeight, float[] attentionNormBias, float[] intermediateWeight,
            float[] intermediateBias, float[] outputWeight, float[] outputBias, float[] outputNormWeight,
            float[] outputNormBias) {
    }

    /**
     * @param config  the encoder's shape
     * @param weights the tensors under Hugging Face's names, with or without the {@code roberta.} prefix;
     *                others are ignored. Not copied.
     * @throws IllegalArgumentException listing every missing tensor and wrong shape
     */
    public RobertaReference(RobertaConfig config, Map<String, Tensor> weights) {
        List<String> problems = RobertaLayout.problemsOfTensors(config, weights);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit the config: " + String.join("; ", problems));
        }
        this.config = config;
        this.wordEmbeddings = data(weights, RobertaLayout.WORD_EMBEDDINGS);
        this.positionEmbeddings = data(weights, RobertaLayout.POSITION_EMBEDDINGS);
        this.tokenTypeEmbeddings = data(weights, RobertaLayout.TOKEN_TYPE_EMBEDDINGS);
        this.embeddingNormWeight = data(weights, RobertaLayout.EMBEDDINGS_LAYER_NORM_WEIGHT);
        this.embeddingNormBias = data(weights, RobertaLayout.EMBEDDINGS_LAYER_NORM_BIAS);
        List<Layer> list = new ArrayList<>();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            list.add(new Layer(
                    layerData(weights, i, "attention.self.query.weight"),
                    layerData(weights, i, "attention.self.query.bias"),
                    layerData(weights, i, "attention.self.key.weight"),
                    layerData(weights, i, "attention.self.key.bias"),
                    layerData(weights, i, "attention.self.value.weight"),
                    layerData(weights, i, "attention.self.value.bias"),
                    layerData(weights, i, "attention.output.dense.weight"),
                    layerData(weights, i, "attention.output.dense.bias"),
                    layerData(weights, i, "attention.output.LayerNorm.weight"),
                    layerData(weights, i, "attention.output.LayerNorm.bias"),
                    layerData(weights, i, "intermediate.dense.weight"),
                    layerData(weights, i, "intermediate.dense.bias"),
                    layerData(weights, i, "output.dense.weight"),
                    layerData(weights, i, "output.dense.bias"),
                    layerData(weights, i, "output.LayerNorm.weight"),
                    layerData(weights, i, "output.LayerNorm.bias")));
        }
        this.layers = List.copyOf(list);
    }

    private static float[] data(Map<String, Tensor> weights, String name) {
        return RobertaLayout.find(weights, name).data();
    }

    private static float[] layerData(Map<String, Tensor> weights, int layer, String suffix) {
        return data(weights, RobertaLayout.layerTensor(layer, suffix));
    }

    /** The config the weights were checked against. */
    public RobertaConfig config() {
        return config;
    }

    /** The last layer's hidden states, {@code [tokens][hidden]}, as {@code RobertaModel(...).last_hidden_state}. */
    public float[][] forward(int[] ids, int[] attentionMask) {
        return forward(ids, attentionMask, config.numHiddenLayers());
    }

    /**
     * The hidden states after the embeddings and the first {@code layerCount} layers: 0 gives the embedding
     * output, {@code numHiddenLayers} the model's output ({@code hidden_states[layerCount]} in transformers).
     *
     * @param ids           token ids, e.g. from {@code ByteLevelBpe.encodeForModel}, padded or not
     * @param attentionMask 1 for a token to attend to, 0 for padding; as long as {@code ids}
     * @param layerCount    0 to {@code numHiddenLayers}
     * @throws IllegalArgumentException for an id outside the vocabulary, a mask that is not 0/1 or of another
     *                                  length, a sequence longer than the position table, or a bad layer count
     */
    public float[][] forward(int[] ids, int[] attentionMask, int layerCount) {
        check(ids, attentionMask, layerCount);
        int hidden = config.hiddenSize();
        int[] positions = positionIds(ids, config.padTokenId());
        float[][] states = new float[ids.length][];
        for (int t = 0; t < ids.length; t++) {
            float[] sum = new float[hidden];
            for (int h = 0; h < hidden; h++) {
                // token type 0 for every token, as RobertaModel uses when token_type_ids are not given
                sum[h] = (float) ((double) wordEmbeddings[ids[t] * hidden + h]
                        + positionEmbeddings[positions[t] * hidden + h] + tokenTypeEmbeddings[h]);
            }
            states[t] = layerNorm(sum, embeddingNormWeight, embeddingNormBias, config.layerNormEps());
        }
        for (int l = 0; l < layerCount; l++) {
            states = layer(layers.get(l), states, attentionMask);
        }
        return states;
    }

    /** The final hidden state of the first token, {@code <s>}: what a RoBERTa classification head reads. */
    public float[] firstTokenVector(int[] ids, int[] attentionMask) {
        return forward(ids, attentionMask)[0];
    }

    private float[][] layer(Layer w, float[][] x, int[] mask) {
        int n = x.length;
        int hidden = config.hiddenSize();
        int heads = config.numAttentionHeads();
        int headSize = config.headSize();
        float[][] q = new float[n][];
        float[][] k = new float[n][];
        float[][] v = new float[n][];
        for (int t = 0; t < n; t++) {
            q[t] = linear(x[t], w.queryWeight(), w.queryBias(), hidden);
            k[t] = linear(x[t], w.keyWeight(), w.keyBias(), hidden);
            v[t] = linear(x[t], w.valueWeight(), w.valueBias(), hidden);
        }
        // why: transformers adds the dtype's minimum to masked scores rather than dropping them; with at least
        // one real token the masked weights come out exactly 0, and with none all weights are equal, as there
        double[] maskBias = new double[n];
        for (int j = 0; j < n; j++) {
            maskBias[j] = mask[j] == 1 ? 0.0 : -Float.MAX_VALUE;
        }
        double scale = 1.0 / Math.sqrt(headSize);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] context = new float[hidden];
            for (int head = 0; head < heads; head++) {
                int from = head * headSize;
                double[] scores = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int d = from; d < from + headSize; d++) {
                        dot += (double) q[i][d] * k[j][d];
                    }
                    scores[j] = dot * scale + maskBias[j];
                    max = Math.max(max, scores[j]);
                }
                double total = 0;
                for (int j = 0; j < n; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    total += scores[j];
                }
                for (int d = from; d < from + headSize; d++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += scores[j] / total * v[j][d];
                    }
                    context[d] = (float) sum;
                }
            }
            float[] attended = linear(context, w.attentionOutWeight(), w.attentionOutBias(), hidden);
            float[] attentionOut = layerNorm(add(attended, x[i]), w.attentionNormWeight(), w.attentionNormBias(),
                    config.layerNormEps());
            float[] intermediate = linear(attentionOut, w.intermediateWeight(), w.intermediateBias(),
                    config.intermediateSize());
            for (int d = 0; d < intermediate.length; d++) {
                intermediate[d] = (float) gelu(intermediate[d]);
            }
            float[] output = linear(intermediate, w.outputWeight(), w.outputBias(), hidden);
            out[i] = layerNorm(add(output, attentionOut), w.outputNormWeight(), w.outputNormBias(),
                    config.layerNormEps());
        }
        return out;
    }

    private void check(int[] ids, int[] mask, int layerCount) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("the sequence is empty");
        }
        if (mask.length != ids.length) {
            throw new IllegalArgumentException("the mask has " + mask.length + " entries for " + ids.length + " ids");
        }
        if (layerCount < 0 || layerCount > config.numHiddenLayers()) {
            throw new IllegalArgumentException("layer count " + layerCount + " is outside 0.."
                    + config.numHiddenLayers());
        }
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= config.vocabSize()) {
                throw new IllegalArgumentException("id " + ids[t] + " at " + t + " is outside the vocabulary (0.."
                        + (config.vocabSize() - 1) + ")");
            }
            if (mask[t] != 0 && mask[t] != 1) {
                throw new IllegalArgumentException("mask value " + mask[t] + " at " + t + " is not 0 or 1");
            }
        }
        int[] positions = positionIds(ids, config.padTokenId());
        for (int position : positions) {
            if (position >= config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("the sequence has more than " + config.maxSequenceLength()
                        + " non-padding tokens, the most max_position_embeddings "
                        + config.maxPositionEmbeddings() + " allows");
            }
        }
    }

    /**
     * RoBERTa's position ids ({@code create_position_ids_from_input_ids}, no past): the i-th token that is not
     * {@code padTokenId} gets {@code padTokenId + i}, counting from 1; padding gets {@code padTokenId}.
     */
    public static int[] positionIds(int[] ids, int padTokenId) {
        int[] positions = new int[ids.length];
        int seen = 0;
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] != padTokenId) {
                seen++;
                positions[t] = padTokenId + seen;
            } else {
                positions[t] = padTokenId;
            }
        }
        return positions;
    }

    /**
     * {@code y = W x + b} for a {@code torch.nn.Linear} weight stored {@code [out, in]}, row-major.
     *
     * @param out the number of outputs; {@code weight.length == out * x.length}
     */
    public static float[] linear(float[] x, float[] weight, float[] bias, int out) {
        int in = x.length;
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            double sum = bias[o];
            for (int i = 0; i < in; i++) {
                sum += (double) weight[o * in + i] * x[i];
            }
            y[o] = (float) sum;
        }
        return y;
    }

    /**
     * {@code torch.nn.LayerNorm} over the whole vector: {@code (x - mean) / sqrt(var + eps) * weight + bias},
     * with the biased (population) variance.
     */
    public static float[] layerNorm(float[] x, float[] weight, float[] bias, double eps) {
        double mean = 0;
        for (float value : x) {
            mean += value;
        }
        mean /= x.length;
        double variance = 0;
        for (float value : x) {
            variance += (value - mean) * (value - mean);
        }
        variance /= x.length;
        double scale = 1.0 / Math.sqrt(variance + eps);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) ((x[i] - mean) * scale * weight[i] + bias[i]);
        }
        return y;
    }

    /** GELU in its exact form, as {@code hidden_act="gelu"} means: {@code x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))}. */
    public static double gelu(double x) {
        return 0.5 * x * (1.0 + erf(x / Math.sqrt(2.0)));
    }

    /**
     * The error function to about 1e-15 (Java has none): its Taylor series below 2, where it converges
     * quickly, and the classic continued fraction for {@code erfc} above, where the series would cancel.
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (a < 2.0) {
            // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double power = x;
            double sum = 0;
            for (int n = 0; n < 100; n++) {
                double term = power / (2 * n + 1);
                sum += term;
                if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
                    break;
                }
                power *= -x * x / (n + 1);
            }
            return 2.0 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(a) = exp(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))), evaluated from the tail
        double fraction = a;
        for (int k = 60; k >= 1; k--) {
            fraction = a + (k / 2.0) / fraction;
        }
        double erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / fraction;
        return x > 0 ? 1.0 - erfc : erfc - 1.0;
    }

    private static float[] add(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
