package dev.leaklab.core.attack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The likelihood-ratio attack (Carlini et al. 2022, "Membership Inference Attacks From First Principles").
 * Its statistic is the logit-scaled confidence in the true label, {@code φ = log(p_y / (1 - p_y))}, which for
 * two classes is the margin between the true and the other logit. Reference models give, for each candidate,
 * the distribution of φ when the candidate was not trained on (offline) and also when it was (online), and a
 * Gaussian is fitted to each: with its own variance where a candidate has at least {@link #PER_SAMPLE_MODELS}
 * reference models on that side, and otherwise with one variance pooled over all candidates (the
 * fixed-variance form the paper recommends when reference models are few).
 *
 * <p>Offline the score is {@code (φ - μ_out) / σ_out}, how far above the non-member mean the candidate sits;
 * online it is the log likelihood ratio {@code log N(φ; μ_in, σ_in) - log N(φ; μ_out, σ_out)}. Both have a
 * natural threshold of 0 (the non-member median offline, a likelihood ratio of 1 online), which this attack
 * uses in place of one tuned on shadow data.
 *
 * <p>When the defence withholds the logits, φ is taken from the confidence (with the released label), and
 * failing that from the loss: LiRA reads whatever is released.
 */
public final class Lira implements Recalibrating {

    private final AttackKind kind;
    private final Map<String, Integer> index;
    private final double[] meanOut;
    private final double[] meanIn;
    private final double[] sigmaOut;
    private final double[] sigmaIn;
    private final boolean perSample;
    /** What it was fitted on, for {@link #recalibrated}. */
    private List<String> fittedCandidates;
    private List<Released> fittedReferences;
    private List<Set<String>> fittedMembers;

    /** Reference models a side at which a candidate's own variance replaces the pooled one. */
    public static final int PER_SAMPLE_MODELS = 16;

    private Lira(AttackKind kind, Map<String, Integer> index, double[] meanOut, double[] meanIn, double[] sigmaOut,
                 double[] sigmaIn, boolean perSample) {
        this.kind = kind;
        this.index = index;
        this.meanOut = meanOut;
        this.meanIn = meanIn;
        this.sigmaOut = sigmaOut;
        this.sigmaIn = sigmaIn;
        this.perSample = perSample;
    }

    /** Whether the candidates' own variances were fitted (enough reference models), not one pooled variance. */
    public boolean perSampleVariance() {
        return perSample;
    }

    /**
     * Fits the attack.
     *
     * @param candidates the samples to be scored later, in any order (only their ids are used)
     * @param references each reference model's clean outputs on the candidates (any order; matched by id)
     * @param members    for the online form, each reference model's training ids; {@code null} offline
     */
    public static Lira fit(List<String> candidates, List<Released> references, List<Set<String>> members) {
        boolean online = members != null;
        if (references.size() < (online ? 2 : 1)) {
            throw new IllegalArgumentException("LiRA needs reference models; had " + references.size());
        }
        if (online && members.size() != references.size()) {
            throw new IllegalArgumentException("one member set per reference model is needed");
        }
        int n = candidates.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(candidates.get(i), i);
        }
        double[] sumIn = new double[n];
        double[] sumOut = new double[n];
        int[] countIn = new int[n];
        int[] countOut = new int[n];
        double[][] phi = new double[references.size()][];
        for (int m = 0; m < references.size(); m++) {
            Released r = references.get(m);
            double[] values = new double[n];
            java.util.Arrays.fill(values, Double.NaN);
            double[] p = statistic(r);
            for (int k = 0; k < r.size(); k++) {
                Integer i = index.get(r.ids().get(k));
                if (i != null) {
                    values[i] = p[k];
                }
            }
            phi[m] = values;
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(values[i])) {
                    continue;
                }
                if (online && members.get(m).contains(candidates.get(i))) {
                    sumIn[i] += values[i];
                    countIn[i]++;
                } else {
                    sumOut[i] += values[i];
                    countOut[i]++;
                }
            }
        }
        double[] meanIn = new double[n];
        double[] meanOut = new double[n];
        double globalIn = global(sumIn, countIn);
        double globalOut = global(sumOut, countOut);
        for (int i = 0; i < n; i++) {
            // why: a candidate no reference model saw on one side falls back to that side's global mean
            meanIn[i] = countIn[i] > 0 ? sumIn[i] / countIn[i] : globalIn;
            meanOut[i] = countOut[i] > 0 ? sumOut[i] / countOut[i] : globalOut;
        }
        double[] ssIn = new double[n];
        double[] ssOut = new double[n];
        for (int m = 0; m < references.size(); m++) {
            for (int i = 0; i < n; i++) {
                double v = phi[m][i];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (online && members.get(m).contains(candidates.get(i))) {
                    ssIn[i] += (v - meanIn[i]) * (v - meanIn[i]);
                } else {
                    ssOut[i] += (v - meanOut[i]) * (v - meanOut[i]);
                }
            }
        }
        double pooledOut = pooled(ssOut, countOut, meanOut);
        double pooledIn = online ? pooled(ssIn, countIn, meanIn) : pooledOut;
        double[] sigmaOut = new double[n];
        double[] sigmaIn = new double[n];
        boolean perSample = false;
        for (int i = 0; i < n; i++) {
            // why: Carlini et al. fit each sample's own variance once there are enough models (they use 64);
            // below PER_SAMPLE_MODELS a side's spread is too noisy and the pooled one is used
            sigmaOut[i] = countOut[i] >= PER_SAMPLE_MODELS
                    ? Math.max(1e-6, Math.sqrt(ssOut[i] / (countOut[i] - 1))) : pooledOut;
            sigmaIn[i] = !online ? sigmaOut[i] : countIn[i] >= PER_SAMPLE_MODELS
                    ? Math.max(1e-6, Math.sqrt(ssIn[i] / (countIn[i] - 1))) : pooledIn;
            perSample |= countOut[i] >= PER_SAMPLE_MODELS;
        }
        Lira lira = new Lira(online ? AttackKind.LIRA_ONLINE : AttackKind.LIRA_OFFLINE, index, meanOut,
                online ? meanIn : null, sigmaOut, sigmaIn, perSample);
        lira.fittedCandidates = List.copyOf(candidates);
        lira.fittedReferences = List.copyOf(references);
        lira.fittedMembers = members == null ? null : List.copyOf(members);
        return lira;
    }

    /** LiRA fitted on its reference models' outputs as {@code references} releases them. */
    @Override
    public TrainedAttack recalibrated(java.util.function.UnaryOperator<Released> references,
                                      java.util.function.UnaryOperator<Released> target) {
        return fit(fittedCandidates, fittedReferences.stream().map(references).toList(), fittedMembers);
    }

    /**
     * The variance pooled over all candidates: the spread within each candidate's values; with one model a
     * side there is none, and the spread of the candidates' means stands in.
     */
    private static double pooled(double[] ss, int[] count, double[] mean) {
        double sum = 0;
        long dof = 0;
        for (int i = 0; i < ss.length; i++) {
            sum += ss[i];
            dof += Math.max(0, count[i] - 1);
        }
        return Math.max(1e-6, dof > 0 ? Math.sqrt(sum / dof) : std(mean));
    }

    private static double global(double[] sum, int[] count) {
        double s = 0;
        long c = 0;
        for (int i = 0; i < sum.length; i++) {
            s += sum[i];
            c += count[i];
        }
        return c == 0 ? 0 : s / c;
    }

    private static double std(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / Math.max(1, v.length - 1));
    }

    /** φ of each sample of {@code r}, from its logits, else its confidence, else its loss; 0 if none. */
    static double[] statistic(Released r) {
        int n = r.size();
        double[] phi = new double[n];
        float[] z = r.logits();
        float[] confidence = r.confidence();
        float[] loss = r.loss();
        int[] labels = r.labels();
        int[] predicted = r.predicted();
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            double v;
            if (!Float.isNaN(z[2 * i])) {
                v = z[2 * i + y] - z[2 * i + 1 - y];
            } else if (!Float.isNaN(confidence[i])) {
                v = logit(predicted[i] == y ? confidence[i] : 1 - confidence[i]);
            } else if (!Float.isNaN(loss[i])) {
                v = logit(Math.exp(-loss[i]));
            } else {
                v = 0;
            }
            phi[i] = v;
        }
        return phi;
    }

    /**
     * The probability each sample of {@code r} gives its true label: the sigmoid of {@link #statistic}, which for
     * two classes is the softmax of the logits, else the confidence (with the released label), else
     * {@code exp(-loss)} (both clamped to [1e-7, 1 - 1e-7]); 0.5 when nothing is released.
     */
    static double[] probabilityOfLabel(Released r) {
        double[] p = statistic(r);
        for (int i = 0; i < p.length; i++) {
            // why: 1 / (1 + e^-φ) is the two-class softmax of the true label without overflow
            p[i] = 1 / (1 + Math.exp(-p[i]));
        }
        return p;
    }

    private static double logit(double p) {
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
        return Math.log(q) - Math.log(1 - q);
    }

    @Override
    public AttackKind kind() {
        return kind;
    }

    @Override
    public FeatureSet features() {
        return kind.fixedFeatures();
    }

    @Override
    public double threshold() {
        return 0;
    }

    @Override
    public double[] score(Released released) {
        double[] phi = statistic(released);
        double[] scores = new double[phi.length];
        for (int k = 0; k < phi.length; k++) {
            Integer i = index.get(released.ids().get(k));
            if (i == null) {
                throw new IllegalArgumentException("sample " + released.ids().get(k) + " was not a LiRA candidate");
            }
            double zOut = (phi[k] - meanOut[i]) / sigmaOut[i];
            if (meanIn == null) {
                scores[k] = zOut;
            } else {
                double zIn = (phi[k] - meanIn[i]) / sigmaIn[i];
                scores[k] = -0.5 * zIn * zIn - Math.log(sigmaIn[i]) + 0.5 * zOut * zOut + Math.log(sigmaOut[i]);
            }
        }
        return scores;
    }
}
