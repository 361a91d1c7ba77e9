package dev.leaklab.core.model.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RobertaReferenceTest {

    private static final double TOLERANCE = 1e-6;

    /**
     * Hidden 2, one head, one layer, eps 1, so every LayerNorm keeps a trace of its input's size: a vector
     * a*[1,-1] + c*[1,1] normalises to f(a)*[1,-1] with f(a) = a / sqrt(a^2 + 1).
     */
    private static RobertaConfig handConfig() {
        return new RobertaConfig(4, 2, 1, 1, 2, 6, 1, 1.0, "gelu", 1);
    }

    private static Map<String, Tensor> handWeights() {
        Map<String, Tensor> w = new HashMap<>();
        // word rows: 0 <s> = [1,-1], 1 <pad> = [7,-7], 2 </s> = [0,0], 3 x = [-0.5,0.5]
        put(w, "embeddings.word_embeddings.weight", new long[] {4, 2}, 1, -1, 7, -7, 0, 0, -0.5f, 0.5f);
        // position rows 0..5: row 2 = [0.5,-0.5], row 3 = [1,-1], the rest 0
        put(w, "embeddings.position_embeddings.weight", new long[] {6, 2}, 0, 0, 0, 0, 0.5f, -0.5f, 1, -1, 0, 0, 0, 0);
        put(w, "embeddings.token_type_embeddings.weight", new long[] {1, 2}, 0.25f, 0.25f);
        put(w, "embeddings.LayerNorm.weight", new long[] {2}, 1, 1);
        put(w, "embeddings.LayerNorm.bias", new long[] {2}, 0, 0);
        for (String p : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense", "intermediate.dense"}) {
            put(w, "encoder.layer.0." + p + ".weight", new long[] {2, 2}, 1, 0, 0, 1);
            put(w, "encoder.layer.0." + p + ".bias", new long[] {2}, 0, 0);
        }
        put(w, "encoder.layer.0.attention.output.LayerNorm.weight", new long[] {2}, 1, 1);
        put(w, "encoder.layer.0.attention.output.LayerNorm.bias", new long[] {2}, 0, 0);
        // output dense keeps only the first feed-forward unit: [[1,0],[0,0]]
        put(w, "encoder.layer.0.output.dense.weight", new long[] {2, 2}, 1, 0, 0, 0);
        put(w, "encoder.layer.0.output.dense.bias", new long[] {2}, 0, 0);
        put(w, "encoder.layer.0.output.LayerNorm.weight", new long[] {2}, 2, 1);
        put(w, "encoder.layer.0.output.LayerNorm.bias", new long[] {2}, 0.5f, -0.25f);
        return w;
    }

    private static void put(Map<String, Tensor> w, String name, long[] shape, float... values) {
        w.put(name, new Tensor(name, shape, values));
    }

    private static double f(double a) {
        return a / Math.sqrt(a * a + 1);
    }

    @Test
    void matchesAForwardPassWorkedOutByHand() {
        RobertaReference model = new RobertaReference(handConfig(), handWeights());
        int[] ids = {0, 3, 1};
        int[] mask = {1, 1, 0};
        // positions: <s> -> pad+1 = 2, x -> 3, <pad> -> 1
        assertThat(RobertaReference.positionIds(ids, 1)).containsExactly(2, 3, 1);
        // embeddings: <s> [1,-1] + [0.5,-0.5] + [0.25,0.25] = 1.5*[1,-1] + 0.25*[1,1];
        // x: [-0.5,0.5] + [1,-1] + ... = 0.5*[1,-1] + ...; <pad>: [7,-7] + [0,0] + ... = 7*[1,-1] + ...
        double[] e = {f(1.5), f(0.5), f(7)};
        float[][] embedded = model.forward(ids, mask, 0);
        for (int t = 0; t < 3; t++) {
            assertThat((double) embedded[t][0]).isCloseTo(e[t], within(TOLERANCE));
            assertThat((double) embedded[t][1]).isCloseTo(-e[t], within(TOLERANCE));
        }
        // attention with Q = K = V = identity, head size 2: score(i,j) = (x_i . x_j)/sqrt 2 = sqrt2 * e_i * e_j;
        // <pad> is masked, so query i weighs <s> by p_i = 1 / (1 + exp(sqrt2 * e_i * (e1 - e0))) and x by 1 - p_i,
        // giving context c_i * [1,-1] with c_i = p_i e0 + (1 - p_i) e1. The padded query attends the same way.
        // output dense = identity, residual, LayerNorm: g_i = f(c_i + e_i).
        // feed-forward: identity then GELU on [g, -g]; output dense [[1,0],[0,0]] keeps gelu(g) in slot 0;
        // residual: [gelu(g) + g, -g], whose half-difference is d = (gelu(g) + 2g) / 2, normalised to
        // n = d / sqrt(d^2 + 1); final LayerNorm scale [2, 1], shift [0.5, -0.25]: [2n + 0.5, -n - 0.25].
        float[][] out = model.forward(ids, mask);
        for (int i = 0; i < 3; i++) {
            double p = 1 / (1 + Math.exp(Math.sqrt(2) * e[i] * (e[1] - e[0])));
            double c = p * e[0] + (1 - p) * e[1];
            double g = f(c + e[i]);
            double d = (RobertaReference.gelu(g) + 2 * g) / 2;
            double n = d / Math.sqrt(d * d + 1);
            assertThat((double) out[i][0]).as("token %d slot 0", i).isCloseTo(2 * n + 0.5, within(TOLERANCE));
            assertThat((double) out[i][1]).as("token %d slot 1", i).isCloseTo(-n - 0.25, within(TOLERANCE));
        }
        assertThat(model.firstTokenVector(ids, mask)).containsExactly(out[0]);
    }

    @Test
    void ignoresWhatIsUnderThePaddingMask() {
        RobertaConfig config = TinyRobertaCheckpoint.config(40);
        RobertaReference model = new RobertaReference(config, TinyRobertaCheckpoint.randomWeights(config, 7, ""));
        int[] real = {0, 17, 5, 33, 9, 2};
        int[] padded = {0, 17, 5, 33, 9, 2, 1, 1, 1};
        int[] garbage = {0, 17, 5, 33, 9, 2, 38, 4, 21};
        int[] mask = {1, 1, 1, 1, 1, 1, 0, 0, 0};
        float[][] alone = model.forward(real, new int[] {1, 1, 1, 1, 1, 1});
        float[][] withPadding = model.forward(padded, mask);
        float[][] withGarbage = model.forward(garbage, mask);
        for (int t = 0; t < real.length; t++) {
            for (int h = 0; h < config.hiddenSize(); h++) {
                assertThat(withPadding[t][h]).isCloseTo(alone[t][h], within(1e-6f));
                assertThat(withGarbage[t][h]).isCloseTo(alone[t][h], within(1e-6f));
            }
        }
        // and the attention really mixes tokens: changing a real token moves the <s> vector
        int[] changed = real.clone();
        changed[3] = 34;
        assertThat(model.firstTokenVector(changed, new int[] {1, 1, 1, 1, 1, 1})[0])
                .isNotCloseTo(alone[0][0], within(1e-4f));
    }

    @Test
    void acceptsTaskModelNamesAndRunsAnyNumberOfLayers() {
        RobertaConfig config = TinyRobertaCheckpoint.config(40);
        RobertaReference plain = new RobertaReference(config, TinyRobertaCheckpoint.randomWeights(config, 3, ""));
        RobertaReference prefixed = new RobertaReference(config,
                TinyRobertaCheckpoint.randomWeights(config, 3, "roberta."));
        int[] ids = {0, 10, 11, 2};
        int[] mask = {1, 1, 1, 1};
        assertThat(prefixed.forward(ids, mask)).isDeepEqualTo(plain.forward(ids, mask));
        assertThat(plain.forward(ids, mask, 2)).isDeepEqualTo(plain.forward(ids, mask));
        assertThat(plain.forward(ids, mask, 1)).isNotEqualTo(plain.forward(ids, mask));
    }

    @Test
    void refusesBadInput() {
        RobertaConfig config = TinyRobertaCheckpoint.config(40);
        RobertaReference model = new RobertaReference(config, TinyRobertaCheckpoint.randomWeights(config, 3, ""));
        assertThatThrownBy(() -> model.forward(new int[] {0, 40}, new int[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id 40 at 1");
        assertThatThrownBy(() -> model.forward(new int[] {0, 4}, new int[] {1}))
                .hasMessageContaining("the mask has 1 entries for 2 ids");
        assertThatThrownBy(() -> model.forward(new int[] {0, 4}, new int[] {1, 2}))
                .hasMessageContaining("mask value 2");
        assertThatThrownBy(() -> model.forward(new int[] {0}, new int[] {1}, 3))
                .hasMessageContaining("layer count 3");
        assertThatThrownBy(() -> model.forward(new int[65], new int[65]))
                .hasMessageContaining("more than 64 non-padding tokens");
        int[] longest = new int[64];
        model.forward(longest, new int[64]);
    }

    @Test
    void refusesWeightsThatDoNotFit() {
        Map<String, Tensor> weights = new HashMap<>(handWeights());
        weights.remove("embeddings.LayerNorm.bias");
        assertThatThrownBy(() -> new RobertaReference(handConfig(), weights))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights do not fit the config: missing embeddings.LayerNorm.bias");
    }

    @Test
    void layerNormUsesThePopulationVariance() {
        // mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
        float[] y = RobertaReference.layerNorm(new float[] {1, 2, 3, 4}, new float[] {1, 1, 2, 1},
                new float[] {0, 0, 0, 10}, 0.0);
        double s = Math.sqrt(1.25);
        assertThat((double) y[0]).isCloseTo(-1.5 / s, within(1e-7));
        assertThat((double) y[1]).isCloseTo(-0.5 / s, within(1e-7));
        assertThat((double) y[2]).isCloseTo(2 * 0.5 / s, within(1e-7));
        assertThat((double) y[3]).isCloseTo(1.5 / s + 10, within(1e-6));
        // eps under the square root: a constant vector maps to the shift
        assertThat(RobertaReference.layerNorm(new float[] {3, 3}, new float[] {1, 1}, new float[] {0.5f, 0},
                1e-5)).containsExactly(0.5f, 0f);
    }

    @Test
    void geluIsTheExactErfForm() {
        // x * Phi(x); Phi(1) = 0.8413447460685429, Phi(2) = 0.9772498680518208 (normal tables)
        assertThat(RobertaReference.gelu(0)).isEqualTo(0.0);
        assertThat(RobertaReference.gelu(1)).isCloseTo(0.8413447460685429, within(1e-15));
        assertThat(RobertaReference.gelu(-1)).isCloseTo(-0.15865525393145707, within(1e-15));
        assertThat(RobertaReference.gelu(2)).isCloseTo(1.9544997361036416, within(1e-15));
        assertThat(RobertaReference.gelu(-10)).isCloseTo(0.0, within(1e-20));
        assertThat(RobertaReference.gelu(10)).isEqualTo(10.0);
        // the tanh approximation ("gelu_new") differs in the 4th decimal here; the exact form must not
        assertThat(RobertaReference.gelu(1.5)).isCloseTo(1.5 * 0.9331927987311419, within(1e-15));
    }

    @Test
    void erfMatchesTablesOnBothSidesOfTheSeriesCutover() {
        assertThat(RobertaReference.erf(0.5)).isCloseTo(0.5204998778130465, within(1e-15));
        assertThat(RobertaReference.erf(1)).isCloseTo(0.8427007929497149, within(1e-15));
        assertThat(RobertaReference.erf(1.999999)).isCloseTo(0.9953222443519261, within(1e-14));
        assertThat(RobertaReference.erf(2)).isCloseTo(0.9953222650189527, within(1e-15));
        assertThat(RobertaReference.erf(2.5)).isCloseTo(0.9995930479825550, within(1e-15));
        assertThat(1 - RobertaReference.erf(3)).isCloseTo(2.209049699858544e-05, within(1e-15));
        assertThat(RobertaReference.erf(-3)).isCloseTo(-0.9999779095030014, within(1e-15));
        assertThat(RobertaReference.erf(30)).isEqualTo(1.0);
        assertThat(RobertaReference.erf(Double.NaN)).isNaN();
    }

    @Test
    void positionsSkipPaddingWhereverItIs() {
        assertThat(RobertaReference.positionIds(new int[] {0, 5, 6, 2, 1, 1}, 1)).containsExactly(2, 3, 4, 5, 1, 1);
        assertThat(RobertaReference.positionIds(new int[] {1, 1, 0, 2}, 1)).containsExactly(1, 1, 2, 3);
    }

    @Test
    void linearReadsWeightsOutByIn() {
        // W = [[1, 2, 3], [4, 5, 6]] ([out=2, in=3]), x = [1, 0, -1], b = [0.5, -0.5] -> [1 - 3 + 0.5, 4 - 6 - 0.5]
        assertThat(RobertaReference.linear(new float[] {1, 0, -1}, new float[] {1, 2, 3, 4, 5, 6},
                new float[] {0.5f, -0.5f}, 2)).containsExactly(-1.5f, -2.5f);
    }
}
