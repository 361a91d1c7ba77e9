package dev.leaklab.core.defense;

import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.task.Parallel;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The Noise-based Membership Inference Defence (method.md, section 5): an inference-time layer between a model
 * and whoever reads its outputs. Per output it releases, reduces or withholds, and adds Gaussian noise whose
 * scale is sigma times that output's spread on the defender's reference data. Noise goes on the logits first;
 * probabilities, confidence and loss are recomputed from the noisy logits, then the confidence and loss get
 * noise of their own. With label preservation a noisy pair of logits whose arg-max moved is swapped back, so
 * the released prediction always equals the clean one and accuracy cannot change.
 */
public final class Nmid {

    private final Spread spread;

    /** A defence scaled by {@code spread}. */
    public Nmid(Spread spread) {
        this.spread = Objects.requireNonNull(spread, "spread");
    }

    /** The spread this defence measures sigma in. */
    public Spread spread() {
        return spread;
    }

    /** Releases {@code clean} under {@code settings} for query number {@code query}. */
    public Released release(Released clean, DefenseSettings settings, int query) {
        NoiseTable noise = settings.isNone() ? null
                : NoiseTable.draw(clean.ids(), clean.embeddingSize(), settings.seed(), settings.noise(), query);
        return release(clean, settings, noise, true);
    }

    /** The fewest samples a core is given when a release spreads over cores. */
    private static final int SAMPLES_PER_PART = 2048;

    /** How many runs of samples a release of {@code n} spreads over. */
    private static int parts(int n) {
        return Math.max(1, Math.min(Parallel.threads(), n / SAMPLES_PER_PART));
    }

    /**
     * Releases {@code clean} under {@code settings} with the given draws.
     *
     * @param noise      the draws (may be {@code null} when the setting adds no noise)
     * @param embeddings whether to compute the released embeddings; when not, the clean ones are passed on
     *                   (for callers that apply the embedding's noise themselves)
     */
    public Released release(Released clean, DefenseSettings settings, NoiseTable noise, boolean embeddings) {
        int n = clean.size();
        float[] z = clean.logits();
        float[] outLogits = new float[2 * n];
        float[] outConfidence = new float[n];
        float[] outLoss = new float[n];
        int[] predicted = new int[n];
        int[] labels = clean.labels();
        int[] cleanPredicted = clean.predicted();
        double sl = settings.sigma(Feature.LOGITS);
        double sc = settings.sigma(Feature.CONFIDENCE);
        double ss = settings.sigma(Feature.LOSS);
        requireNoise(noise, sl + sc + ss + settings.sigma(Feature.EMBEDDING));
        float s0 = (float) (sl * spread.logits()[0]);
        float s1 = (float) (sl * spread.logits()[1]);
        float scConf = (float) (sc * spread.confidence());
        float scLoss = (float) (ss * spread.loss());
        float[] nl = noise == null ? null : noise.logits();
        float[] nc = noise == null ? null : noise.confidence();
        float[] ns = noise == null ? null : noise.loss();
        Mask logitsMask = settings.mask(Feature.LOGITS);
        Mask confidenceMask = settings.mask(Feature.CONFIDENCE);
        Mask lossMask = settings.mask(Feature.LOSS);
        double scale = Math.pow(10, settings.decimals());
        float[] cleanConfidence = clean.confidence();
        float[] cleanLoss = clean.loss();
        boolean noisyLogits = s0 != 0f || s1 != 0f;
        // why: every sample is released on its own (its noise is keyed by its id), so runs of samples spread over
        // the allowed cores and any count gives the same outputs
        int parts = parts(n);
        Parallel.forEach(parts, part -> {
            int from = (int) ((long) n * part / parts);
            int to = (int) ((long) n * (part + 1) / parts);
            for (int i = from; i < to; i++) {
                float z0 = z[2 * i];
                float z1 = z[2 * i + 1];
                if (noisyLogits) {
                    z0 += s0 * nl[2 * i];
                    z1 += s1 * nl[2 * i + 1];
                }
                int label = z1 >= z0 ? 1 : 0;
                if (settings.labelPreserving() && label != cleanPredicted[i]) {
                    float t = z0;
                    z0 = z1;
                    z1 = t;
                    label = cleanPredicted[i];
                }
                predicted[i] = label;
                double confidence;
                double loss;
                if (noisyLogits) {
                    // why: with two classes both follow from the margin, with one exponential: the confidence is
                    // σ(|m|) and the loss of the true class softplus(-m_true)
                    double margin = (double) z1 - z0;
                    double e = Math.exp(-Math.abs(margin));
                    double toTrue = labels[i] == 1 ? margin : -margin;
                    confidence = 1 / (1 + e);
                    loss = Math.max(-toTrue, 0) + Math.log1p(e);
                } else {
                    confidence = cleanConfidence[i];
                    loss = cleanLoss[i];
                }
                if (scConf != 0f) {
                    confidence = Math.min(1, Math.max(0.5, confidence + scConf * nc[i]));
                }
                if (scLoss != 0f) {
                    loss = Math.max(0, loss + scLoss * ns[i]);
                }
                switch (logitsMask) {
                    case RELEASED -> {
                        outLogits[2 * i] = z0;
                        outLogits[2 * i + 1] = z1;
                    }
                    case REDUCED -> {
                        outLogits[2 * i] = label == 0 ? 1f : 0f;
                        outLogits[2 * i + 1] = label == 1 ? 1f : 0f;
                    }
                    case WITHHELD -> {
                        outLogits[2 * i] = Float.NaN;
                        outLogits[2 * i + 1] = Float.NaN;
                    }
                }
                outConfidence[i] = masked(confidence, confidenceMask, scale);
                outLoss[i] = masked(loss, lossMask, scale);
            }
        });
        float[] emb = clean.embeddings();
        if (embeddings) {
            emb = releaseEmbeddings(clean, settings, noise, scale);
        }
        EnumSet<Feature> withheld = EnumSet.noneOf(Feature.class);
        for (Feature f : Feature.values()) {
            if (settings.mask(f) == Mask.WITHHELD) {
                withheld.add(f);
            }
        }
        return new Released(clean.ids(), labels, predicted, outLogits, outConfidence, outLoss, emb,
                clean.embeddingSize(), withheld);
    }

