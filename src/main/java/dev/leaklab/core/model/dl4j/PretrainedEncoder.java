package dev.leaklab.core.model.dl4j;

import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.pretrained.PretrainedException;
import dev.leaklab.core.model.pretrained.PretrainedFolder;
import dev.leaklab.core.model.pretrained.RobertaConfig;
import dev.leaklab.core.model.pretrained.RobertaLayout;
import dev.leaklab.core.model.pretrained.Tensor;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a Hugging Face RoBERTa checkpoint (CodeBERT) into the encoder network: word embeddings into the
 * embedding layer; position embeddings (from row {@code pad_token_id + 1}, as RoBERTa numbers positions),
 * the token-type vector, the LayerNorms and every block's dense layers (transposed from [out, in]) into
 * {@link EncoderLayer}. The classification head starts fresh.
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
     * Builds the network and copies the checkpoint's weights into it.
     *
     * @param layers how many encoder blocks to load (all of them normally; fewer for checks)
     */
    static MultiLayerNetwork load(PretrainedFolder folder, ModelConfig config, int layers, double[] classWeights)
            throws PretrainedException {
        folder.validateShapes();
        RobertaConfig roberta = folder.config();
        Map<String, Tensor> weights = folder.weights();
        ModelConfig shaped = new ModelConfig(config.architecture(), config.embeddingSize(), config.hiddenSize(), layers,
                config.heads(), config.dropout(), config.maxLength(), config.epochs(), config.batchSize(),
                config.learningRate(), config.optimizer(), config.weightDecay(), config.balanceClasses(),
                config.patience(), config.seed(), config.pretrained(), config.freezeEncoder());
        MultiLayerNetwork net = NetworkFactory.build(shaped, roberta.vocabSize(), config.maxLength(), classWeights);
        int d = roberta.hiddenSize();
        set(net.getLayer(0), "W", matrix(tensor(weights, RobertaLayout.WORD_EMBEDDINGS)));
        Layer encoder = net.getLayer(1);
        Tensor positions = tensor(weights, RobertaLayout.POSITION_EMBEDDINGS);
        int offset = roberta.padTokenId() + 1;
        float[] pos = new float[config.maxLength() * d];
        System.arraycopy(positions.data(), offset * d, pos, 0, pos.length);
        set(encoder, "pos", Nd4j.create(pos, new long[] {config.maxLength(), d}, 'c'));
        float[] type = new float[d];
        System.arraycopy(tensor(weights, RobertaLayout.TOKEN_TYPE_EMBEDDINGS).data(), 0, type, 0, d);
        set(encoder, "type", row(type));
        set(encoder, "embg", row(tensor(weights, RobertaLayout.EMBEDDINGS_LAYER_NORM_WEIGHT).data()));
        set(encoder, "embb", row(tensor(weights, RobertaLayout.EMBEDDINGS_LAYER_NORM_BIAS).data()));
        String[][] dense = {{"q", "attention.self.query"}, {"k", "attention.self.key"}, {"v", "attention.self.value"},
            {"o", "attention.output.dense"}, {"ff1", "intermediate.dense"}, {"ff2", "output.dense"}};
        String[][] norms = {{"ln1", "attention.output.LayerNorm"}, {"ln2", "output.LayerNorm"}};
        for (int l = 0; l < layers; l++) {
            for (String[] n : dense) {
                set(encoder, n[0] + "W" + l, transposed(tensor(weights, RobertaLayout.layerTensor(l, n[1] + ".weight"))));
                set(encoder, n[0] + "b" + l, row(tensor(weights, RobertaLayout.layerTensor(l, n[1] + ".bias")).data()));
            }
            for (String[] n : norms) {
                set(encoder, n[0] + "g" + l, row(tensor(weights, RobertaLayout.layerTensor(l, n[1] + ".weight")).data()));
                set(encoder, n[0] + "b" + l, row(tensor(weights, RobertaLayout.layerTensor(l, n[1] + ".bias")).data()));
            }
        }
        return net;
    }

    /**
     * Copies into the layer's own parameter view. Why not {@code setParam}: a SameDiff layer's graph holds
     * the views it was built with, so replacing an array would leave the graph reading the old one.
     */
    private static void set(Layer layer, String name, INDArray value) {
        INDArray view = layer.getParam(name);
        if (!java.util.Arrays.equals(view.shape(), value.shape())) {
            throw new IllegalStateException("parameter " + name + " has shape " + java.util.Arrays.toString(view.shape())
                    + ", the checkpoint gives " + java.util.Arrays.toString(value.shape()));
        }
        view.assign(value);
    }

    private static Tensor tensor(Map<String, Tensor> weights, String name) {
        return RobertaLayout.find(weights, name);
    }

    private static INDArray matrix(Tensor t) {
        return Nd4j.create(t.data(), new long[] {t.dim(0), t.dim(1)}, 'c');
    }

    /** Hugging Face's Linear keeps [out, in]; the encoder multiplies by [in, out]. */
    private static INDArray transposed(Tensor t) {
        return matrix(t).transpose().dup('c');
    }

    private static INDArray row(float[] values) {
        return Nd4j.create(values, new long[] {1, values.length}, 'c');
    }
}
