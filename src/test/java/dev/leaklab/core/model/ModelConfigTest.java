package dev.leaklab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void defaultsAreValidForEveryArchitecture() {
        for (Architecture a : Architecture.values()) {
            assertThat(ModelConfig.defaults(a).architecture()).isEqualTo(a);
        }
        assertThat(ModelConfig.defaults(Architecture.BIGRU).representationSize()).isEqualTo(128);
    }

    @Test
    void namesTheSettingThatIsOutOfRange() {
        ModelConfig d = ModelConfig.defaults(Architecture.BILSTM);
        assertThatThrownBy(() -> d.withSizes(0, 64, 200))
                .hasMessage("model setting embeddingSize must be between 1 and 4096, was 0");
        assertThatThrownBy(() -> d.withSizes(64, -3, 200))
                .hasMessage("model setting hiddenSize must be between 1 and 8192, was -3");
        assertThatThrownBy(() -> d.withSizes(64, 64, 5000))
                .hasMessage("model setting maxLength must be between 2 and 1024, was 5000");
        assertThatThrownBy(() -> d.withBatchSize(0)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> d.withEpochs(0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> d.withLearningRate(0))
                .hasMessage("model setting learningRate must be above 0 and at most 10, was 0.0");
        assertThatThrownBy(() -> ModelConfig.defaults(Architecture.CODEBERT).withSizes(129, 256, 200))
                .hasMessage("model setting heads (2) must divide embeddingSize (129)");
    }

    @Test
    void parsesArchitecturesAndOptimizers() {
        assertThat(Architecture.fromId(" BiGRU ")).isEqualTo(Architecture.BIGRU);
        assertThatThrownBy(() -> Architecture.fromId("cnn"))
                .hasMessage("unknown architecture 'cnn' (expected bilstm, bigru, codebert)");
        assertThat(Optimizer.fromId("adamw")).isEqualTo(Optimizer.ADAMW);
    }
}
