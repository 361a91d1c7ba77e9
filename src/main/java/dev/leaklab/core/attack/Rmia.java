package dev.leaklab.core.attack;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The relative membership-inference attack, RMIA (Zarifzadeh, Liu and Shokri, "Low-Cost High-Power Membership
 * Inference Attacks", ICML 2024). It compares how much more likely the target model finds a candidate x than
 * reference models do, {@code Pr(x|θ) / Pr(x)}, against the same ratio for population samples z the target
 * never trained on:
 * <pre>
 *   LR(x, z) = (Pr(x|θ) / Pr(x)) / (Pr(z|θ) / Pr(z))        score(x) = fraction of z with LR(x, z) ≥ γ
 * </pre>
 * {@code Pr(x|θ)} is the model's probability of x's true label. {@code Pr(x)} is its mean over reference
 * models: online over all of them (half trained on x); offline over the ones that never saw x, corrected by the
 * paper's linear approximation of the members' side, {@code Pr(x) = ((1 + a) Pr_out(x) + (1 - a)) / 2}.
 * The paper's parameters: γ (the paper's experiments use 1 and 2; 2 here, as the attack is scored by its ROC
 * and γ only moves the decision point), the population size |Z|, and offline {@code a}, which the paper chooses
 * by attacking one reference model with the others. That is done here too, on the attacker's own data: with at
 * least two reference models, {@code a} is the value in 0, 0.1, …, 1 whose attack on reference model 1 (scored
 * on the population samples, whose membership in it the attacker knows) has the highest AUC, and the decision
 * threshold is the best-accuracy one on that same stand-in. The evaluation data decides neither.
 *
 * <p>The population ratios come from the target's undefended answers on Z. Under the NMID defence the score is
 * still a monotone function of the candidate's own ratio, so the ROC, AUC and TPR at any FPR are exactly those
 * of a population queried through the defence; only the decision threshold's accuracy would differ.
 *
 * <p>When the defence withholds the logits, {@code Pr(x|θ)} is taken from the confidence and released label,
 * and failing that from {@code exp(-loss)}.
 */
public final class Rmia implements Recalibrating {

    /** The paper's γ, the factor by which x must beat a population sample to count against it. */
    public static final double DEFAULT_GAMMA = 2;
    /** Offline a when there is no second reference model to choose it with (the paper's usual value). */
    public static final double DEFAULT_A = 0.33;
    /** The most population samples used. */
    public static final int DEFAULT_POPULATION = 2_000;

    private static final double EPSILON = 1e-12;

    private final AttackKind kind;
    private final Map<String, Integer> index;
    private final double[] marginal;
    private final double[] populationRatios;
    private final double gamma;
    private final double a;
    private final double threshold;
    /** What it was fitted on, for {@link #recalibrated}. */
    private List<String> fittedCandidates;
    private Released fittedPopulation;
    private List<Released> fittedReferences;
    private List<Set<String>> fittedMembers;

    private Rmia(AttackKind kind, Map<String, Integer> index, double[] marginal, double[] populationRatios,
                 double gamma, double a, double threshold) {
        this.kind = kind;
        this.index = index;
        this.marginal = marginal;
        this.populationRatios = populationRatios;
        this.gamma = gamma;
        this.a = a;
        this.threshold = threshold;
    }

