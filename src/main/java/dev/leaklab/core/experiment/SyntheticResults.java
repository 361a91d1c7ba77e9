package dev.leaklab.core.experiment;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.AttackNetwork;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.attack.ShadowAttack;
import dev.leaklab.core.data.DedupReport;
import dev.leaklab.core.data.SplitSpec;
import dev.leaklab.core.defense.DefenseBenchmark;
import dev.leaklab.core.defense.DefenseEvaluator;
import dev.leaklab.core.defense.DefenseSettings;
import dev.leaklab.core.defense.Nmid;
import dev.leaklab.core.defense.Spread;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.metrics.ClassificationMetrics;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Results of a made-up experiment at any size, for benchmarks of the screens that explore results: a gray-box
 * shadow MLP over {@link DefenseBenchmark#outputs} of a target and a shadow model, with a sigma sweep.
 */
public final class SyntheticResults {

    private SyntheticResults() {
    }

    /**
     * Builds the results.
     *
     * @param targetSamples target members plus non-members (the shadow side gets as many)
     * @param embeddingSize the embedding width
     */
    public static ExperimentResults of(int targetSamples, int embeddingSize, Gemm gemm) {
        int half = targetSamples / 2;
        ModelOutputs targetOutModel = DefenseBenchmark.outputs("to", half, embeddingSize, false, 11);
        Released targetIn = Released.clean(DefenseBenchmark.outputs("ti", half, embeddingSize, true, 12));
        Released targetOut = Released.clean(targetOutModel);
        Released shadowIn = Released.clean(DefenseBenchmark.outputs("si", half, embeddingSize, true, 13));
        ModelOutputs shadowOutModel = DefenseBenchmark.outputs("so", half, embeddingSize, false, 14);
        Released shadowOut = Released.clean(shadowOutModel);
        CancellationToken none = CancellationToken.none();
        ShadowAttack attack = ShadowAttack.train(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX, shadowIn, shadowOut,
                AttackNetwork.Settings.mlp(1).withEpochs(3), gemm, none);
        DefenseEvaluator evaluator = new DefenseEvaluator(targetIn, targetOut, shadowIn, shadowOut, attack,
                new Nmid(Spread.of(targetOutModel)), new Nmid(Spread.of(shadowOutModel)), 3, gemm);
        List<AttackResult> results = new ArrayList<>();
        DefenseEvaluator.Evaluation clean = evaluator.evaluate(DefenseSettings.NONE, false, none);
        results.add(new AttackResult(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX, "undefended", null, false, 1,
                clean.attack(), clean.utility(), null));
        for (double sigma : new double[] {0, 0.25, 0.5, 1, 2, 4}) {
            DefenseEvaluator.Evaluation e = evaluator.evaluate(DefenseSettings.noise(sigma), false, none);
            results.add(new AttackResult(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX, "sweep", e.settings(), false, 1,
                    e.attack(), e.utility(), null));
        }
        ProjectSpec project = ProjectSpec.of("Synthetic " + targetSamples,
                DatasetSpec.ofGenerator(new GeneratorSpec("synthetic-c", 400, 1L)));
        ClassificationMetrics utility = ClassificationMetrics.ofProbabilities(
                targetOutModel.vulnerableProbabilities(), targetOutModel.labels());
        Instant now = Instant.now();
        return new ExperimentResults(project, ModelConfig.defaults(Architecture.BILSTM), SplitSpec.equalQuarters(),
                new DedupReport(2 * targetSamples, 2 * targetSamples, 0, 0, 0, 2 * targetSamples),
                new int[] {half, half, half, half}, "synthetic", "synthetic", now, now, utility, utility, 0, false,
                results, 0, ExperimentResults.frontier(results, results.get(0)), new double[] {0}, new double[] {0},
                Map.of(ExperimentResults.key(results.get(0)), evaluator), List.of(), List.of(), null, null);
    }
}
