package dev.leaklab.app.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.leaklab.core.Json;
import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.experiment.AttackSpec;
import dev.leaklab.core.experiment.ModelSettings;
import dev.leaklab.core.experiment.ProjectSpec;
import dev.leaklab.core.experiment.SplitSettings;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;

/**
 * The Setup screen's state: the target architecture and its settings, the number of shadow models, the attacks
 * and the outputs the shadow-model attacks see (with black-box and gray-box presets). Every edit rebuilds the
 * experiment; a setting out of range leaves the last valid experiment in place and says what is wrong.
 */
public final class SetupViewModel {

    private final ReadOnlyObjectWrapper<ProjectSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ObjectProperty<Architecture> architecture =
            new SimpleObjectProperty<>(this, "architecture", Architecture.BILSTM);
    private final IntegerProperty embedding = new SimpleIntegerProperty(this, "embedding");
    private final IntegerProperty hidden = new SimpleIntegerProperty(this, "hidden");
    private final IntegerProperty layers = new SimpleIntegerProperty(this, "layers");
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs");
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize");
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate");
    private final DoubleProperty dropout = new SimpleDoubleProperty(this, "dropout");
    private final IntegerProperty shadowModels = new SimpleIntegerProperty(this, "shadowModels", 1);
    private final IntegerProperty referenceModels = new SimpleIntegerProperty(this, "referenceModels",
            AttackSpec.DEFAULT_REFERENCE_MODELS);
    private final javafx.beans.property.StringProperty dedup =
            new javafx.beans.property.SimpleStringProperty(this, "dedup", "exact");
    private final Map<AttackKind, BooleanProperty> attacks = new EnumMap<>(AttackKind.class);
    private int labelOnlyVariants = dev.leaklab.core.attack.LabelOnly.DEFAULT_VARIANTS;
    private final Map<FeatureSet, BooleanProperty> featureSets = new LinkedHashMap<>();
    private ProjectSpec base;
    private boolean loading;

    /** An empty setup; {@link #load} fills it. */
    public SetupViewModel() {
        for (AttackKind k : AttackKind.values()) {
            attacks.put(k, new SimpleBooleanProperty(this, k.id()));
        }
        for (FeatureSet f : FeatureSet.all()) {
            featureSets.put(f, new SimpleBooleanProperty(this, f.name()));
        }
        architecture.addListener((o, old, now) -> {
            if (!loading && now != null) {
                sizesFrom(ModelConfig.defaults(now));
            }
        });
        ChangeListener<Object> changed = (o, old, now) -> rebuild();
        for (javafx.beans.Observable p : List.of(architecture, embedding, hidden, layers, epochs, batchSize,
                learningRate, dropout, shadowModels, referenceModels, dedup)) {
            ((javafx.beans.value.ObservableValue<?>) p).addListener(changed);
        }
        attacks.values().forEach(p -> p.addListener(changed));
        featureSets.values().forEach(p -> p.addListener(changed));
    }

    /** Shows {@code project}'s settings; {@code null} clears the setup. */
    public void load(ProjectSpec project) {
        base = project;
        if (project == null) {
            spec.set(null);
            return;
        }
        loading = true;
        try {
            ModelConfig c = project.model().toConfig(project.code().maxLength());
            architecture.set(c.architecture());
            sizesFrom(c);
            epochs.set(c.epochs());
            shadowModels.set(project.shadowModels());
            dedup.set(project.split().toSpec().dedupMode());
            // why: the project's own count, so opening a 64-model study keeps its 64
            referenceModels.set(project.attacks().stream().filter(a -> a.kind().needsReferences())
                    .mapToInt(AttackSpec::references).max().orElse(AttackSpec.DEFAULT_REFERENCE_MODELS));
            // why: the label-only attack's variants have no control here; the project's count is kept
            labelOnlyVariants = project.attacks().stream().filter(a -> a.kind().queriesVariants())
                    .mapToInt(AttackSpec::variantCount).max().orElse(dev.leaklab.core.attack.LabelOnly.DEFAULT_VARIANTS);
            attacks.values().forEach(p -> p.set(false));
            featureSets.values().forEach(p -> p.set(false));
            for (AttackSpec a : project.attacks()) {
                attacks.get(a.kind()).set(true);
                if (a.kind().takesFeatures()) {
                    a.featureSets().forEach(f -> featureSets.get(f).set(true));
                }
            }
        } finally {
            loading = false;
        }
        problem.set("");
        spec.set(project);
    }

    private void sizesFrom(ModelConfig c) {
        boolean was = loading;
        loading = true;
        try {
            embedding.set(c.embeddingSize());
            hidden.set(c.hiddenSize());
            layers.set(c.layers());
            batchSize.set(c.batchSize());
            learningRate.set(c.learningRate());
            dropout.set(c.dropout());
        } finally {
            loading = was;
        }
        rebuild();
    }

