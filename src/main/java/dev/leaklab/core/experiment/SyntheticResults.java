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
        return of(targetSamples, embeddingSize, gemm, false);
    }

    /**
     * Builds the results, with a label-only attack beside the shadow-model one when {@code labelOnly}: its
     * variants' answers are the samples' logits with Gaussian noise of their own, so members, whose margins are
     * wider, keep their label over more variants.
     */
    public static ExperimentResults of(int targetSamples, int embeddingSize, Gemm gemm, boolean labelOnly) {
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
        Map<String, DefenseEvaluator> evaluators = new java.util.LinkedHashMap<>();
        evaluators.put(ExperimentResults.key(results.get(0)), evaluator);
        if (labelOnly) {
            List<String> candidates = new ArrayList<>(targetIn.ids());
            candidates.addAll(targetOut.ids());
            dev.leaklab.core.attack.LabelOnly lo = dev.leaklab.core.attack.LabelOnly.fit(shadowIn, shadowOut,
                    dev.leaklab.core.attack.Concat.of(variants(shadowIn, 21), variants(shadowOut, 22)), candidates,
                    dev.leaklab.core.attack.Concat.of(variants(targetIn, 23), variants(targetOut, 24)), VARIANTS);
            DefenseEvaluator loEvaluator = new DefenseEvaluator(targetIn, targetOut, shadowIn, shadowOut, lo,
                    new Nmid(Spread.of(targetOutModel)), new Nmid(Spread.of(shadowOutModel)), 3, gemm);
            DefenseEvaluator.Evaluation e = loEvaluator.evaluate(DefenseSettings.NONE, false, none);
            results.add(new AttackResult(AttackKind.LABEL_ONLY, lo.features(), "undefended", null, false, 1,
                    e.attack(), e.utility(), null));
            evaluators.put(ExperimentResults.key(results.get(results.size() - 1)), loEvaluator);
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
                evaluators, List.of(), List.of(), null, null);
    }

    private static final int VARIANTS = 4;

    /** {@link #VARIANTS} answers a sample: its logits with noise of their own, embeddings dropped. */
    private static Released variants(Released of, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int n = of.size() * VARIANTS;
        List<String> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        float[] logits = new float[2 * n];
        for (int i = 0; i < of.size(); i++) {
            for (int v = 0; v < VARIANTS; v++) {
                int row = i * VARIANTS + v;
                ids.add(of.ids().get(i) + "~" + (v + 1));
                labels[row] = of.labels()[i];
                logits[2 * row] = of.logits()[2 * i] + (float) random.nextGaussian();
                logits[2 * row + 1] = of.logits()[2 * i + 1] + (float) random.nextGaussian();
            }
        }
        return Released.clean(ModelOutputs.of(ids, labels, logits, new float[0], 0));
    }
}
