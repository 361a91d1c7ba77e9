package dev.leaklab.core.model.array;

import dev.leaklab.core.InputException;
import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.Trainer;
import dev.leaklab.core.model.TrainingException;
import dev.leaklab.core.model.TrainingListener;
import dev.leaklab.core.model.TrainingProgress;
import dev.leaklab.core.model.TrainingSummary;
import dev.leaklab.core.model.pretrained.PretrainedFolder;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.core.task.Parallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Trains the three architectures on their hand-written array networks with OpenBLAS, on length-bucketed
 * batches: softmax cross-entropy (class-weighted when asked), the configured optimiser, progress after every
 * batch and epoch, cancellation checked before every batch, early stopping on held-out loss.
 *
 * <p>Why not DL4J's networks: measured here at embedding 128, hidden 128, length 200, batch 32 on one core,
 * DL4J's {@code Bidirectional(LSTM)} trained 36 examples/s and its outputs shifted with a batch's padding;
 * SameDiff layers (the only way to a GRU and to this encoder) trained 16 to 40; the hand-written passes
 * train 134 (BiLSTM), 182 (BiGRU) and 71 (the encoder, two blocks), calling the OpenBLAS that ND4J ships
 * directly on Java arrays.
 */
public final class ArrayTrainer implements Trainer {

    /**
     * The rows of an encoder training batch that one part of it takes: a batch of 32 is two parts of 16.
     *
     * <p>why: splitting the encoder's own products (attention rows, dense row blocks) gained only 1.4x on two
     * cores, since the small head-sized products and layer norms between them leave a helper waiting; whole
     * parts of a batch (forward and backward each, gradients summed afterwards) keep each core busy for the
     * entire step. The split depends on the batch size alone, never on the cores, and the parts' gradients
     * are added in part order, so one thread and sixteen give the same numbers.
     */
    static final int ENCODER_PART_ROWS = 16;

