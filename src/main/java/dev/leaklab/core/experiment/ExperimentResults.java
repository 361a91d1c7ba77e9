package dev.leaklab.core.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.LeakLabVersion;
import dev.leaklab.core.Json;
import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.data.DedupReport;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.SplitSpec;
import dev.leaklab.core.defense.DefenseEvaluator;
import dev.leaklab.core.defense.DefenseSettings;
import dev.leaklab.core.defense.Utility;
import dev.leaklab.core.metrics.ClassificationMetrics;
import dev.leaklab.core.metrics.BootstrapIntervals;
import dev.leaklab.core.metrics.RocCurve;
import dev.leaklab.core.model.ModelConfig;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one run of an experiment produced: provenance, the models' utility, every attack result, the
 * privacy-utility frontier, and (in memory only) the evaluators the workbench's sliders drive.
 *
 * @param project        the experiment as run (its dataset possibly replaced)
 * @param config         the target model's configuration
 * @param split          the split
 * @param dedup          what deduplication removed
 * @param subsetSizes    target-in, target-out, shadow-in, shadow-out
 * @param dataHash       SHA-256 of the samples (ids, labels, code) in order
 * @param trainingKey    SHA-256 of everything that decides the trained models
 * @param started        when the run started
 * @param finished       when it finished
 * @param target         the target's utility on target-out
 * @param shadow         the shadow models' utility on shadow-out
 * @param trainSeconds   seconds spent training (0 for reused models)
 * @param modelsReused   whether trained models were found from an earlier run
 * @param attacks        every result, in order
 * @param headline       the index into {@code attacks} of the undefended result the frontier follows
 * @param frontier       one point a sigma of the sweep
 * @param memberScores   the headline attack's undefended scores on target members
 * @param nonMemberScores  on target non-members
 * @param evaluators     per attack entry ({@code attack/features}), the evaluator for interactive use
 * @param targetSamples  the target's samples, members first, in the evaluators' order
 * @param warnings       what the numbers cannot show, one line each (an attack whose scores are all equal, say)
 * @param audit          what an audit of a model trained elsewhere used, or {@code null} when LeakLab trained it
 * @param nearDuplicates the target's member / non-member near-duplicates and the strongest attack without them,
 *                       or {@code null} when the code is not known
 */
