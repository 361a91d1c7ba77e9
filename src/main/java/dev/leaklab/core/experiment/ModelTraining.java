package dev.leaklab.core.experiment;

import dev.leaklab.core.InputException;
import dev.leaklab.core.code.EncodedSequence;
import dev.leaklab.core.code.SequenceEncoder;
import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.code.bpe.ByteLevelBpe;
import dev.leaklab.core.data.DataSplit;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.metrics.ClassificationMetrics;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.Trainer;
import dev.leaklab.core.model.TrainingListener;
import dev.leaklab.core.model.pretrained.PretrainedFolder;
import dev.leaklab.core.model.pretrained.RobertaConfig;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains the target model on target-in and the shadow model on shadow-in (method.md, sections 3 and 4), each
 * with a vocabulary of its own training data, and runs each over its members and non-members. The two are
 * independent, so they train side by side when the machine has a core for each.
 */
public final class ModelTraining {

    /** One trained model with its outputs on its members and non-members and its held-out utility. */
    public record Side(String name, TrainedModel model, ModelOutputs members, ModelOutputs nonMembers,
                       ClassificationMetrics utility) {
    }

    /** The target and the shadow side. */
    public record Result(Side target, Side shadow) {

        /** The outputs of one subset: target-in and target-out from the target, the others from the shadow. */
        public ModelOutputs outputs(Subset subset) {
            return switch (subset) {
                case TARGET_IN -> target.members();
                case TARGET_OUT -> target.nonMembers();
                case SHADOW_IN -> shadow.members();
                case SHADOW_OUT -> shadow.nonMembers();
            };
        }

        /** All four, by subset. */
        public Map<Subset, ModelOutputs> allOutputs() {
            Map<Subset, ModelOutputs> all = new EnumMap<>(Subset.class);
            for (Subset s : Subset.values()) {
                all.put(s, outputs(s));
            }
            return all;
        }
    }

    private ModelTraining() {
    }

    /**
     * Trains both models.
     *
     * @param split    the four subsets
     * @param config   the model settings (the shadow uses the same, with its own seed)
     * @param code     vocabulary settings
     * @param trainer  the training implementation
     * @param listener progress of both models (from their training threads)
     * @param cancel   stops both within a batch
     * @param parallel train the two at once
     */
    public static Result run(DataSplit split, ModelConfig config, CodeSettings code, Trainer trainer,
                             TrainingListener listener, CancellationToken cancel, boolean parallel) {
        ModelConfig shadowConfig = config.withSeed(config.seed() + 7919);
        if (!parallel) {
            Side target = side("target", split.get(Subset.TARGET_IN), split.get(Subset.TARGET_OUT), config, code,
                    trainer, listener, cancel);
            Side shadow = side("shadow", split.get(Subset.SHADOW_IN), split.get(Subset.SHADOW_OUT), shadowConfig, code,
                    trainer, listener, cancel);
            return new Result(target, shadow);
        }
        ExecutorService pool = pool(2);
        try {
            Future<Side> target = pool.submit(() -> side("target", split.get(Subset.TARGET_IN),
                    split.get(Subset.TARGET_OUT), config, code, trainer, listener, cancel));
            Future<Side> shadow = pool.submit(() -> side("shadow", split.get(Subset.SHADOW_IN),
                    split.get(Subset.SHADOW_OUT), shadowConfig, code, trainer, listener, cancel));
            return new Result(join(target, cancel), join(shadow, cancel));
        } finally {
            stop(pool);
        }
    }