    /**
     * Fits the attack.
     *
     * @param candidates the samples to be scored later (only their ids are used)
     * @param population the target's clean outputs on the population samples Z (never its training data)
     * @param references each reference model's clean outputs on the candidates and the population samples
     * @param members    each reference model's training ids
     * @param online     whether the reference models were trained with the candidates (half of them each)
     * @param gamma      the paper's γ, positive
     * @throws IllegalArgumentException when there are too few reference models or population samples, or a
     *                                  reference model lacks a candidate's or population sample's outputs
     */
    public static Rmia fit(List<String> candidates, Released population, List<Released> references,
                           List<Set<String>> members, boolean online, double gamma) {
        if (references.size() < (online ? 2 : 1)) {
            throw new IllegalArgumentException("RMIA " + (online ? "online" : "offline") + " needs at least "
                    + (online ? 2 : 1) + " reference models; had " + references.size());
        }
        if (members.size() != references.size()) {
            throw new IllegalArgumentException("one member set per reference model is needed");
        }
        if (population.size() < 2) {
            throw new IllegalArgumentException("RMIA needs population samples; had " + population.size());
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("RMIA's gamma must be positive; was " + gamma);
        }
        List<String> zIds = population.ids();
        double[][] refX = probabilities(references, candidates);
        double[][] refZ = probabilities(references, zIds);
        boolean[][] inZ = membership(members, zIds);
        boolean[][] inX = membership(members, candidates);
        double[] pzTheta = Lira.probabilityOfLabel(population);

        double a = DEFAULT_A;
        double threshold = 0.5;
        int k = references.size();
        if (!online && k >= 2) {
            StandIn best = null;
            for (int step = 0; step <= 10; step++) {
                double tryA = step / 10.0;
                StandIn s = offlineStandIn(refZ, inZ, tryA, gamma);
                if (best == null || s.auc() > best.auc() + 1e-12) {
                    best = s;
                    a = tryA;
                }
            }
            threshold = best.threshold();
        } else if (online && k >= 3) {
            threshold = onlineStandIn(refX, inX, refZ, inZ, gamma).threshold();
        }
        double[] marginal = marginals(refX, inX, online, a, 0);
        double[] pz = marginals(refZ, inZ, online, a, 0);
        double[] ratios = new double[zIds.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = pzTheta[i] / (pz[i] + EPSILON);
        }
        Arrays.sort(ratios);
        Map<String, Integer> index = new HashMap<>(candidates.size() * 2);
        for (int i = 0; i < candidates.size(); i++) {
            index.put(candidates.get(i), i);
        }
        Rmia rmia = new Rmia(online ? AttackKind.RMIA_ONLINE : AttackKind.RMIA_OFFLINE, index, marginal, ratios, gamma,
                a, threshold);
        rmia.fittedCandidates = List.copyOf(candidates);
        rmia.fittedPopulation = population;
        rmia.fittedReferences = List.copyOf(references);
        rmia.fittedMembers = List.copyOf(members);
        return rmia;
    }

    /**
     * RMIA fitted again with its reference models' outputs as {@code references} releases them, and the
     * target's answers on the population samples as {@code target} does.
     */
    @Override
    public TrainedAttack recalibrated(java.util.function.UnaryOperator<Released> references,
                                      java.util.function.UnaryOperator<Released> target) {
        return fit(fittedCandidates, target.apply(fittedPopulation), fittedReferences.stream().map(references).toList(),
                fittedMembers, kind == AttackKind.RMIA_ONLINE, gamma);
    }

    /** What attacking reference model 1 with the others gives: its AUC and best-accuracy threshold. */
    private record StandIn(double auc, double threshold) {
    }

