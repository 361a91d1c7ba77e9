package dev.leaklab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    @Test
    void growsWithTheDataTheModelsAndTheAttacks() throws Exception {
        ProjectSpec quickstart = BundledProjects.quickstart();
        long base = MemoryEstimate.of(quickstart, 4000, 101, false).bytes();
        assertThat(MemoryEstimate.of(quickstart, 40_000, 101, false).bytes()).isGreaterThan(base * 2);
        assertThat(MemoryEstimate.of(quickstart, 4000, 101, true).bytes()).isGreaterThan(base);
        ModelSettings m = quickstart.model();
        ProjectSpec wider = new ProjectSpec(quickstart.schemaVersion(), quickstart.name(), quickstart.description(),
                quickstart.dataset(), quickstart.split(), quickstart.code(), new ModelSettings(m.arch(), m.embedding(),
                256, m.layers(), m.heads(), m.dropout(), m.maxLength(), m.epochs(), m.batchSize(), m.learningRate(),
                m.optimizer(), m.weightDecay(), m.balanceClasses(), m.patience(), m.seed(), m.pretrained(),
                m.freezeEncoder()), quickstart.shadowModels(), quickstart.attacks(), quickstart.attackModel(),
                quickstart.defense(), quickstart.sweep(), quickstart.seed(), null);
        assertThat(MemoryEstimate.of(wider, 4000, 101, false).bytes()).isGreaterThan(base);
        // between the JVM's own needs and what a laptop has: the quickstart fits anywhere
        assertThat(base).isBetween(200L << 20, 1L << 30);
        assertThat(MemoryEstimate.of(quickstart, 4000, 101, false).describe()).matches("\\d+ MB");
        assertThat(MemoryEstimate.format(3L << 30)).isEqualTo("3.0 GB");
    }
}
