package dev.leaklab.core.model.dl4j;

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
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Trains the three architectures with DL4J on length-bucketed batches. */
public final class Dl4jTrainer implements Trainer {

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
        if (config.architecture() != Architecture.CODEBERT) {
            return trainRecurrent(name, config, vocabulary, train, validation, listener, cancel);
        }
        Dl4jRuntime.start();
        Nd4j.getRandom().setSeed(config.seed());
        MultiLayerNetwork net;
        if (config.pretrained() != null) {
            try {
                PretrainedFolder folder = PretrainedFolder.open(java.nio.file.Path.of(config.pretrained()));
                net = PretrainedEncoder.load(folder, config, config.layers(), classWeights(config, train));
            } catch (dev.leaklab.core.InputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (config.freezeEncoder()) {
                return trainHead(name, net, config, train, validation, listener, cancel);
            }
        } else {
            net = NetworkFactory.build(config, vocabulary.size(), classWeights(config, train));
        }
        int prefix = startToken(config, vocabulary);
        BatchAccuracy accuracy = new BatchAccuracy(net);
        net.setListeners(accuracy);

        long started = System.nanoTime();
        long examples = 0;
        int batchesPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        double bestValidation = Double.POSITIVE_INFINITY;
        INDArray bestParams = null;
        int sinceBest = 0;
        int epochsRun = 0;
        double epochLoss = Double.NaN;
        double epochAccuracy = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            List<int[]> order = Batches.trainingOrder(train, config.batchSize(), config.seed() * 1_000_003L + epoch,
                    prefix);
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int b = 0; b < order.size(); b++) {
                cancel.throwIfCancelled();
                Batches.Batch batch = Batches.build(train, order.get(b), prefix, config.maxLength());
                accuracy.expect(batch.labels());
                net.fit(new DataSet(batch.features(), batch.labels(), batch.mask(), null));
                // why: the score includes the weight-decay penalty; progress reports the data loss alone
                double loss = net.score() - net.calcRegularizationScore(true);
                requireFinite(loss, epoch, b + 1, config);
                int size = batch.indices().length;
                lossSum += loss * size;
                correct += accuracy.correct();
                seen += size;
                examples += size;
                double elapsed = (System.nanoTime() - epochStart) / 1e9;
                double rate = seen / Math.max(elapsed, 1e-9);
                long remaining = (long) (config.epochs() - epoch) * train.size() + (train.size() - seen);
                listener.onProgress(new TrainingProgress(name, epoch, config.epochs(), b + 1, order.size(),
                        lossSum / seen, (double) correct / seen, rate, remaining / rate, Double.NaN, Double.NaN,
                        false));
            }
            epochsRun = epoch;
            epochLoss = lossSum / seen;
            epochAccuracy = (double) correct / seen;
            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (validation != null && validation.size() > 0) {
                Dl4jModel probe = new Dl4jModel(net, config, vocabulary, null);
                ModelOutputs out = probe.outputs(validation, cancel);
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
                    bestParams = net.params().dup();
                    sinceBest = 0;
                } else if (++sinceBest >= config.patience()) {
                    break;
                }
            }
        }
        if (bestParams != null) {
            net.setParams(bestParams);
        }
        net.setListeners();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Dl4jModel(net, config, vocabulary,
                new TrainingSummary(epochsRun, examples, seconds, epochLoss, epochAccuracy));
    }

    /** Trains a bidirectional LSTM or GRU on {@link RecurrentNetwork}. */
    private static TrainedModel trainRecurrent(String name, ModelConfig config, Vocabulary vocabulary,
                                               LabelledSequences train, LabelledSequences validation,
                                               TrainingListener listener, CancellationToken cancel) {
        RecurrentNetwork net = new RecurrentNetwork(RecurrentModel.cellOf(config.architecture()), vocabulary.size(),
                config.embeddingSize(), config.hiddenSize(), config.layers());
        net.initialise(config.seed());
        List<float[]> params = net.parameters();
        List<float[]> grads = new java.util.ArrayList<>(params.size());
        for (float[] p : params) {
            grads.add(new float[p.length]);
        }
        Updater updater = new Updater(config, params);
        double[] weights = classWeights(config, train);
        java.util.Random dropout = new java.util.Random(config.seed() ^ 0x5DEECE66DL);
        RecurrentModel model = new RecurrentModel(net, config, vocabulary, null);
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
            List<int[]> order = Batches.trainingOrder(train, config.batchSize(), config.seed() * 1_000_003L + epoch, -1);
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
                RecurrentModel.fill(train, indices, config.maxLength(), tokens, lengths);
                RecurrentNetwork.Pass pass = net.forward(tokens, lengths, true, config.dropout(), dropout);
                float[] dLogits = new float[2 * b];
                double batchLoss = 0;
                for (int r = 0; r < b; r++) {
                    int y = train.label(indices[r]);
                    double z0 = pass.logits[2 * r];
                    double z1 = pass.logits[2 * r + 1];
                    double max = Math.max(z0, z1);
                    double e0 = Math.exp(z0 - max);
                    double e1 = Math.exp(z1 - max);
                    double sum = e0 + e1;
                    double ce = max + Math.log(sum) - (y == 1 ? z1 : z0);
                    double w = weights[y];
                    batchLoss += w * ce;
                    dLogits[2 * r] = (float) (w * (e0 / sum - (y == 0 ? 1 : 0)) / b);
                    dLogits[2 * r + 1] = (float) (w * (e1 / sum - (y == 1 ? 1 : 0)) / b);
                    if ((z1 >= z0 ? 1 : 0) == y) {
                        correct++;
                    }
                }
                batchLoss /= b;
                requireFinite(batchLoss, epoch, bi + 1, config);
                for (float[] g : grads) {
                    java.util.Arrays.fill(g, 0f);
                }
                net.backward(pass, dLogits, grads);
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
                    best = new java.util.ArrayList<>();
                    for (float[] p : params) {
                        best.add(p.clone());
                    }
                    sinceBest = 0;
                } else if (++sinceBest >= config.patience()) {
                    break;
                }
            }
        }
        if (best != null) {
            for (int k = 0; k < params.size(); k++) {
                System.arraycopy(best.get(k), 0, params.get(k), 0, params.get(k).length);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new RecurrentModel(net, config, vocabulary,
                new TrainingSummary(epochsRun, examples, seconds, epochLoss, epochAccuracy));
    }

    /** Stops a run whose loss is no longer a number, with a hint the user can act on. */
    static void requireFinite(double loss, int epoch, int batch, ModelConfig config) {
        if (!Double.isFinite(loss)) {
            throw new TrainingException("training diverged: the loss became " + loss + " in epoch " + epoch
                    + ", batch " + batch + "; try a lower learning rate than " + config.learningRate());
        }
    }

    /**
     * The encoder's start token: one id past the vocabulary when trained from scratch; none for the recurrent
     * models, nor for a pretrained encoder, whose tokenizer already begins every sequence with its {@code <s>}.
     */
    static int startToken(ModelConfig config, Vocabulary vocabulary) {
        return config.architecture() == Architecture.CODEBERT && config.pretrained() == null ? vocabulary.size() : -1;
    }

    /**
     * Trains only the classification head of a frozen pretrained encoder: the {@code <s>} vectors are computed
     * once, then a two-class softmax layer learns on them. Why: the encoder's forward pass is nearly all the
     * cost, and a frozen encoder gives the same vectors every epoch.
     */
    private static TrainedModel trainHead(String name, MultiLayerNetwork net, ModelConfig config,
                                          LabelledSequences train, LabelledSequences validation,
                                          TrainingListener listener, CancellationToken cancel) {
        long started = System.nanoTime();
        Dl4jModel model = new Dl4jModel(net, config, null, null);
        ModelOutputs features = model.outputs(train, cancel);
        int d = features.embeddingSize();
        int n = features.size();
        float[] x = features.embeddings();
        float[] w = new float[d * 2];
        float[] b = new float[2];
        java.util.Random random = new java.util.Random(config.seed());
        double limit = Math.sqrt(6.0 / (d + 2));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        List<float[]> params = List.of(w, b);
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
            java.util.Collections.shuffle(java.util.Arrays.asList(order), new java.util.Random(config.seed() + epoch));
            double lossSum = 0;
            long correct = 0;
            long epochStart = System.nanoTime();
            for (int bi = 0; bi < batches; bi++) {
                cancel.throwIfCancelled();
                java.util.Arrays.fill(grads.get(0), 0f);
                java.util.Arrays.fill(grads.get(1), 0f);
                int from = bi * bs;
                int to = Math.min(n, from + bs);
                double batchLoss = 0;
                for (int k = from; k < to; k++) {
                    int i = order[k];
                    int y = train.label(i);
                    double z0 = b[0];
                    double z1 = b[1];
                    for (int j = 0; j < d; j++) {
                        z0 += x[i * d + j] * w[2 * j];
                        z1 += x[i * d + j] * w[2 * j + 1];
                    }
                    double max = Math.max(z0, z1);
                    double e0 = Math.exp(z0 - max);
                    double e1 = Math.exp(z1 - max);
                    double sum = e0 + e1;
                    batchLoss += weights[y] * (max + Math.log(sum) - (y == 1 ? z1 : z0));
                    correct += (z1 >= z0 ? 1 : 0) == y ? 1 : 0;
                    float g0 = (float) (weights[y] * (e0 / sum - (y == 0 ? 1 : 0)) / (to - from));
                    float g1 = (float) (weights[y] * (e1 / sum - (y == 1 ? 1 : 0)) / (to - from));
                    for (int j = 0; j < d; j++) {
                        grads.get(0)[2 * j] += x[i * d + j] * g0;
                        grads.get(0)[2 * j + 1] += x[i * d + j] * g1;
                    }
                    grads.get(1)[0] += g0;
                    grads.get(1)[1] += g1;
                }
                requireFinite(batchLoss, epoch, bi + 1, config);
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
        int outputLayer = net.getnLayers() - 1;
        net.getLayer(outputLayer).getParam("W").assign(Nd4j.create(w, new long[] {d, 2}, 'c'));
        net.getLayer(outputLayer).getParam("b").assign(Nd4j.create(b, new long[] {1, 2}, 'c'));
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Dl4jModel(net, config, null,
                new TrainingSummary(config.epochs(), (long) config.epochs() * n, seconds, loss, accuracy));
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

    /**
     * Counts a batch's correct predictions from the forward pass that training does anyway: the representation
     * reaches this listener, and the two logits are one small product away. Why: a second forward pass for
     * accuracy would cost a third of the training time.
     */
    private static final class BatchAccuracy extends BaseTrainingListener {
        private final MultiLayerNetwork net;
        private INDArray expected;
        private int correct;

        BatchAccuracy(MultiLayerNetwork net) {
            this.net = net;
        }

        void expect(INDArray labels) {
            expected = labels;
            correct = 0;
        }

        int correct() {
            return correct;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            int outputLayer = net.getnLayers() - 1;
            INDArray representation = activations.get(outputLayer);
            INDArray logits = representation.mmul(net.getLayer(outputLayer).getParam("W"))
                    .addiRowVector(net.getLayer(outputLayer).getParam("b"));
            INDArray predicted = logits.argMax(1);
            INDArray actual = expected.argMax(1);
            correct = predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT32).sumNumber().intValue();
        }
    }
}