public record ExperimentResults(ProjectSpec project, ModelConfig config, SplitSpec split, DedupReport dedup,
                                int[] subsetSizes, String dataHash, String trainingKey, Instant started,
                                Instant finished, ClassificationMetrics target, ClassificationMetrics shadow,
                                double trainSeconds, boolean modelsReused, List<AttackResult> attacks, int headline,
                                List<FrontierPoint> frontier, double[] memberScores, double[] nonMemberScores,
                                Map<String, DefenseEvaluator> evaluators, List<NormalizedSample> targetSamples,
                                List<String> warnings, AuditInfo audit, NearDuplicateReport nearDuplicates) {

    /** The version of results.json this LeakLab writes. */
    public static final int SCHEMA_VERSION = 1;

    /** The undefended result the frontier follows. */
    public AttackResult headlineResult() {
        return attacks.get(headline);
    }

    /**
     * The key of an attack entry in {@link #evaluators()}: {@code attack/features}, the attack named with its
     * reference models when it has them ({@code rmia-offline k=16/logits}).
     */
    public static String key(AttackResult r) {
        return r.attackName() + "/" + r.features().name();
    }

    /** The undefended result of an attack entry. */
    public AttackResult undefended(String key) {
        for (AttackResult r : attacks) {
            if ("undefended".equals(r.role()) && key(r).equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no attack " + key + " in these results");
    }

    /** The frontier of an attack entry: its sweep results, one point a sigma. */
    public List<FrontierPoint> frontier(String key) {
        return frontier(attacks, undefended(key));
    }

    /** The sweep points of the entry of {@code undefended} among {@code results}. */
    static List<FrontierPoint> frontier(List<AttackResult> results, AttackResult undefended) {
        List<FrontierPoint> points = new java.util.ArrayList<>();
        String key = key(undefended);
        for (AttackResult r : results) {
            if (!key(r).equals(key) || !"sweep".equals(r.role()) || r.adaptive()) {
                continue;
            }
            double adaptiveAuc = Double.NaN;
            for (AttackResult a : results) {
                if (key(a).equals(key) && "sweep".equals(a.role()) && a.adaptive() && a.sigma() == r.sigma()) {
                    adaptiveAuc = a.metrics().auc();
                }
            }
            points.add(new FrontierPoint(r.sigma(), r.metrics().auc(), adaptiveAuc, r.utility().f1(),
                    r.utility().accuracy(), r.utility().labelFlipRate()));
        }
        return points;
    }

    /** results.json. */
    public ObjectNode toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        com.fasterxml.jackson.databind.node.ArrayNode warned = root.putArray("warnings");
        if (warnings != null) {
            warnings.forEach(warned::add);
        }
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("leaklab", LeakLabVersion.get());
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        provenance.put("dataHash", dataHash);
        provenance.put("trainingKey", trainingKey);
        provenance.put("modelsReused", modelsReused);
        provenance.put("started", started.toString());
        provenance.put("finished", finished.toString());
        ObjectNode seeds = provenance.putObject("seeds");
        seeds.put("experiment", project.seed());
        seeds.put("split", split.seed());
        seeds.put("model", config.seed());
        provenance.set("settings", Json.mapper().valueToTree(project));
        provenance.set("model", Json.mapper().valueToTree(config));
        if (audit != null) {
            root.set("audit", Json.mapper().valueToTree(audit));
        }
        ObjectNode data = root.putObject("data");
        data.put("samples", dedup.samples());
        data.put("duplicatesRemoved", dedup.duplicatesRemoved());
        data.put("dedup", split.dedupMode());
        if (dedup.nearRemoved() > 0) {
            data.put("nearDuplicatesRemoved", dedup.nearRemoved());
        }
        data.put("targetIn", subsetSizes[0]);
        data.put("targetOut", subsetSizes[1]);
        data.put("shadowIn", subsetSizes[2]);
        data.put("shadowOut", subsetSizes[3]);
        root.set("target", utility(target, trainSeconds));
        root.set("shadow", utility(shadow, Double.NaN));
        root.put("headline", headline);
        // why: the strongest attack is picked by its AUC on the very samples it is scored on; say so
        root.put("headlineChosenOn", "evaluation");
        if (nearDuplicates != null) {
            ObjectNode nd = root.putObject("nearDuplicates");
            nd.put("threshold", nearDuplicates.threshold());
            nd.put("pairs", nearDuplicates.pairs());
            nd.put("members", nearDuplicates.members());
            nd.put("nonMembers", nearDuplicates.nonMembers());
            nd.put("auc", nearDuplicates.auc());
            if (Double.isNaN(nearDuplicates.aucWithout())) {
                nd.putNull("aucWithout");
            } else {
                nd.put("aucWithout", nearDuplicates.aucWithout());
            }
            nd.put("membersLeft", nearDuplicates.membersLeft());
            nd.put("nonMembersLeft", nearDuplicates.nonMembersLeft());
        }
        ArrayNode list = root.putArray("attacks");
        for (AttackResult r : attacks) {
            list.add(attack(r));
        }
        ArrayNode front = root.putArray("frontier");
        for (FrontierPoint p : frontier) {
            ObjectNode o = front.addObject();
            o.put("sigma", p.sigma());
            o.put("attackAuc", p.attackAuc());
            if (!Double.isNaN(p.adaptiveAttackAuc())) {
                o.put("adaptiveAttackAuc", p.adaptiveAttackAuc());
            }
            o.put("utilityF1", p.utilityF1());
            o.put("utilityAccuracy", p.utilityAccuracy());
            o.put("labelFlipRate", p.labelFlipRate());
        }
        return root;
    }

    private static ObjectNode utility(ClassificationMetrics m, double seconds) {
        ObjectNode o = Json.mapper().createObjectNode();
        ObjectNode u = o.putObject("utility");
        u.put("accuracy", m.accuracy());
        u.put("precision", m.precision());
        u.put("recall", m.recall());
        u.put("f1", m.f1());
        u.put("auc", m.auc());
        if (!Double.isNaN(seconds)) {
            o.put("trainSeconds", seconds);
        }
        return o;
    }

    private static ObjectNode attack(AttackResult r) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("attack", r.attack().id());
        if (r.referenceModels() != null) {
            o.put("referenceModels", r.referenceModels());
        }
        ArrayNode f = o.putArray("features");
        r.features().ids().forEach(f::add);
        o.put("role", r.role());
        if (r.defense() == null) {
            o.putNull("defense");
        } else {
            o.set("defense", defense(r.defense()));
        }
        o.put("adaptive", r.adaptive());
        o.put("queries", r.queries());
        AttackMetrics m = r.metrics();
        o.put("auc", m.auc());
        o.put("tprAt1pctFpr", m.tprAt1pctFpr());
        o.put("tprAt01pctFpr", m.tprAt01pctFpr());
        o.put("advantage", m.advantage());
        o.put("threshold", m.threshold());
        o.put("accuracy", m.accuracy());
        o.put("precision", m.precision());
        o.put("recall", m.recall());
        o.put("f1", m.f1());
        if (r.intervals() != null) {
            o.set("intervals", intervals(r.intervals()));
        }
        Utility u = r.utility();
        ObjectNode ut = o.putObject("utility");
        ut.put("accuracy", u.accuracy());
        ut.put("precision", u.precision());
        ut.put("recall", u.recall());
        ut.put("f1", u.f1());
        ut.put("labelFlipRate", u.labelFlipRate());
        if (!r.slices().isEmpty()) {
            ArrayNode s = o.putArray("slices");
            for (AttackResult.Slice slice : r.slices()) {
                ObjectNode n = s.addObject();
                n.put("by", slice.by());
                n.put("value", slice.value());
                n.put("members", slice.members());
                n.put("nonMembers", slice.nonMembers());
                n.put("auc", slice.auc());
                n.put("tprAt1pctFpr", slice.tprAt1pctFpr());
                n.put("advantage", slice.advantage());
            }
        }
        if (!"sweep".equals(r.role())) {
            RocCurve thin = m.roc().thinned(200);
            ObjectNode roc = o.putObject("roc");
            ArrayNode fpr = roc.putArray("fpr");
            ArrayNode tpr = roc.putArray("tpr");
            for (double v : thin.fpr()) {
                fpr.add(v);
            }
            for (double v : thin.tpr()) {
                tpr.add(v);
            }
        }
        return o;
    }

    /**
     * Bootstrap intervals as JSON: each figure's {@code [low, high]}, the level and resamples, and how many
     * non-members each low FPR allows as false positives (below one, the FPR is finer than the data resolve).
     */
    static ObjectNode intervals(BootstrapIntervals ci) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("level", ci.level());
        o.put("resamples", ci.resamples());
        o.putArray("auc").add(ci.auc().low()).add(ci.auc().high());
        o.putArray("tprAt1pctFpr").add(ci.tprAt1pctFpr().low()).add(ci.tprAt1pctFpr().high());
        o.putArray("tprAt01pctFpr").add(ci.tprAt01pctFpr().low()).add(ci.tprAt01pctFpr().high());
        o.put("nonMembersAt1pctFpr", ci.nonMembersAt1pctFpr());
        o.put("nonMembersAt01pctFpr", ci.nonMembersAt01pctFpr());
        return o;
    }

    /** A defence setting as JSON. */
    public static ObjectNode defense(DefenseSettings d) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("sigma", d.sigma());
        ObjectNode sigmas = o.putObject("sigmas");
        ObjectNode masks = o.putObject("masks");
        for (Feature f : Feature.values()) {
            sigmas.put(f.id(), d.sigma(f));
            masks.put(f.id(), d.mask(f).id());
        }
        o.put("labelPreserving", d.labelPreserving());
        o.put("noise", d.noise().id());
        o.put("decimals", d.decimals());
        o.put("seed", d.seed());
        return o;
    }

    /** results.csv: one row a result, a header first. */
    public String toCsv() {
        StringBuilder b = new StringBuilder("attack,features,role,sigma,labelPreserving,noise,masked,adaptive,queries,"
                + "auc,tprAt1pctFpr,tprAt01pctFpr,advantage,accuracy,precision,recall,f1,utilityAccuracy,"
                + "utilityPrecision,utilityRecall,utilityF1,labelFlipRate,aucLow,aucHigh,tprAt1pctFprLow,"
                + "tprAt1pctFprHigh,tprAt01pctFprLow,tprAt01pctFprHigh\n");
        for (AttackResult r : attacks) {
            DefenseSettings d = r.defense();
            AttackMetrics m = r.metrics();
            Utility u = r.utility();
            StringBuilder masked = new StringBuilder();
            if (d != null) {
                for (Feature f : Feature.values()) {
                    if (d.mask(f) != dev.leaklab.core.defense.Mask.RELEASED) {
                        masked.append(masked.length() == 0 ? "" : "+").append(f.id()).append(':')
                                .append(d.mask(f).id());
                    }
                }
            }
            b.append(r.attack().id()).append(',').append(r.features().name()).append(',').append(r.role()).append(',')
                    .append(d == null ? "" : num(d.sigma())).append(',')
                    .append(d == null ? "" : d.labelPreserving()).append(',')
                    .append(d == null ? "" : d.noise().id()).append(',').append(masked).append(',')
                    .append(r.adaptive()).append(',').append(r.queries());
            for (double v : new double[] {m.auc(), m.tprAt1pctFpr(), m.tprAt01pctFpr(), m.advantage(), m.accuracy(),
                    m.precision(), m.recall(), m.f1(), u.accuracy(), u.precision(), u.recall(), u.f1(),
                    u.labelFlipRate()}) {
                b.append(',').append(num(v));
            }
            BootstrapIntervals ci = r.intervals();
            if (ci == null) {
                b.append(",,,,,,");
            } else {
                for (double v : new double[] {ci.auc().low(), ci.auc().high(), ci.tprAt1pctFpr().low(),
                        ci.tprAt1pctFpr().high(), ci.tprAt01pctFpr().low(), ci.tprAt01pctFpr().high()}) {
                    b.append(',').append(num(v));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
