package dev.leaklab.core.model.array;

import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.pretrained.PretrainedException;
import dev.leaklab.core.model.pretrained.PretrainedFolder;
import dev.leaklab.core.model.pretrained.RobertaConfig;
import dev.leaklab.core.model.pretrained.RobertaLayout;
import dev.leaklab.core.model.pretrained.Tensor;
import java.util.Map;

/**
 * Loads a Hugging Face RoBERTa checkpoint (CodeBERT) into an {@link EncoderNetwork}: word, position (from
 * row {@code pad_token_id + 1}, as RoBERTa numbers positions) and token-type embeddings, the LayerNorms, and
 * every block's dense layers, transposed from [out, in]. The classification head starts fresh.
 */
final class PretrainedEncoder {

    private PretrainedEncoder() {
    }

    /** The model settings a checkpoint implies, with the caller's training settings. */
    static ModelConfig configFor(RobertaConfig roberta, ModelConfig training, int maxLength) {
        if (maxLength > roberta.maxSequenceLength()) {
            throw new IllegalArgumentException("model setting maxLength (" + maxLength + ") exceeds the "
                    + roberta.maxSequenceLength() + " positions of the pretrained model");
        }
        return new ModelConfig(Architecture.CODEBERT, roberta.hiddenSize(), roberta.intermediateSize(),
                roberta.numHiddenLayers(), roberta.numAttentionHeads(), training.dropout(), maxLength,
                training.epochs(), training.batchSize(), training.learningRate(), training.optimizer(),
                training.weightDecay(), training.balanceClasses(), training.patience(), training.seed(),
                training.pretrained(), training.freezeEncoder());
    }

    /**
     * Builds the encoder and copies the checkpoint's weights into it.
     *
     * @param layers how many encoder blocks to load (all of them normally; fewer for checks)
     */
    static EncoderNetwork load(PretrainedFolder folder, ModelConfig config, int layers) throws PretrainedException {
        folder.validateShapes();
        RobertaConfig roberta = folder.config();
        Map<String, Tensor> weights = folder.weights();
        int d = roberta.hiddenSize();
        EncoderNetwork net = new EncoderNetwork(roberta.vocabSize(), d, roberta.intermediateSize(), layers,
                roberta.numAttentionHeads(), config.maxLength());
        net.initialise(config.seed());
        copy(tensor(weights, RobertaLayout.WORD_EMBEDDINGS).data(), net.tokenEmbedding);
        float[] positions = tensor(weights, RobertaLayout.POSITION_EMBEDDINGS).data();
        System.arraycopy(positions, (roberta.padTokenId() + 1) * d, net.positionEmbedding, 0,
                net.positionEmbedding.length);
        System.arraycopy(tensor(weights, RobertaLayout.TOKEN_TYPE_EMBEDDINGS).data(), 0, net.typeEmbedding, 0, d);
        copy(tensor(weights, RobertaLayout.EMBEDDINGS_LAYER_NORM_WEIGHT).data(), net.embGain);
        copy(tensor(weights, RobertaLayout.EMBEDDINGS_LAYER_NORM_BIAS).data(), net.embBias);
        for (int l = 0; l < layers; l++) {
            dense(weights, l, "attention.self.query", net.wq[l], net.bq[l]);
            dense(weights, l, "attention.self.key", net.wk[l], net.bk[l]);
            dense(weights, l, "attention.self.value", net.wv[l], net.bv[l]);
            dense(weights, l, "attention.output.dense", net.wo[l], net.bo[l]);
            dense(weights, l, "intermediate.dense", net.w1[l], net.b1[l]);
            dense(weights, l, "output.dense", net.w2[l], net.b2[l]);
            copy(tensor(weights, RobertaLayout.layerTensor(l, "attention.output.LayerNorm.weight")).data(), net.ln1g[l]);
            copy(tensor(weights, RobertaLayout.layerTensor(l, "attention.output.LayerNorm.bias")).data(), net.ln1b[l]);
            copy(tensor(weights, RobertaLayout.layerTensor(l, "output.LayerNorm.weight")).data(), net.ln2g[l]);
            copy(tensor(weights, RobertaLayout.layerTensor(l, "output.LayerNorm.bias")).data(), net.ln2b[l]);
        }
        return net;
    }

    /** Hugging Face's Linear keeps [out, in]; the encoder multiplies by [in, out]. */
    private static void dense(Map<String, Tensor> weights, int layer, String name, float[] w, float[] b) {
        Tensor weight = tensor(weights, RobertaLayout.layerTensor(layer, name + ".weight"));
        int out = (int) weight.dim(0);
        int in = (int) weight.dim(1);
        float[] source = weight.data();
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[i * out + o] = source[o * in + i];
            }
        }
        copy(tensor(weights, RobertaLayout.layerTensor(layer, name + ".bias")).data(), b);
    }

    private static void copy(float[] from, float[] to) {
        if (from.length != to.length) {
            throw new IllegalStateException("a checkpoint tensor holds " + from.length + " values where "
                    + to.length + " are needed");
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }

    private static Tensor tensor(Map<String, Tensor> weights, String name) {
        return RobertaLayout.find(weights, name);
    }
}
