package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.TrainingProgress;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every architecture on a small learnable task: it learns, its outputs agree, it saves and loads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelsTest {

    private final LabelledSequences train = ToyTask.make(400, 24, 1);
    private final LabelledSequences test = ToyTask.make(200, 24, 2);
    private final java.util.Map<Architecture, TrainedModel> models = new java.util.EnumMap<>(Architecture.class);
    private final java.util.Map<Architecture, List<TrainingProgress>> events = new java.util.EnumMap<>(Architecture.class);

    static ModelConfig config(Architecture architecture) {
        ModelConfig base = ModelConfig.defaults(architecture).withSizes(32, 32, 24).withBatchSize(16);
        return architecture == Architecture.CODEBERT ? base.withEpochs(10).withLearningRate(1e-3)
                : base.withEpochs(8).withLearningRate(5e-3);
    }

    @BeforeAll
    void trainAll() {
        for (Architecture a : Architecture.values()) {
            List<TrainingProgress> seen = new ArrayList<>();
            models.put(a, Trainers.standard().train("toy", config(a), ToyTask.VOCABULARY, train, test, seen::add,
                    CancellationToken.none()));
            events.put(a, seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void aTrainedModelHoldsNoArraysOfItsTrainingPasses(Architecture a) {
        TrainedModel m = Trainers.standard().train("pool", config(a).withEpochs(1), ToyTask.VOCABULARY, train, null,
                p -> { }, CancellationToken.none());
        ArrayNetwork net = ((ArrayModel) m).network();
        long held = net instanceof RecurrentNetwork r ? r.pooledFloats() : ((EncoderNetwork) net).pool.held();
        assertThat(held).as(a.id()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void learnsTheTaskWellAboveChance(Architecture a) {
        ModelOutputs out = models.get(a).outputs(test, CancellationToken.none());
        int right = 0;
        for (int i = 0; i < out.size(); i++) {
            right += out.predicted(i) == out.label(i) ? 1 : 0;
        }
        assertThat(right / (double) out.size()).as(a.id()).isGreaterThan(0.85);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void reportsProgressPerBatchAndPerEpoch(Architecture a) {
        List<TrainingProgress> seen = events.get(a);
        ModelConfig c = config(a);
        int batches = (train.size() + c.batchSize() - 1) / c.batchSize();
        assertThat(seen).hasSize(c.epochs() * (batches + 1));
        TrainingProgress last = seen.get(seen.size() - 1);
        assertThat(last.endOfEpoch()).isTrue();
        assertThat(last.epoch()).isEqualTo(c.epochs());
        assertThat(last.examplesPerSecond()).isPositive();
        assertThat(last.validationAccuracy()).isBetween(0.0, 1.0);
        assertThat(seen.get(0).etaSeconds()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void outputsAgreeWithEachOther(Architecture a) {
        ModelOutputs out = models.get(a).outputs(test, CancellationToken.none());
        assertThat(out.embeddingSize()).isEqualTo(config(a).representationSize());
        for (int i = 0; i < out.size(); i++) {
            double z0 = out.logit(i, 0);
            double z1 = out.logit(i, 1);
            double p1 = 1 / (1 + Math.exp(z0 - z1));
            assertThat((double) out.probability(i, 1)).isCloseTo(p1, Offset.offset(1e-6));
            assertThat((double) out.probability(i, 0) + out.probability(i, 1)).isCloseTo(1.0, Offset.offset(1e-6));
            assertThat(out.confidence(i)).isEqualTo(Math.max(out.probability(i, 0), out.probability(i, 1)));
            double ce = -Math.log(out.label(i) == 1 ? p1 : 1 - p1);
            assertThat((double) out.loss(i)).isCloseTo(ce, Offset.offset(1e-4 + 1e-4 * ce));
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void checkpointRoundTripGivesIdenticalOutputs(Architecture a, @TempDir Path dir) throws Exception {
        TrainedModel model = models.get(a);
        model.save(dir.resolve("model"));
        model.save(dir.resolve("model"));
        TrainedModel loaded = Trainers.load(dir.resolve("model"));
        ModelOutputs before = model.outputs(test, CancellationToken.none());
        ModelOutputs after = loaded.outputs(test, CancellationToken.none());
        assertThat(after.logits()).containsExactly(before.logits());
        assertThat(after.embeddings()).containsExactly(before.embeddings());
        assertThat(loaded.config()).isEqualTo(model.config());
        assertThat(dir.toFile().list()).containsExactly("model");
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        ModelConfig c = config(Architecture.BIGRU).withEpochs(2);
        ModelOutputs first = Trainers.standard().train("a", c, ToyTask.VOCABULARY, train, null, p -> { },
                CancellationToken.none()).outputs(test, CancellationToken.none());
        ModelOutputs second = Trainers.standard().train("b", c, ToyTask.VOCABULARY, train, null, p -> { },
                CancellationToken.none()).outputs(test, CancellationToken.none());
        assertThat(second.logits()).containsExactly(first.logits());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Architecture.class)
    void oneThreadAndAllCoresGiveTheSameNumbers(Architecture a) {
        // the encoder's batch of 40 trains as three parts (13, 13 and 14 rows), side by side on several cores
        ModelConfig c = a == Architecture.CODEBERT ? config(a).withEpochs(2).withBatchSize(40) : config(a).withEpochs(2);
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            dev.leaklab.core.task.Parallel.setThreads(1);
            ModelOutputs one = Trainers.standard().train("one", c, ToyTask.VOCABULARY, train, null, p -> { },
                    CancellationToken.none()).outputs(test, CancellationToken.none());
            dev.leaklab.core.task.Parallel.setThreads(cores);
            ModelOutputs all = Trainers.standard().train("all", c, ToyTask.VOCABULARY, train, null, p -> { },
                    CancellationToken.none()).outputs(test, CancellationToken.none());
            assertThat(all.logits()).containsExactly(one.logits());
            assertThat(all.embeddings()).containsExactly(one.embeddings());
        } finally {
            dev.leaklab.core.task.Parallel.setThreads(cores);
        }
    }

    @Test
    void cancellationStopsWithinOneBatch() {
        CancellationToken cancel = new CancellationToken();
        List<TrainingProgress> seen = new ArrayList<>();
        assertThatThrownBy(() -> Trainers.standard().train("c", config(Architecture.BILSTM), ToyTask.VOCABULARY, train,
                null, p -> {
                    seen.add(p);
                    if (seen.size() == 3) {
                        cancel.cancel();
                    }
                }, cancel)).isInstanceOf(CancellationException.class);
        assertThat(seen).hasSize(3);
    }

    @Test
    void aBatchLargerThanTheDataIsRefused() {
        ModelConfig c = config(Architecture.BILSTM).withBatchSize(1000);
        assertThatThrownBy(() -> Trainers.standard().train("d", c, ToyTask.VOCABULARY, train, null, p -> { },
                CancellationToken.none())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model setting batchSize (1000) is larger than the 400 training samples");
    }

    @Test
    void aLossThatIsNoLongerANumberStopsTrainingWithAHint() {
        ModelConfig c = config(Architecture.BILSTM);
        ArrayTrainer.requireFinite(0.7, 1, 1, c);
        assertThatThrownBy(() -> ArrayTrainer.requireFinite(Double.NaN, 3, 17, c))
                .isInstanceOf(dev.leaklab.core.model.TrainingException.class)
                .hasMessage("training diverged: the loss became NaN in epoch 3, batch 17; try a lower learning rate "
                        + "than 0.005");
    }
}