    @Override
    public TrainedModel train(String name, ModelConfig config, Vocabulary vocabulary, LabelledSequences train,
                              LabelledSequences validation, TrainingListener listener, CancellationToken cancel) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training samples");
        }
        if (config.batchSize() > train.size()) {
            throw new IllegalArgumentException("model setting batchSize (" + config.batchSize()
                    + ") is larger than the " + train.size() + " training samples");
        }
        cancel.throwIfCancelled();
        ArrayNetwork network;
        int rows;
        if (config.pretrained() != null) {
            try {
                PretrainedFolder folder = PretrainedFolder.open(Path.of(config.pretrained()));
                network = PretrainedEncoder.load(folder, config, config.layers());
                rows = folder.config().vocabSize();
            } catch (InputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        } else {
            rows = config.architecture() == Architecture.CODEBERT ? vocabulary.size() + 1 : vocabulary.size();
            network = ArrayModel.shell(config, rows);
            if (network instanceof RecurrentNetwork r) {
                r.initialise(config.seed());
            } else {
                ((EncoderNetwork) network).initialise(config.seed());
            }
        }
        if (config.freezeEncoder()) {
            return trainHead(name, (EncoderNetwork) network, config, rows, train, listener, cancel);
        }
        return trainAll(name, network, config, vocabulary, rows, train, validation, listener, cancel);
    }

    private static TrainedModel trainAll(String name, ArrayNetwork net, ModelConfig config, Vocabulary vocabulary,
                                         int rows, LabelledSequences train, LabelledSequences validation,
                                         TrainingListener listener, CancellationToken cancel) {
        List<float[]> params = net.parameters();
        List<float[]> grads = new ArrayList<>(params.size());
        for (float[] p : params) {
            grads.add(new float[p.length]);
        }
        // the gradients of every part of a batch but the first, which adds into grads itself
        List<List<float[]>> partGrads = new ArrayList<>();
        Updater updater = new Updater(config, params);
        double[] weights = classWeights(config, train);
        // why: SplittableRandom draws a dropout mask without java.util.Random's atomic update per number
        SplittableRandom dropout = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        int prefix = ArrayModel.startToken(config, vocabulary);
        ArrayModel model = new ArrayModel(net, config, vocabulary, rows, null);
        long started = System.nanoTime();
        long examples = 0;
        int batchesPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        double bestValidation = Double.POSITIVE_INFINITY;
        List<float[]> best = null;
        int sinceBest = 0;
        int epochsRun = 0;
        double epochLoss = Double.NaN;
        double epochAccuracy = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            List<int[]> order = Batches.trainingOrder(train, config.batchSize(), config.seed() * 1_000_003L + epoch);
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int bi = 0; bi < order.size(); bi++) {
                cancel.throwIfCancelled();
                int[] indices = order.get(bi);
                int b = indices.length;
                int[][] tokens = new int[b][];
                int[] lengths = new int[b];
                ArrayModel.fill(train, indices, config.maxLength(), prefix, tokens, lengths);
                int parts = net instanceof EncoderNetwork ? (b + ENCODER_PART_ROWS - 1) / ENCODER_PART_ROWS : 1;
                ArrayNetwork.Forward[] passes = forwardParts(net, tokens, lengths, parts, config.dropout(), dropout);
                float[] dLogits = new float[2 * b];
                int[] labels = new int[b];
                for (int r = 0; r < b; r++) {
                    labels[r] = train.label(indices[r]);
                }
                ClassifierHead.Loss loss = ClassifierHead.crossEntropy(logits(passes, b), labels, weights, dLogits);
                double batchLoss = loss.sum();
                correct += loss.correct();
                batchLoss /= b;
                requireFinite(batchLoss, epoch, bi + 1, config);
                for (float[] g : grads) {
                    Arrays.fill(g, 0f);
                }
                backwardParts(net, passes, dLogits, grads, partGrads);
                updater.apply(grads);
                lossSum += batchLoss * b;
                seen += b;
                examples += b;
                double elapsed = (System.nanoTime() - epochStart) / 1e9;
                double rate = seen / Math.max(elapsed, 1e-9);
                long remaining = (long) (config.epochs() - epoch) * train.size() + (train.size() - seen);
                listener.onProgress(new TrainingProgress(name, epoch, config.epochs(), bi + 1, order.size(),
                        lossSum / seen, (double) correct / seen, rate, remaining / rate, Double.NaN, Double.NaN, false));
            }
            epochsRun = epoch;
            epochLoss = lossSum / seen;
            epochAccuracy = (double) correct / seen;
            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (validation != null && validation.size() > 0) {
                ModelOutputs out = model.outputs(validation, cancel);
                double sum = 0;
                int right = 0;
                for (int i = 0; i < out.size(); i++) {
                    sum += out.loss(i);
                    right += out.predicted(i) == out.label(i) ? 1 : 0;
                }
                validationLoss = sum / out.size();
                validationAccuracy = (double) right / out.size();
            }
            double elapsed = (System.nanoTime() - epochStart) / 1e9;
            double rate = seen / Math.max(elapsed, 1e-9);
            listener.onProgress(new TrainingProgress(name, epoch, config.epochs(), batchesPerEpoch, batchesPerEpoch,
                    epochLoss, epochAccuracy, rate, (double) (config.epochs() - epoch) * train.size() / rate,
                    validationLoss, validationAccuracy, true));
            if (config.patience() > 0 && Double.isFinite(validationLoss)) {
                if (validationLoss < bestValidation - 1e-6) {
                    bestValidation = validationLoss;
                    best = new ArrayList<>();
                    for (float[] p : params) {
                        best.add(p.clone());
                    }
                    sinceBest = 0;
                } else if (++sinceBest >= config.patience()) {
                    break;
                }
            }
        }
        net.releaseTrainingArrays();
        if (best != null) {
            for (int k = 0; k < params.size(); k++) {
                System.arraycopy(best.get(k), 0, params.get(k), 0, params.get(k).length);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new ArrayModel(net, config, vocabulary, rows,
                new TrainingSummary(epochsRun, examples, seconds, epochLoss, epochAccuracy));
    }

    /**
     * The forward passes of a batch cut into {@code parts} runs of consecutive rows, side by side. Each part
     * draws its dropout masks from its own stream, split off {@code dropout} in part order before any runs.
     */
    private static ArrayNetwork.Forward[] forwardParts(ArrayNetwork net, int[][] tokens, int[] lengths, int parts,
                                                       double rate, SplittableRandom dropout) {
        if (parts == 1) {
            return new ArrayNetwork.Forward[] {net.forward(tokens, lengths, true, rate, dropout)};
        }
        int b = tokens.length;
        SplittableRandom[] streams = new SplittableRandom[parts];
        for (int k = 0; k < parts; k++) {
            streams[k] = dropout.split();
        }
        ArrayNetwork.Forward[] passes = new ArrayNetwork.Forward[parts];
        Parallel.forEach(parts, k -> {
            int from = partStart(b, parts, k);
            int to = partStart(b, parts, k + 1);
            passes[k] = net.forward(Arrays.copyOfRange(tokens, from, to), Arrays.copyOfRange(lengths, from, to), true,
                    rate, streams[k]);
        });
        return passes;
    }

    /** The first row of part {@code k} of a batch of {@code b} rows cut into {@code parts} near-equal runs. */
    private static int partStart(int b, int parts, int k) {
        return (int) ((long) b * k / parts);
    }

    /** The batch's logits, the parts' in order. */
    private static float[] logits(ArrayNetwork.Forward[] passes, int b) {
        if (passes.length == 1) {
            return passes[0].logits();
        }
        float[] all = new float[2 * b];
        int at = 0;
        for (ArrayNetwork.Forward pass : passes) {
            float[] l = pass.logits();
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        return all;
    }

    /**
     * Adds the batch's gradients into {@code grads}: the first part's directly, every other part's into its
     * own arrays (made on first need and kept in {@code spare}), side by side, then added in part order.
     */
    private static void backwardParts(ArrayNetwork net, ArrayNetwork.Forward[] passes, float[] dLogits,
                                      List<float[]> grads, List<List<float[]>> spare) {
        int parts = passes.length;
        if (parts == 1) {
            net.backward(passes[0], dLogits, grads);
            return;
        }
        while (spare.size() < parts - 1) {
            List<float[]> g = new ArrayList<>(grads.size());
            for (float[] a : grads) {
                g.add(new float[a.length]);
            }
            spare.add(g);
        }
        int[] offsets = new int[parts + 1];
        for (int k = 0; k < parts; k++) {
            offsets[k + 1] = offsets[k] + passes[k].logits().length;
        }
        Parallel.forEach(parts, k -> {
            List<float[]> target = k == 0 ? grads : spare.get(k - 1);
            if (k > 0) {
                for (float[] g : target) {
                    Arrays.fill(g, 0f);
                }
            }
            net.backward(passes[k], Arrays.copyOfRange(dLogits, offsets[k], offsets[k + 1]), target);
        });
        for (int k = 1; k < parts; k++) {
            List<float[]> part = spare.get(k - 1);
            for (int i = 0; i < grads.size(); i++) {
                float[] into = grads.get(i);
                float[] from = part.get(i);
                for (int j = 0; j < into.length; j++) {
                    into[j] += from[j];
                }
            }
        }
    }

    /**
     * Trains only the head of a frozen pretrained encoder: the {@code <s>} vectors are computed once, then the
     * two-class softmax layer learns on them. Why: the encoder's forward pass is nearly all the cost, and a
     * frozen encoder gives the same vectors every epoch.
     */
    private static TrainedModel trainHead(String name, EncoderNetwork net, ModelConfig config, int rows,
                                          LabelledSequences train, TrainingListener listener,
                                          CancellationToken cancel) {
        long started = System.nanoTime();
        ModelOutputs features = new ArrayModel(net, config, null, rows, null).outputs(train, cancel);
        int d = features.embeddingSize();
        int n = features.size();
        float[] x = features.embeddings();
        float[] w = net.headW;
        float[] bias = net.headB;
        List<float[]> params = List.of(w, bias);
        List<float[]> grads = List.of(new float[w.length], new float[2]);
        Updater updater = new Updater(config, params);
        double[] weights = classWeights(config, train);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int bs = config.batchSize();
        int batches = (n + bs - 1) / bs;
        double loss = Double.NaN;
        double accuracy = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            java.util.Collections.shuffle(Arrays.asList(order), new Random(config.seed() + epoch));
            double lossSum = 0;
            long correct = 0;
            long epochStart = System.nanoTime();
            for (int bi = 0; bi < batches; bi++) {
                cancel.throwIfCancelled();
                Arrays.fill(grads.get(0), 0f);
                Arrays.fill(grads.get(1), 0f);
                int from = bi * bs;
                int to = Math.min(n, from + bs);
                int b = to - from;
                float[] batchFeatures = new float[b * d];
                int[] labels = new int[b];
                for (int k = 0; k < b; k++) {
                    System.arraycopy(x, order[from + k] * d, batchFeatures, k * d, d);
                    labels[k] = train.label(order[from + k]);
                }
                float[] logits = new float[2 * b];
                ClassifierHead.forward(batchFeatures, null, 0, null, w, bias, b, d, logits);
                float[] dLogits = new float[2 * b];
                ClassifierHead.Loss batch = ClassifierHead.crossEntropy(logits, labels, weights, dLogits);
                ClassifierHead.backward(batchFeatures, null, dLogits, w, b, d, grads.get(0), grads.get(1));
                double batchLoss = batch.sum();
                correct += batch.correct();
                requireFinite(batchLoss / (to - from), epoch, bi + 1, config);
                updater.apply(grads);
                lossSum += batchLoss;
                double elapsed = (System.nanoTime() - epochStart) / 1e9;
                double rate = to / Math.max(elapsed, 1e-9);
                listener.onProgress(new TrainingProgress(name, epoch, config.epochs(), bi + 1, batches, lossSum / to,
                        (double) correct / to, rate, ((long) (config.epochs() - epoch) * n + n - to) / rate, Double.NaN,
                        Double.NaN, false));
            }
            loss = lossSum / n;
            accuracy = (double) correct / n;
            double elapsed = (System.nanoTime() - epochStart) / 1e9;
            listener.onProgress(new TrainingProgress(name, epoch, config.epochs(), batches, batches, loss, accuracy,
                    n / Math.max(elapsed, 1e-9), (config.epochs() - epoch) * elapsed, Double.NaN, Double.NaN, true));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new ArrayModel(net, config, null, rows,
                new TrainingSummary(config.epochs(), (long) config.epochs() * n, seconds, loss, accuracy));
    }

    /** Stops a run whose loss is no longer a number, with a hint the user can act on. */
    static void requireFinite(double loss, int epoch, int batch, ModelConfig config) {
        if (!Double.isFinite(loss)) {
            throw new TrainingException("training diverged: the loss became " + loss + " in epoch " + epoch
                    + ", batch " + batch + "; try a lower learning rate than " + config.learningRate());
        }
    }

    /** Inverse class frequencies, normalised to a mean of 1, or equal weights. */
    static double[] classWeights(ModelConfig config, LabelledSequences train) {
        int vulnerable = train.vulnerable();
        int safe = train.size() - vulnerable;
        if (!config.balanceClasses() || vulnerable == 0 || safe == 0) {
            return new double[] {1, 1};
        }
        return new double[] {train.size() / (2.0 * safe), train.size() / (2.0 * vulnerable)};
    }
}
