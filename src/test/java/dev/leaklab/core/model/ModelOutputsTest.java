package dev.leaklab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelOutputsTest {

    @TempDir
    Path dir;

    private static ModelOutputs sample() {
        return ModelOutputs.of(List.of("a", "b", "c"), new int[] {1, 0, 1},
                new float[] {0f, 2f, 1f, -1f, 300f, -300f}, new float[] {1, 2, 3, 4, 5, 6}, 2);
    }

    @Test
    void derivesProbabilitiesConfidenceAndLossFromTheLogits() {
        ModelOutputs o = sample();
        double p = 1 / (1 + Math.exp(-2));
        assertThat((double) o.probability(0, 1)).isCloseTo(p, Offset.offset(1e-7));
        assertThat((double) o.confidence(0)).isCloseTo(p, Offset.offset(1e-7));
        assertThat((double) o.loss(0)).isCloseTo(-Math.log(p), Offset.offset(1e-6));
        assertThat(o.predicted(1)).isZero();
        // a confidently wrong sample: the loss stays finite (600 nats), never infinite
        assertThat((double) o.loss(2)).isCloseTo(600, Offset.offset(1e-3));
        assertThat(o.vulnerableProbabilities()[2]).isZero();
    }

    @Test
    void refusesNonFiniteOutputs() {
        assertThatThrownBy(() -> ModelOutputs.of(List.of("x"), new int[] {0}, new float[] {Float.NaN, 0},
                new float[0], 0)).hasMessageContaining("logit 0 of sample x is NaN");
        assertThatThrownBy(() -> ModelOutputs.of(List.of("x"), new int[] {0}, new float[] {0, 0},
                new float[] {Float.POSITIVE_INFINITY}, 1)).hasMessageContaining("embedding of sample x holds Infinity");
    }

    @Test
    void savesAndLoadsExactly() throws Exception {
        ModelOutputs o = sample();
        OutputsStore.save(o, dir.resolve("out.bin"));
        ModelOutputs back = OutputsStore.load(dir.resolve("out.bin"));
        assertThat(back.ids()).isEqualTo(o.ids());
        assertThat(back.labels()).isEqualTo(o.labels());
        assertThat(back.logits()).containsExactly(o.logits());
        assertThat(back.embeddings()).containsExactly(o.embeddings());
        assertThat(back.losses()).containsExactly(o.losses());
    }

    @Test
    void rejectsDamagedFilesBeforeAllocating() throws Exception {
        OutputsStore.save(sample(), dir.resolve("out.bin"));
        byte[] bytes = Files.readAllBytes(dir.resolve("out.bin"));
        Path truncated = Files.write(dir.resolve("t.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> OutputsStore.load(truncated)).isInstanceOf(InputException.class)
                .hasMessageContaining("damaged outputs file");
        byte[] huge = bytes.clone();
        huge[8] = (byte) 0xFF;
        huge[9] = (byte) 0xFF;
        huge[10] = (byte) 0xFF;
        huge[11] = (byte) 0x7F;
        Path declared = Files.write(dir.resolve("h.bin"), huge);
        assertThatThrownBy(() -> OutputsStore.load(declared)).hasMessageContaining("declares 2147483647 samples");
        Path other = Files.writeString(dir.resolve("o.bin"), "hello world, not outputs");
        assertThatThrownBy(() -> OutputsStore.load(other)).hasMessage(other + ": not a LeakLab outputs file");
    }

    @Test
    void theLossOfASureSampleKeepsItsSizeInsteadOfRoundingToZero() {
        ModelOutputs o = ModelOutputs.of(java.util.List.of("a", "b"), new int[] {1, 1},
                new float[] {-20f, 20f, -10f, 10f}, new float[0], 0);
        assertThat((double) o.loss(0)).isCloseTo(Math.exp(-40), org.assertj.core.data.Percentage.withPercentage(1e-4));
        assertThat(o.loss(0)).isPositive().isLessThan(o.loss(1));
    }
}