    private float[] releaseEmbeddings(Released clean, DefenseSettings settings, NoiseTable noise, double scale) {
        float[] emb = clean.embeddings();
        int e = clean.embeddingSize();
        Mask mask = settings.mask(Feature.EMBEDDING);
        if (mask == Mask.WITHHELD) {
            float[] out = new float[emb.length];
            java.util.Arrays.fill(out, Float.NaN);
            return out;
        }
        float[] perDim = perDimension(settings);
        if (perDim == null && mask == Mask.RELEASED) {
            return emb;
        }
        float[] out = new float[emb.length];
        float[] ne = perDim == null ? null : noise.embedding();
        for (int o = 0; o < emb.length; o += e) {
            releaseRow(emb, o, e, perDim, ne, o, mask == Mask.REDUCED, scale, out, o);
        }
        return out;
    }

    /**
     * Adds to {@code sum} (sample-major, as {@link Released#embeddings()}) the embeddings that releasing
     * {@code clean} under {@code settings} for query number {@code query} gives, bit for bit, one sample's row
     * at a time: an attacker averaging many queries needs neither a table of every sample's noise nor a
     * released copy per query (two arrays of every embedding value each, which filled the young generation).
     */
    public void addReleasedEmbeddings(Released clean, DefenseSettings settings, int query, double[] sum) {
        float[] emb = clean.embeddings();
        int e = clean.embeddingSize();
        int n = clean.size();
        if (sum.length != emb.length) {
            throw new IllegalArgumentException("the sum has " + sum.length + " values for " + emb.length
                    + " embedding values");
        }
        Mask mask = settings.mask(Feature.EMBEDDING);
        float[] perDim = perDimension(settings);
        double scale = Math.pow(10, settings.decimals());
        java.util.List<String> ids = clean.ids();
        int parts = parts(n);
        // why: each sample's noise is keyed by its id and its sums are its own, so runs of samples spread over
        // the allowed cores with the same sums on any count
        Parallel.forEach(parts, part -> {
            float[] noise = perDim == null ? null : new float[e];
            float[] row = new float[e];
            for (int i = (int) ((long) n * part / parts); i < (int) ((long) n * (part + 1) / parts); i++) {
                int o = i * e;
                if (mask == Mask.WITHHELD) {
                    java.util.Arrays.fill(row, Float.NaN);
                } else {
                    if (noise != null) {
                        NoiseTable.embeddingRow(ids.get(i), settings.seed(), settings.noise(), query, noise);
                    }
                    releaseRow(emb, o, e, perDim, noise, 0, mask == Mask.REDUCED, scale, row, 0);
                }
                for (int d = 0; d < e; d++) {
                    sum[o + d] += row[d];
                }
            }
        });
    }

    /** The embedding's noise scale per dimension; {@code null} when the setting adds none. */
    private float[] perDimension(DefenseSettings settings) {
        double se = settings.sigma(Feature.EMBEDDING);
        if (se == 0) {
            return null;
        }
        double[] spreads = spread.embedding();
        float[] perDim = new float[spreads.length];
        for (int d = 0; d < perDim.length; d++) {
            perDim[d] = (float) (se * spreads[d]);
        }
        return perDim;
    }

    /**
     * One sample's released embedding: {@code clean[from, from + e)} plus {@code perDim · noise[noiseFrom, ...)}
     * (when {@code perDim} is given), rounded to the setting's decimals when reduced, written to {@code out}.
     */
    private static void releaseRow(float[] clean, int from, int e, float[] perDim, float[] noise, int noiseFrom,
                                   boolean reduced, double scale, float[] out, int outFrom) {
        System.arraycopy(clean, from, out, outFrom, e);
        if (perDim != null) {
            for (int d = 0; d < e; d++) {
                out[outFrom + d] += perDim[d] * noise[noiseFrom + d];
            }
        }
        if (reduced) {
            for (int d = 0; d < e; d++) {
                out[outFrom + d] = (float) (Math.rint(out[outFrom + d] * scale) / scale);
            }
        }
    }

    private static float masked(double value, Mask mask, double scale) {
        return switch (mask) {
            case RELEASED -> (float) value;
            case REDUCED -> (float) (Math.rint(value * scale) / scale);
            case WITHHELD -> Float.NaN;
        };
    }

    private static void requireNoise(NoiseTable noise, double totalSigma) {
        if (noise == null && totalSigma != 0) {
            throw new IllegalArgumentException("a defence with noise needs its noise draws");
        }
    }
}