    /** A pool of {@code threads} daemon threads named {@code leaklab-training}, to be ended with {@link #stop}. */
    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "leaklab-training");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stops {@code pool} and waits for its threads to end, so a cancelled or failed run leaves no training
     * thread behind when it returns. Why wait: a thread still inside a batch would go on using a core, and
     * a new run started at once would compete with it. The threads poll the token between batches, so the wait
     * is one batch at most; past 30 s it gives up rather than hang.
     */
    static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The outcome of {@code future}; when it failed, cancels {@code cancel} (so work beside it stops too) and
     * rethrows its cause unchecked as it was.
     */
    static <T> T join(Future<T> future, CancellationToken cancel) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            // why: the other model must not go on training for nothing
            cancel.cancel();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * The configuration of a pretrained encoder: sizes from its {@code config.json}, the learning rate for
     * fine-tuning it whole (2e-5) or training only the head (1e-3), other settings from {@code base}.
     */
    public static ModelConfig pretrainedConfig(Path folder, boolean freezeEncoder, ModelConfig base)
            throws InputException {
        RobertaConfig roberta = PretrainedFolder.open(folder).config();
        return new ModelConfig(Architecture.CODEBERT, roberta.hiddenSize(), roberta.intermediateSize(),
                roberta.numHiddenLayers(), roberta.numAttentionHeads(), base.dropout(),
                Math.min(base.maxLength(), roberta.maxSequenceLength()), base.epochs(), base.batchSize(),
                freezeEncoder ? 1e-3 : 2e-5, base.optimizer(), base.weightDecay(), true, 0, base.seed(),
                folder.toAbsolutePath().toString(), freezeEncoder);
    }

    /**
     * Trains one model on {@code members} (with a vocabulary of their own) and runs it over its members and
     * over {@code nonMembers}; the utility is measured on the latter.
     */
    public static Side side(String name, List<NormalizedSample> members, List<NormalizedSample> nonMembers,
                             ModelConfig config, CodeSettings code, Trainer trainer, TrainingListener listener,
                             CancellationToken cancel) {
        Vocabulary vocabulary = null;
        LabelledSequences train;
        LabelledSequences heldOut;
        if (config.pretrained() != null) {
            // why: a pretrained encoder reads raw code through the byte-level BPE it was trained with
            ByteLevelBpe bpe;
            try {
                bpe = PretrainedFolder.open(Path.of(config.pretrained())).tokenizer();
            } catch (InputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            train = encode(members, bpe, config.maxLength());
            heldOut = encode(nonMembers, bpe, config.maxLength());
        } else {
            List<List<String>> corpus = new ArrayList<>(members.size());
            for (NormalizedSample s : members) {
                corpus.add(s.tokens());
            }
            vocabulary = Vocabulary.build(corpus, code.minFrequency(), code.maxVocabulary());
            SequenceEncoder encoder = encoder(vocabulary, config, code);
            train = encode(members, encoder);
            heldOut = encode(nonMembers, encoder);
        }
        // why: held-out samples scored each epoch only for a listener that shows the gap, and never where they
        // would stop training early, so what is trained is the same with or without one
        int watch = config.patience() == 0 ? Math.min(listener.heldOutSamples(name), heldOut.size()) : 0;
        LabelledSequences monitor = watch > 0 ? spread(heldOut, watch) : null;
        TrainedModel model = trainer.train(name, config, vocabulary, train, monitor, listener, cancel);
        ModelOutputs in = model.outputs(train, cancel);
        ModelOutputs out = model.outputs(heldOut, cancel);
        float[] p = out.vulnerableProbabilities();
        return new Side(name, model, in, out, ClassificationMetrics.ofProbabilities(p, out.labels()));
    }

    /** {@code n} of {@code all}'s samples, spread evenly over it (all of them when {@code n} is its size). */
    static LabelledSequences spread(LabelledSequences all, int n) {
        List<String> ids = new ArrayList<>(n);
        List<EncodedSequence> sequences = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int k = (int) ((long) i * all.size() / n);
            ids.add(all.ids().get(k));
            sequences.add(all.sequences().get(k));
            labels[i] = all.label(k);
        }
        return new LabelledSequences(ids, sequences, labels);
    }

    private static SequenceEncoder encoder(Vocabulary vocabulary, ModelConfig config, CodeSettings code) {
        // why: the encoder's start token takes one position, so its sequences are one token shorter
        int length = config.architecture() == dev.leaklab.core.model.Architecture.CODEBERT
                ? config.maxLength() - 1 : config.maxLength();
        return new SequenceEncoder(vocabulary, length, code.keepEnd());
    }

    /**
     * Encodes new samples the way {@code model} was trained to read them: with its vocabulary, or with its
     * pretrained tokenizer.
     */
    public static LabelledSequences encodeFor(TrainedModel model, List<NormalizedSample> samples, CodeSettings code) {
        ModelConfig config = model.config();
        if (config.pretrained() != null) {
            try {
                return encode(samples, PretrainedFolder.open(Path.of(config.pretrained())).tokenizer(),
                        config.maxLength());
            } catch (InputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return encode(samples, encoder(model.vocabulary(), config, code));
    }

    /** Encodes samples' raw code with a byte-level BPE, {@code <s>} and {@code </s>} included. */
    public static LabelledSequences encode(List<NormalizedSample> samples, ByteLevelBpe bpe, int maxLength) {
        List<String> ids = new ArrayList<>(samples.size());
        List<EncodedSequence> sequences = new ArrayList<>(samples.size());
        int[] labels = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            NormalizedSample s = samples.get(i);
            int[] tokens = bpe.encodeForModel(s.sample().code(), maxLength);
            int[] padded = java.util.Arrays.copyOf(tokens, maxLength);
            java.util.Arrays.fill(padded, tokens.length, maxLength, Math.max(0, bpe.padId()));
            ids.add(s.sample().id());
            sequences.add(new EncodedSequence(padded, tokens.length, tokens.length));
            labels[i] = s.sample().label();
        }
        return new LabelledSequences(ids, sequences, labels);
    }

    /** Encodes samples in their order. */
    public static LabelledSequences encode(List<NormalizedSample> samples, SequenceEncoder encoder) {
        List<String> ids = new ArrayList<>(samples.size());
        List<EncodedSequence> sequences = new ArrayList<>(samples.size());
        int[] labels = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            NormalizedSample s = samples.get(i);
            ids.add(s.sample().id());
            sequences.add(encoder.encode(s.tokens()));
            labels[i] = s.sample().label();
        }
        return new LabelledSequences(ids, sequences, labels);
    }
}