    /**
     * Offline: reference model 1 as the target, the population samples as its candidates (it trained on some
     * of them) and its non-members among them as its population.
     */
    private static StandIn offlineStandIn(double[][] refZ, boolean[][] inZ, double a, double gamma) {
        double[] marginal = marginals(refZ, inZ, false, a, 1);
        int n = marginal.length;
        double[] population = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!inZ[0][i]) {
                population[m++] = refZ[0][i] / (marginal[i] + EPSILON);
            }
        }
        return standIn(refZ[0], marginal, inZ[0], Arrays.copyOf(population, m), gamma);
    }

    /** Online: reference model 1 as the target, scored on the candidates (it trained on half of them). */
    private static StandIn onlineStandIn(double[][] refX, boolean[][] inX, double[][] refZ, boolean[][] inZ,
                                         double gamma) {
        double[] marginalZ = marginals(refZ, inZ, true, 0, 1);
        double[] population = new double[marginalZ.length];
        for (int i = 0; i < population.length; i++) {
            population[i] = refZ[0][i] / (marginalZ[i] + EPSILON);
        }
        return standIn(refX[0], marginals(refX, inX, true, 0, 1), inX[0], population, gamma);
    }

    private static StandIn standIn(double[] p, double[] marginal, boolean[] member, double[] population,
                                   double gamma) {
        if (population.length == 0) {
            return new StandIn(0.5, 0.5);
        }
        Arrays.sort(population);
        int members = 0;
        for (boolean b : member) {
            members += b ? 1 : 0;
        }
        if (members == 0 || members == member.length) {
            return new StandIn(0.5, 0.5);
        }
        double[] in = new double[members];
        double[] out = new double[member.length - members];
        for (int i = 0, x = 0, y = 0; i < p.length; i++) {
            double s = fractionBelow(population, p[i] / (marginal[i] + EPSILON) / gamma);
            if (member[i]) {
                in[x++] = s;
            } else {
                out[y++] = s;
            }
        }
        return new StandIn(AttackMetrics.of(in, out, 0.5).auc(), AttackMetrics.bestThreshold(in, out));
    }

    /**
     * Pr(x) of each sample over reference models {@code from} onwards: online the mean over all of them,
     * offline the mean over those that did not train on it, through the paper's linear correction.
     */
    private static double[] marginals(double[][] probabilities, boolean[][] in, boolean online, double a, int from) {
        int n = probabilities[0].length;
        double[] marginal = new double[n];
        for (int i = 0; i < n; i++) {
            double sumAll = 0;
            int countAll = 0;
            double sumOut = 0;
            int countOut = 0;
            for (int m = from; m < probabilities.length; m++) {
                sumAll += probabilities[m][i];
                countAll++;
                if (!in[m][i]) {
                    sumOut += probabilities[m][i];
                    countOut++;
                }
            }
            if (online) {
                marginal[i] = countAll == 0 ? 0.5 : sumAll / countAll;
            } else {
                // why: a sample every reference model trained on has no out-side; its all-model mean stands in
                double out = countOut > 0 ? sumOut / countOut : countAll > 0 ? sumAll / countAll : 0.5;
                marginal[i] = 0.5 * ((1 + a) * out + (1 - a));
            }
        }
        return marginal;
    }

    private static double[][] probabilities(List<Released> references, List<String> ids) {
        double[][] p = new double[references.size()][];
        for (int m = 0; m < references.size(); m++) {
            Released r = references.get(m);
            Map<String, Integer> at = new HashMap<>(r.size() * 2);
            for (int k = 0; k < r.size(); k++) {
                at.put(r.ids().get(k), k);
            }
            double[] all = Lira.probabilityOfLabel(r);
            double[] values = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                Integer k = at.get(ids.get(i));
                if (k == null) {
                    throw new IllegalArgumentException("reference model " + (m + 1) + " has no outputs for sample "
                            + ids.get(i));
                }
                values[i] = all[k];
            }
            p[m] = values;
        }
        return p;
    }

    private static boolean[][] membership(List<Set<String>> members, List<String> ids) {
        boolean[][] in = new boolean[members.size()][ids.size()];
        for (int m = 0; m < members.size(); m++) {
            for (int i = 0; i < ids.size(); i++) {
                in[m][i] = members.get(m).contains(ids.get(i));
            }
        }
        return in;
    }

    /** The fraction of {@code sorted} values at or below {@code bound}. */
    private static double fractionBelow(double[] sorted, double bound) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo / (double) sorted.length;
    }

    /** Offline a as used (chosen on the attacker's data, or the default). */
    public double a() {
        return a;
    }

    /** The γ used. */
    public double gamma() {
        return gamma;
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
        return threshold;
    }

    /**
     * The fraction of population samples each released sample beats by γ. Candidates that beat the same number
     * are ordered by their own ratio, within one population step: the score is {@code (beaten + t) / (|Z| + 1)}
     * with {@code t} in [0, 1) rising with the ratio, so the ranking is the ratio's, the ROC loses no resolution to
     * the population's size, and the score stays in [0, 1), within {@code 1 / |Z|} of the fraction.
     */
    @Override
    public double[] score(Released released) {
        double[] p = Lira.probabilityOfLabel(released);
        double[] scores = new double[p.length];
        int m = populationRatios.length;
        for (int k = 0; k < p.length; k++) {
            Integer i = index.get(released.ids().get(k));
            if (i == null) {
                throw new IllegalArgumentException("sample " + released.ids().get(k) + " was not an RMIA candidate");
            }
            double ratio = p[k] / (marginal[i] + EPSILON);
            double beaten = fractionBelow(populationRatios, ratio / gamma) * m;
            // why: 1 - 1 / (1 + log1p(r)) rises with r >= 0 and stays below 1
            double tieBreak = 1 - 1 / (1 + Math.log1p(ratio));
            scores[k] = (beaten + tieBreak) / (m + 1);
        }
        return scores;
    }
}
