package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.experiment.AttackSpec;
import dev.leaklab.core.experiment.BundledProjects;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.model.Architecture;
import org.junit.jupiter.api.Test;

class SetupViewModelTest {

    @Test
    void editsRebuildTheExperimentAndBadValuesAreNamedNotApplied() throws Exception {
        ProjectSpec quickstart = BundledProjects.quickstart();
        SetupViewModel setup = new SetupViewModel();
        setup.load(quickstart);
        assertThat(setup.specProperty().get()).isEqualTo(quickstart);
        assertThat(setup.attackProperty(AttackKind.SHADOW_MLP).get()).isTrue();
        assertThat(setup.featureSetProperty(FeatureSet.BLACK_BOX).get()).isTrue();

        setup.epochsProperty().set(7);
        assertThat(setup.specProperty().get().model().epochs()).isEqualTo(7);
        setup.architectureProperty().set(Architecture.BIGRU);
        assertThat(setup.specProperty().get().model().arch()).isEqualTo("bigru");
        setup.shadowModelsProperty().set(3);
        assertThat(setup.specProperty().get().shadowModels()).isEqualTo(3);

        setup.preset(null);
        long shadowEntries = setup.specProperty().get().attacks().stream()
                .filter(a -> a.kind() == AttackKind.SHADOW_MLP).count();
        assertThat(shadowEntries).isEqualTo(15);
        setup.preset(FeatureSet.GRAY_BOX);
        assertThat(setup.specProperty().get().attacks().stream().filter(a -> a.kind().takesFeatures())
                .map(AttackSpec::featureSets)).containsOnly(java.util.List.of(FeatureSet.GRAY_BOX));

        ProjectSpec before = setup.specProperty().get();
        setup.epochsProperty().set(0);
        assertThat(setup.problemProperty().get()).contains("epochs").contains("was 0");
        assertThat(setup.specProperty().get()).isSameAs(before);
        setup.epochsProperty().set(4);
        assertThat(setup.problemProperty().get()).isEmpty();

        setup.featureSetProperty(FeatureSet.GRAY_BOX).set(false);
        assertThat(setup.problemProperty().get()).contains("needs at least one set of outputs");
    }

    @Test
    void referenceModelsAndDeduplicationComeFromTheProjectAndCanBeChanged() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("sample-projects/scenarios/near-duplicates.leaklab");
        ProjectSpec near = dev.leaklab.core.experiment.ProjectStore.load(file);
        SetupViewModel setup = new SetupViewModel();
        setup.load(near);
        assertThat(setup.dedupProperty().get()).isEqualTo("near");

        ProjectSpec strongest = dev.leaklab.core.experiment.ProjectStore.load(
                java.nio.file.Path.of("sample-projects/scenarios/strongest-attacks.leaklab"));
        setup.load(strongest);
        assertThat(setup.dedupProperty().get()).isEqualTo("exact");
        setup.referenceModelsProperty().set(16);
        assertThat(setup.specProperty().get().attacks().stream().filter(a -> a.kind().needsReferences())
                .map(AttackSpec::references)).containsOnly(16);
        // a project's own count survives being opened and edited
        setup.load(setup.specProperty().get());
        setup.epochsProperty().set(41);
        assertThat(setup.specProperty().get().attacks().stream().filter(a -> a.kind().needsReferences())
                .map(AttackSpec::references)).containsOnly(16);

        setup.dedupProperty().set("none");
        assertThat(setup.specProperty().get().split().toSpec().dedupMode()).isEqualTo("none");
        setup.dedupProperty().set("exact");
        assertThat(setup.specProperty().get().split().dedup()).isNull();

        ProjectSpec before = setup.specProperty().get();
        setup.referenceModelsProperty().set(3);
        assertThat(setup.problemProperty().get()).contains("referenceModels").contains("even");
        assertThat(setup.specProperty().get()).isSameAs(before);
    }

    @Test
    void canariesAndTheLabelOnlyAttacksVariantsSurviveBeingOpenedAndEdited() throws Exception {
        SetupViewModel setup = new SetupViewModel();
        setup.load(dev.leaklab.core.experiment.ProjectStore.load(
                java.nio.file.Path.of("sample-projects/scenarios/canaries.leaklab")));
        setup.epochsProperty().set(7);
        assertThat(setup.specProperty().get().split().toSpec().canaryCount()).isEqualTo(100);
        ProjectSpec labelOnly = dev.leaklab.core.experiment.ProjectStore.load(
                java.nio.file.Path.of("sample-projects/scenarios/label-only.leaklab"));
        java.util.List<AttackSpec> attacks = new java.util.ArrayList<>(labelOnly.attacks());
        attacks.replaceAll(a -> a.kind().queriesVariants() ? new AttackSpec(a.attack(), null, null, 24) : a);
        setup.load(new ProjectSpec(labelOnly.schemaVersion(), labelOnly.name(), labelOnly.description(),
                labelOnly.dataset(), labelOnly.split(), labelOnly.code(), labelOnly.model(), labelOnly.shadowModels(),
                attacks, labelOnly.attackModel(), labelOnly.defense(), labelOnly.sweep(), labelOnly.seed(),
                labelOnly.target()));
        setup.epochsProperty().set(9);
        assertThat(setup.specProperty().get().attacks().stream().filter(a -> a.kind().queriesVariants())
                .map(AttackSpec::variantCount)).containsExactly(24);
    }
}
