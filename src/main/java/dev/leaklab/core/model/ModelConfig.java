package dev.leaklab.core.model;

import java.util.Objects;

/**
 * Everything that defines one model and its training; immutable, and checked on construction so a bad
 * setting is refused before any training starts, with a message naming it.
 *
 * @param architecture    which network
 * @param embeddingSize   token embedding width (for the encoder: the model width)
 * @param hiddenSize      recurrent state size per direction (for the encoder: the feed-forward width)
 * @param layers          stacked recurrent layers, or encoder blocks
 * @param heads           attention heads (encoder only; must divide the embedding size)
 * @param dropout         dropout probability in [0, 0.9]
 * @param maxLength       tokens per sequence at most (longer ones are cut); at most {@value #MAX_LENGTH_CAP}
 * @param epochs          passes over the training data
 * @param batchSize       sequences per training batch
 * @param learningRate    the optimiser's step size
 * @param optimizer       the update rule
 * @param weightDecay     L2 (Adam, SGD) or decoupled (AdamW) weight decay, 0 for none
 * @param balanceClasses  weight the loss by inverse class frequency (the CGD data is about 28% vulnerable)
 * @param patience        stop after this many epochs without a better validation loss; 0 trains all epochs
 * @param seed            seeds initialisation, shuffling and dropout: same seed, same numbers
 * @param pretrained      a Hugging Face RoBERTa folder to start the encoder from, or {@code null} to train
 *                        from scratch (encoder only)
 * @param freezeEncoder   with a pretrained encoder: keep it fixed and train only the head on its {@code <s>}
 *                        vectors, computed once (far cheaper on a CPU than fine-tuning it whole)
 */
public record ModelConfig(Architecture architecture, int embeddingSize, int hiddenSize, int layers, int heads,
                          double dropout, int maxLength, int epochs, int batchSize, double learningRate,
                          Optimizer optimizer, double weightDecay, boolean balanceClasses, int patience, long seed,
                          String pretrained, boolean freezeEncoder) {

    /** The longest sequence a model accepts. */
    public static final int MAX_LENGTH_CAP = 1024;

    /** Checks every setting; the message names the one that is out of range. */
    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(optimizer, "optimizer");
        range("embeddingSize", embeddingSize, 1, 4096);
        range("hiddenSize", hiddenSize, 1, 8192);
        range("layers", layers, 1, 24);
        range("heads", heads, 1, 64);
        range("maxLength", maxLength, 2, MAX_LENGTH_CAP);
        range("epochs", epochs, 1, 10_000);
        range("batchSize", batchSize, 1, 65_536);
        range("patience", patience, 0, 10_000);
        if (!(dropout >= 0 && dropout <= 0.9)) {
            throw new IllegalArgumentException("model setting dropout must be between 0 and 0.9, was " + dropout);
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("model setting learningRate must be above 0 and at most 10, was "
                    + learningRate);
        }
        if (!(weightDecay >= 0 && weightDecay <= 1)) {
            throw new IllegalArgumentException("model setting weightDecay must be between 0 and 1, was " + weightDecay);
        }
        if (pretrained != null && architecture != Architecture.CODEBERT) {
            throw new IllegalArgumentException("a pretrained model is a CodeBERT-style encoder; architecture "
                    + architecture + " trains from scratch");
        }
        if (freezeEncoder && pretrained == null) {
            throw new IllegalArgumentException("freezeEncoder needs a pretrained encoder");
        }
        if (architecture == Architecture.CODEBERT && embeddingSize % heads != 0) {
            throw new IllegalArgumentException("model setting heads (" + heads + ") must divide embeddingSize ("
                    + embeddingSize + ")");
        }
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("model setting " + name + " must be between " + min + " and " + max
                    + ", was " + value);
        }
    }

    /**
     * The defaults of an architecture: sized so one quickstart epoch trains in seconds on a laptop core while
     * still overfitting its members enough to show leakage.
     */
    public static ModelConfig defaults(Architecture architecture) {
        return switch (architecture) {
            case BILSTM, BIGRU -> new ModelConfig(architecture, 64, 64, 1, 1, 0.0, 200, 10, 32, 2e-3,
                    Optimizer.ADAM, 0.0, true, 0, 1L, null, false);
            case CODEBERT -> new ModelConfig(architecture, 128, 256, 2, 2, 0.1, 200, 10, 32, 5e-4,
                    Optimizer.ADAMW, 0.01, true, 0, 1L, null, false);
        };
    }

    /** A copy with other sizes. */
    public ModelConfig withSizes(int embedding, int hidden, int maxLen) {
        return new ModelConfig(architecture, embedding, hidden, layers, heads, dropout, maxLen, epochs, batchSize,
                learningRate, optimizer, weightDecay, balanceClasses, patience, seed, pretrained, freezeEncoder);
    }

    /** A copy with another number of epochs. */
    public ModelConfig withEpochs(int n) {
        return new ModelConfig(architecture, embeddingSize, hiddenSize, layers, heads, dropout, maxLength, n, batchSize,
                learningRate, optimizer, weightDecay, balanceClasses, patience, seed, pretrained, freezeEncoder);
    }

    /** A copy with another batch size. */
    public ModelConfig withBatchSize(int n) {
        return new ModelConfig(architecture, embeddingSize, hiddenSize, layers, heads, dropout, maxLength, epochs, n,
                learningRate, optimizer, weightDecay, balanceClasses, patience, seed, pretrained, freezeEncoder);
    }

    /** A copy with another seed. */
    public ModelConfig withSeed(long s) {
        return new ModelConfig(architecture, embeddingSize, hiddenSize, layers, heads, dropout, maxLength, epochs,
                batchSize, learningRate, optimizer, weightDecay, balanceClasses, patience, s, pretrained, freezeEncoder);
    }

    /** A copy with another learning rate. */
    public ModelConfig withLearningRate(double rate) {
        return new ModelConfig(architecture, embeddingSize, hiddenSize, layers, heads, dropout, maxLength, epochs,
                batchSize, rate, optimizer, weightDecay, balanceClasses, patience, seed, pretrained, freezeEncoder);
    }

    /** A copy that starts from a pretrained encoder folder, fine-tuned whole or with the encoder frozen. */
    public ModelConfig withPretrained(String folder, boolean freeze) {
        return new ModelConfig(architecture, embeddingSize, hiddenSize, layers, heads, dropout, maxLength, epochs,
                batchSize, learningRate, optimizer, weightDecay, balanceClasses, patience, seed, folder, freeze);
    }

    /** The width of the representation fed to the head: both directions for the RNNs. */
    public int representationSize() {
        return architecture == Architecture.CODEBERT ? embeddingSize : 2 * hiddenSize;
    }
}
