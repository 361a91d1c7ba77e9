package dev.leaklab.core.experiment;

import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.Optimizer;

/**
 * The target model as written in an experiment file; every field but {@code arch} may be left out for the
 * architecture's default ({@link ModelConfig#defaults}), the maximum length for the project's code setting.
 * Shadow and reference models use the same settings with seeds of their own.
 */
public record ModelSettings(String arch, Integer embedding, Integer hidden, Integer layers, Integer heads,
                            Double dropout, Integer maxLength, Integer epochs, Integer batchSize, Double learningRate,
                            String optimizer, Double weightDecay, Boolean balanceClasses, Integer patience, Long seed,
                            String pretrained, Boolean freezeEncoder) {

    /** Checks the settings by building the model configuration (the message names the bad setting). */
    public ModelSettings {
        arch = arch == null ? Architecture.BILSTM.id() : arch;
        if (pretrained != null) {
            DatasetSpec.checkPath("model setting pretrained", pretrained);
        }
        // why: a compact constructor cannot call instance methods on its fields yet, so check a built copy
        config(arch, embedding, hidden, layers, heads, dropout, maxLength, epochs, batchSize, learningRate, optimizer,
                weightDecay, balanceClasses, patience, seed, pretrained, freezeEncoder, 200);
    }

    /** BiLSTM at its defaults. */
    public static ModelSettings defaults() {
        return of(Architecture.BILSTM);
    }

    /** An architecture at its defaults. */
    public static ModelSettings of(Architecture architecture) {
        return new ModelSettings(architecture.id(), null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** The configuration, with {@code codeMaxLength} when the model names no length of its own. */
    public ModelConfig toConfig(int codeMaxLength) {
        return config(arch, embedding, hidden, layers, heads, dropout, maxLength, epochs, batchSize, learningRate,
                optimizer, weightDecay, balanceClasses, patience, seed, pretrained, freezeEncoder, codeMaxLength);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static ModelConfig config(String arch, Integer embedding, Integer hidden, Integer layers, Integer heads,
                                      Double dropout, Integer maxLength, Integer epochs, Integer batchSize,
                                      Double learningRate, String optimizer, Double weightDecay,
                                      Boolean balanceClasses, Integer patience, Long seed, String pretrained,
                                      Boolean freezeEncoder, int codeMaxLength) {
        ModelConfig d = ModelConfig.defaults(Architecture.fromId(arch));
        return new ModelConfig(d.architecture(), or(embedding, d.embeddingSize()), or(hidden, d.hiddenSize()),
                or(layers, d.layers()), or(heads, d.heads()), dropout == null ? d.dropout() : dropout,
                or(maxLength, codeMaxLength), or(epochs, d.epochs()), or(batchSize, d.batchSize()),
                learningRate == null ? d.learningRate() : learningRate,
                optimizer == null ? d.optimizer() : Optimizer.fromId(optimizer),
                weightDecay == null ? d.weightDecay() : weightDecay,
                balanceClasses == null ? d.balanceClasses() : balanceClasses, or(patience, d.patience()),
                seed == null ? d.seed() : seed, pretrained, freezeEncoder != null && freezeEncoder);
    }

    private static int or(Integer v, int d) {
        return v == null ? d : v;
    }
}
