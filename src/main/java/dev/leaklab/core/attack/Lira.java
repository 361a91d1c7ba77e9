package dev.leaklab.core.attack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The likelihood-ratio attack (Carlini et al. 2022, "Membership Inference Attacks From First Principles").
 * Its statistic is the logit-scaled confidence in the true label, {@code φ = log(p_y / (1 - p_y))}, which for
 * two classes is the margin between the true and the other logit. Reference models give, for each candidate,
 * the distribution of φ when the candidate was not trained on (offline) and also when it was (online); a
 * Gaussian with one variance pooled over all candidates (the fixed-variance form the paper recommends when
 * reference models are few) is fitted to each.
 *
 * <p>Offline the score is {@code (φ - μ_out) / σ_out}, how far above the non-member mean the candidate sits;
 * online it is the log likelihood ratio {@code log N(φ; μ_in, σ_in) - log N(φ; μ_out, σ_out)}. Both have a
 * natural threshold of 0 (the non-member median offline, a likelihood ratio of 1 online), which this attack
 * uses in place of one tuned on shadow data.
 *
 * <p>When the defence withholds the logits, φ is taken from the confidence (with the released label), and
 * failing that from the loss: LiRA reads whatever is released.
 */
public final class Lira implements TrainedAttack {

    private final AttackKind kind;
    private final Map<String, Integer> index;
    private final double[] meanOut;
    private final double[] meanIn;
    private final double sigmaOut;
    private final double sigmaIn;

    private Lira(AttackKind kind, Map<String, Integer> index, double[] meanOut, double[] meanIn, double sigmaOut,
                 double sigmaIn) {
        this.kind = kind;
        this.index = index;
        this.meanOut = meanOut;
        this.meanIn = meanIn;
        this.sigmaOut = sigmaOut;
        this.sigmaIn = sigmaIn;
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
        double ssIn = 0;
        double ssOut = 0;
        int nIn = 0;
        int nOut = 0;
        for (int m = 0; m < references.size(); m++) {
            for (int i = 0; i < n; i++) {
                double v = phi[m][i];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (online && members.get(m).contains(candidates.get(i))) {
                    ssIn += (v - meanIn[i]) * (v - meanIn[i]);
                    nIn++;
                } else {
                    ssOut += (v - meanOut[i]) * (v - meanOut[i]);
                    nOut++;
                }
            }
        }
        double sigmaOut = Math.max(1e-6, Math.sqrt(ssOut / Math.max(1, nOut - n)));
        double sigmaIn = online ? Math.max(1e-6, Math.sqrt(ssIn / Math.max(1, nIn - n))) : sigmaOut;
        if (nOut <= n || (online && nIn <= n)) {
            // why: with one model a side there is no spread within a candidate; use the spread across them
            sigmaOut = Math.max(1e-6, std(meanOut));
            sigmaIn = online ? Math.max(1e-6, std(meanIn)) : sigmaOut;
        }
        return new Lira(online ? AttackKind.LIRA_ONLINE : AttackKind.LIRA_OFFLINE, index, meanOut,
                online ? meanIn : null, sigmaOut, sigmaIn);
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
            double zOut = (phi[k] - meanOut[i]) / sigmaOut;
            if (meanIn == null) {
                scores[k] = zOut;
            } else {
                double zIn = (phi[k] - meanIn[i]) / sigmaIn;
                scores[k] = -0.5 * zIn * zIn - Math.log(sigmaIn) + 0.5 * zOut * zOut + Math.log(sigmaOut);
            }
        }
        return scores;
    }
}
