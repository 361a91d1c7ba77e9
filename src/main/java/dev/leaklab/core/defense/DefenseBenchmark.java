package dev.leaklab.core.defense;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.AttackNetwork;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.attack.ShadowAttack;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.task.CancellationToken;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Times {@link DefenseEvaluator} as the GUI drives it: a gray-box shadow MLP over made-up outputs with a
 * membership signal, one defence setting after another along a sigma slider.
 */
public final class DefenseBenchmark {

    /**
     * Latencies of one attacker.
     *
     * @param medianMs the median time from a setting to its ROC and utility
     * @param p95Ms    the 95th percentile
     * @param settings how many settings were timed
     */
    public record Latency(double medianMs, double p95Ms, int settings) {
    }

    /** Both attackers. */
    public record Result(int targetSamples, int embeddingSize, Latency nonAdaptive, Latency adaptive) {
    }

    private DefenseBenchmark() {
    }

    /**
     * Measures.
     *
     * @param targetSamples target members plus non-members (the shadow side gets as many)
     * @param embeddingSize embedding width
     * @param settings      non-adaptive settings timed (the adaptive attacker gets a tenth, at least 5)
     */
    public static Result measure(int targetSamples, int embeddingSize, int settings, Gemm gemm) {
        int half = targetSamples / 2;
        ModelOutputs targetOut = outputs("to", half, embeddingSize, false, 11);
        Released targetIn = Released.clean(outputs("ti", half, embeddingSize, true, 12));
        Released shadowIn = Released.clean(outputs("si", half, embeddingSize, true, 13));
        ModelOutputs shadowOutModel = outputs("so", half, embeddingSize, false, 14);
        Released shadowOut = Released.clean(shadowOutModel);
        CancellationToken none = CancellationToken.none();
        ShadowAttack attack = ShadowAttack.train(AttackKind.SHADOW_MLP, FeatureSet.GRAY_BOX, shadowIn, shadowOut,
                AttackNetwork.Settings.mlp(1).withEpochs(3), gemm, none);
        DefenseEvaluator evaluator = new DefenseEvaluator(targetIn, Released.clean(targetOut), shadowIn, shadowOut,
                attack, new Nmid(Spread.of(targetOut)), new Nmid(Spread.of(shadowOutModel)), 3, gemm);
        DefenseSettings base = DefenseSettings.noise(0);
        for (int i = 0; i < 10; i++) {
            evaluator.evaluate(base.withSigma(i * 0.1), false, none);
        }
        Latency nonAdaptive = time(evaluator, base, settings, false, none);
        evaluator.evaluate(base.withSigma(0.3), true, none);
        Latency adaptive = time(evaluator, base, Math.max(5, settings / 10), true, none);
        return new Result(targetSamples, embeddingSize, nonAdaptive, adaptive);
    }

    private static Latency time(DefenseEvaluator evaluator, DefenseSettings base, int settings, boolean adaptive,
                                CancellationToken none) {
        double[] ms = new double[settings];
        for (int i = 0; i < settings; i++) {
            // why: a slider sweeps sigma from 0 to 2 and back, as a drag does
            double sigma = 2.0 * Math.abs(Math.sin(Math.PI * i / settings));
            long t0 = System.nanoTime();
            evaluator.evaluate(base.withSigma(sigma), adaptive, none);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Latency(ms[ms.length / 2], ms[(int) Math.ceil(0.95 * ms.length) - 1], settings);
    }

    /**
     * Made-up outputs of {@code n} samples with embeddings of width {@code e}: members have larger margins and
     * a shift in the first embedding dimensions, as an overfitted model gives.
     */
    public static ModelOutputs outputs(String prefix, int n, int e, boolean members, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        float[] logits = new float[2 * n];
        float[] embeddings = new float[n * e];
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
            labels[i] = i % 2;
            double margin = random.nextGaussian() + (members ? 2.5 : 0.8);
            logits[2 * i + labels[i]] = (float) (margin / 2);
            logits[2 * i + 1 - labels[i]] = (float) (-margin / 2);
            for (int d = 0; d < e; d++) {
                embeddings[i * e + d] = (float) (random.nextGaussian() + (members && d < 8 ? 0.3 : 0));
            }
        }
        return ModelOutputs.of(ids, labels, logits, embeddings, e);
    }
}
