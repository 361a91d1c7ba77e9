package dev.leaklab.core.model.dl4j;

import dev.leaklab.core.model.ModelConfig;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Builds the DL4J network of the RoBERTa-style encoder: token embedding, {@link EncoderLayer} ending in the
 * {@code <s>} vector (the representation), and a softmax output layer with two classes.
 */
final class NetworkFactory {

    private NetworkFactory() {
    }

    /**
     * @param config       the settings
     * @param vocabSize    embedding rows (the encoder gets one more, for its start token)
     * @param classWeights loss weight of class 0 and 1
     */
    static MultiLayerNetwork build(ModelConfig config, int vocabSize, double[] classWeights) {
        return build(config, vocabSize + 1, config.maxLength() + 1, classWeights);
    }

    /**
     * @param embeddingRows token embedding rows
     * @param maxPositions  position embeddings
     */
    static MultiLayerNetwork build(ModelConfig config, int embeddingRows, int maxPositions, double[] classWeights) {
        Dl4jRuntime.start();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(updater(config))
                // why: workspaces reuse memory between batches; measured faster than none here
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE);
        if (config.weightDecay() > 0) {
            if (config.optimizer() == dev.leaklab.core.model.Optimizer.ADAMW) {
                base.weightDecay(config.weightDecay());
            } else {
                base.l2(config.weightDecay());
            }
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        // why: no setInputType: it silently resets the embedding layer's nIn to 1 in this DL4J version
        list.layer(new EmbeddingSequenceLayer.Builder().nIn(embeddingRows).nOut(config.embeddingSize())
                .hasBias(false).build());
        double retain = 1.0 - config.dropout();
        if (config.architecture() != dev.leaklab.core.model.Architecture.CODEBERT) {
            throw new IllegalArgumentException("the recurrent architectures train on RecurrentNetwork");
        }
        list.layer(new EncoderLayer(config.embeddingSize(), config.hiddenSize(), config.layers(), config.heads(),
                maxPositions, config.dropout(), config.seed()));
        OutputLayer.Builder out = new OutputLayer.Builder(
                new LossMCXENT(Nd4j.createFromArray((float) classWeights[0], (float) classWeights[1])))
                .nIn(config.representationSize()).nOut(2).activation(Activation.SOFTMAX);
        if (retain < 1.0) {
            out.dropOut(retain);
        }
        list.layer(out.build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static IUpdater updater(ModelConfig config) {
        return switch (config.optimizer()) {
            case ADAM, ADAMW -> new Adam(config.learningRate());
            case SGD -> new Nesterovs(config.learningRate(), 0.9);
        };
    }
}