    /** Ticks exactly the feature sets of {@code preset} ({@code null} ticks all 15). */
    public void preset(FeatureSet preset) {
        loading = true;
        try {
            featureSets.forEach((f, p) -> p.set(preset == null || f.equals(preset)));
            if (!attacks.get(AttackKind.SHADOW_MLP).get() && !attacks.get(AttackKind.SHADOW_LOGISTIC).get()) {
                attacks.get(AttackKind.SHADOW_MLP).set(true);
            }
        } finally {
            loading = false;
        }
        rebuild();
    }

    private void rebuild() {
        if (loading || base == null) {
            return;
        }
        try {
            ModelSettings m = base.model();
            ModelSettings model = new ModelSettings(architecture.get().id(), embedding.get(), hidden.get(), layers.get(),
                    m.heads(), dropout.get(), m.maxLength(), epochs.get(), batchSize.get(), learningRate.get(),
                    m.optimizer(), m.weightDecay(), m.balanceClasses(), m.patience(), m.seed(), m.pretrained(),
                    m.freezeEncoder());
            List<AttackSpec> list = new ArrayList<>();
            List<FeatureSet> chosen = featureSets.entrySet().stream().filter(e -> e.getValue().get())
                    .map(Map.Entry::getKey).toList();
            for (AttackKind k : AttackKind.values()) {
                if (!attacks.get(k).get()) {
                    continue;
                }
                if (!k.takesFeatures()) {
                    list.add(new AttackSpec(k.id(), null, k.needsReferences() ? referenceModels.get() : null,
                            k.queriesVariants() && labelOnlyVariants != dev.leaklab.core.attack.LabelOnly.DEFAULT_VARIANTS
                                    ? labelOnlyVariants : null));
                    continue;
                }
                if (chosen.isEmpty()) {
                    throw new IllegalArgumentException(k.id() + " needs at least one set of outputs to see");
                }
                for (FeatureSet f : chosen) {
                    ArrayNode ids = Json.mapper().createArrayNode();
                    f.ids().forEach(ids::add);
                    list.add(new AttackSpec(k.id(), ids, null, null));
                }
            }
            SplitSettings s = base.split();
            boolean near = "near".equals(dedup.get());
            SplitSettings split = s.withDedup("exact".equals(dedup.get()) ? null : dedup.get(),
                    near ? s.nearThreshold() : null);
            ProjectSpec next = new ProjectSpec(ProjectSpec.SCHEMA_VERSION, base.name(), base.description(),
                    base.dataset(), split, base.code(), model, shadowModels.get(), list.isEmpty() ? null : list,
                    base.attackModel(), base.defense(), base.sweep(), base.seed(), base.target());
            if (list.isEmpty()) {
                throw new IllegalArgumentException("choose at least one attack");
            }
            problem.set("");
            spec.set(next);
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
        }
    }

    /** The experiment as set up, {@code null} before a project is loaded. */
    public ReadOnlyObjectProperty<ProjectSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    /** What is wrong with the current settings, empty when nothing is. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Reference models of LiRA and RMIA (each form trains this many). */
    public IntegerProperty referenceModelsProperty() {
        return referenceModels;
    }

    /** Deduplication before the split: {@code exact}, {@code near} or {@code none}. */
    public javafx.beans.property.StringProperty dedupProperty() {
        return dedup;
    }

    /** The target architecture. */
    public ObjectProperty<Architecture> architectureProperty() {
        return architecture;
    }

    /** Embedding (model) width. */
    public IntegerProperty embeddingProperty() {
        return embedding;
    }

    /** Recurrent state or feed-forward width. */
    public IntegerProperty hiddenProperty() {
        return hidden;
    }

    /** Layers or encoder blocks. */
    public IntegerProperty layersProperty() {
        return layers;
    }

    /** Training epochs. */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** Training batch size. */
    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    /** Learning rate. */
    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    /** Dropout probability. */
    public DoubleProperty dropoutProperty() {
        return dropout;
    }

    /** Shadow models. */
    public IntegerProperty shadowModelsProperty() {
        return shadowModels;
    }

    /** Whether an attack runs. */
    public BooleanProperty attackProperty(AttackKind kind) {
        return attacks.get(kind);
    }

    /** Whether the shadow-model attacks see this set of outputs. */
    public BooleanProperty featureSetProperty(FeatureSet set) {
        return featureSets.get(set);
    }

    /** The 15 feature sets, in order. */
    public List<FeatureSet> featureSets() {
        return List.copyOf(featureSets.keySet());
    }
}
