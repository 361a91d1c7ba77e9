package dev.leaklab.core.experiment;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.array.ArrayModel;
import java.util.Locale;

/**
 * How much heap a run of an experiment needs, estimated from its settings and its data's size before it
 * starts, so the workbench can say so and refuse a run that cannot fit rather than fail with an
 * OutOfMemoryError an hour in. An upper estimate, not a measurement: it adds up the data and its tokens, the
 * models trained at once (weights, gradients and two Adam moments, and one batch's activations), every model's
 * outputs, and each attack's cached evaluation (outputs, noise draws and first-layer products).
 *
 * <p>Checked against a measured peak: the quickstart (4,000 functions, BiLSTM 64/64, two models at once) estimates
 * 279 MB and held at most 216 MB live after a collection (-Xlog:gc).
 *
 * @param bytes the estimate in bytes
 */
public record MemoryEstimate(long bytes) {

    /** Java object overhead per token of a normalised sample (the reference and its often-shared string). */
    private static final long BYTES_PER_TOKEN = 24;
    /** The attack classifier's hidden width, which the evaluator's first-layer cache is as wide as. */
    private static final int ATTACK_HIDDEN = 64;
    /** The JVM, JavaFX and the libraries, before any data. */
    private static final long BASELINE = 160L << 20;

    /**
     * The estimate for {@code project} over {@code samples} samples of {@code medianTokens} tokens each.
     *
     * @param parallel whether two models train at once
     */
    public static MemoryEstimate of(ProjectSpec project, long samples, int medianTokens, boolean parallel) {
        return of(project, samples, medianTokens, parallel ? 2 : 1);
    }

    /**
     * The estimate with {@code modelsAtOnce} models training at the same time.
     *
     * @throws IllegalArgumentException when {@code modelsAtOnce} is below 1
     */
    public static MemoryEstimate of(ProjectSpec project, long samples, int medianTokens, int modelsAtOnce) {
        if (modelsAtOnce < 1) {
            throw new IllegalArgumentException("models at once must be at least 1, was " + modelsAtOnce);
        }
        ModelConfig config = project.model().toConfig(project.code().maxLength());
        int length = Math.min(config.maxLength(), Math.max(1, medianTokens));
        long data = samples * (long) length * BYTES_PER_TOKEN + samples * 512L;
        // the largest vocabulary the settings allow (its special tokens included), and a start token's row
        long parameters = ArrayModel.parameterCount(config, project.code().maxVocabulary() + 1);
        long perModel = parameters * 16L
                + (long) config.batchSize() * config.maxLength() * activationWidth(config) * 4L;
        long training = perModel * modelsAtOnce;
        int width = embeddingWidth(config);
        long models = 1L + project.shadowModels() + references(project);
        // each model keeps its members' and non-members' outputs: a half of the samples between them
        long outputs = models * (samples / 2) * (width + 6L) * 4L;
        long entries = 0;
        for (AttackSpec a : project.attacks()) {
            entries += a.featureSets().size();
        }
        // per entry, the evaluator keeps target and shadow outputs, noise draws and two first-layer products
        long evaluation = entries * samples * (2L * width + 2L * ATTACK_HIDDEN + 16L) * 4L;
        return new MemoryEstimate(BASELINE + data + training + outputs + evaluation);
    }

    /**
     * How many models of {@code project} can train at once within {@code heapBytes}: the whole run's estimate
     * with one model, and then as many more as the rest holds; at least 1, at most {@code wanted}.
     */
    public static int modelsThatFit(ProjectSpec project, long samples, int medianTokens, long heapBytes, int wanted) {
        long one = of(project, samples, medianTokens, 1).bytes();
        long each = of(project, samples, medianTokens, 2).bytes() - one;
        if (each <= 0) {
            return Math.max(1, wanted);
        }
        long more = Math.max(0, heapBytes - one) / each;
        return (int) Math.max(1, Math.min(wanted, 1 + more));
    }

    /** Reference models: attacks of one form (offline, online) share theirs, so the largest count of each. */
    private static long references(ProjectSpec project) {
        long offline = 0;
        long online = 0;
        for (AttackSpec a : project.attacks()) {
            AttackKind kind = a.kind();
            if (kind.needsReferences() && kind.isOnline()) {
                online = Math.max(online, a.references());
            } else if (kind.needsReferences()) {
                offline = Math.max(offline, a.references());
            }
        }
        return offline + online;
    }

    private static long activationWidth(ModelConfig c) {
        long layers = Math.max(1, c.layers());
        return switch (c.architecture()) {
            case BILSTM -> layers * 2 * (4 + 2) * c.hiddenSize() + c.embeddingSize();
            case BIGRU -> layers * 2 * (3 + 2) * c.hiddenSize() + c.embeddingSize();
            default -> layers * (10L * c.embeddingSize() + 2L * c.hiddenSize()
                    + (long) Math.max(1, c.heads()) * c.maxLength());
        };
    }

    private static int embeddingWidth(ModelConfig c) {
        return c.architecture() == Architecture.BILSTM || c.architecture() == Architecture.BIGRU
                ? 2 * c.hiddenSize() : c.embeddingSize();
    }

    /** Whether it fits in {@code maxHeap} bytes. */
    public boolean fits(long maxHeap) {
        return bytes <= maxHeap;
    }

    /** The estimate for people: {@code 420 MB}, {@code 3.1 GB}. */
    public String describe() {
        return format(bytes);
    }

    /** {@code bytes} for people. */
    public static String format(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", Math.max(1, bytes >> 20));
    }
}
