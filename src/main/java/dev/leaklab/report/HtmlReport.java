package dev.leaklab.report;

import dev.leaklab.LeakLabVersion;
import dev.leaklab.core.Json;
import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.defense.Utility;
import dev.leaklab.core.experiment.AttackResult;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.experiment.FrontierPoint;
import dev.leaklab.core.experiment.NearDuplicateReport;
import dev.leaklab.core.io.AtomicFiles;
import dev.leaklab.core.metrics.BootstrapIntervals;
import dev.leaklab.core.metrics.ClassificationMetrics;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.ModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.JFreeChart;

/**
 * Writes one experiment run as a single self-contained HTML5 page: the data, the models' utility, the
 * strongest attack with its ROC curves and score histogram, every attack, the privacy-utility frontier, the
 * headline attack's slices and the run's provenance.
 *
 * <p>The page stands alone: its charts are PNGs embedded as base64 {@code data:} URIs, its style is inline, and
 * it holds no scripts and loads nothing from the network (its Content-Security-Policy forbids both). Every
 * text that comes from the data or the settings is HTML-escaped.
 */
public final class HtmlReport {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    // why: a page shared by e-mail is opened offline and on paper; no fonts to fetch, print rules included.
    // Charts are never shown wider than drawn (900 px, max-width), so a lone one is not blown up and blurred.
    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   line-height: 1.45; color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 1100px;
                   padding: 1.5rem 1.25rem 3rem; }
            h1 { font-size: 1.8rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
            h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ccc; }
            h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
            p.meta { color: #555; margin: .2rem 0; }
            p.warning { background: #fff4e0; border-left: 4px solid #e07b1f; padding: .4rem .7rem; }
            nav ol { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; list-style: none; margin: 1rem 0; }
            nav a { color: #0b5cad; text-decoration: none; }
            table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem; }
            th, td { border: 1px solid #d6d6d6; padding: .3rem .55rem; text-align: left; vertical-align: top; }
            thead th { background: #f3f3f3; }
            tbody th { font-weight: 600; background: #fafafa; }
            .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.marked td, tr.marked th { background: #fff4e5; font-weight: 600; }
            .wide { overflow-x: auto; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.2rem; margin: .5rem 0 1rem; }
            dt { font-weight: 600; }
            dd { margin: 0; overflow-wrap: anywhere; }
            code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .86rem; }
            pre { background: #f6f6f6; border: 1px solid #e0e0e0; padding: .8rem; overflow-x: auto;
                  white-space: pre-wrap; overflow-wrap: anywhere; }
            .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
            figure { margin: .5rem 0 1rem; }
            figure img { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
            figcaption { color: #555; font-size: .88rem; margin-top: .3rem; }
            .note { color: #555; }
            @media print {
              body { max-width: none; padding: 0; font-size: 10pt; }
              nav { display: none; }
              a { color: inherit; }
              h2 { break-after: avoid; }
              table, figure, dl, tr { break-inside: avoid; }
              .charts { grid-template-columns: 1fr 1fr; }
              .wide { overflow: visible; }
            }
            """;

    private HtmlReport() {
    }

    /**
     * Writes a self-contained HTML report of one experiment run (charts embedded as base64 PNG data URIs, no
     * external files, no scripts, no network). Written to a temp file beside {@code html} then moved
     * atomically into place.
     *
     * @param results the run to report
     * @param html    the file to write; its folder is created if missing, an existing file is replaced
     * @throws IOException if a chart or the page cannot be written
     */
    public static void write(ExperimentResults results, Path html) throws IOException {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(html, "html");
        String page = render(results);
        Path target = html.toAbsolutePath();
        Files.createDirectories(target.getParent());
        AtomicFiles.standard().write(target, page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The ROC curves the command line and the report draw for the headline attack: the undefended curve, then
     * each of its defended curves (the plain and the adaptive attacker against the experiment's defence), each
     * named with its AUC and TPR at 1% FPR.
     *
     * @param results the run
     * @return at least the undefended curve; names are distinct
     */
    public static List<Charts.RocSeries> headlineRocSeries(ExperimentResults results) {
        AttackResult headline = results.headlineResult();
        List<Charts.RocSeries> series = new ArrayList<>();
        Set<String> names = new HashSet<>();
        addRoc(series, names, "undefended", headline.metrics(), headline.intervals());
        for (AttackResult r : results.attacks()) {
            if (r.attack() == headline.attack() && r.features().equals(headline.features())
                    && "defended".equals(r.role())) {
                String name = (r.adaptive() ? "NMID, adaptive attacker" : "NMID") + " (σ="
                        + Charts.sigma(r.sigma()) + ")";
                addRoc(series, names, name, r.metrics(), r.intervals());
            }
        }
        return series;
    }

    private static void addRoc(List<Charts.RocSeries> series, Set<String> names, String name, AttackMetrics m,
                               BootstrapIntervals ci) {
        String label = ci == null
                ? String.format(Locale.ROOT, "%s: AUC %.3f, TPR@1%%FPR %.3f", name, m.auc(), m.tprAt1pctFpr())
                : String.format(Locale.ROOT, "%s: AUC %.3f [%.3f, %.3f], TPR@1%%FPR %.3f [%.3f, %.3f]", name, m.auc(),
                        ci.auc().low(), ci.auc().high(), m.tprAt1pctFpr(), ci.tprAt1pctFpr().low(),
                        ci.tprAt1pctFpr().high());
        // why: Charts refuses two curves of one name; a repeated setting adds nothing to the picture
        if (names.add(label)) {
            series.add(new Charts.RocSeries(label, m.roc().fpr(), m.roc().tpr()));
        }
    }

    // ---------------------------------------------------------------- page

    /** The whole page. */
    static String render(ExperimentResults results) throws IOException {
        StringBuilder b = new StringBuilder(256 * 1024);
        String title = "LeakLab report: " + results.project().name();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // why: belt and braces to the escaping: even a slip could neither run a script nor fetch a thing
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("img-src data:; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"generator\" content=\"LeakLab ").append(escape(LeakLabVersion.get()))
                .append("\">\n<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        header(b, results, title);
        b.append("<main>\n");
        data(b, results);
        models(b, results);
        strongestAttack(b, results);
        allAttacks(b, results);
        frontier(b, results);
        slices(b, results);
        provenance(b, results);
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, ExperimentResults results, String title) {
        b.append("<header>\n<h1>").append(escape(title)).append("</h1>\n");
        String description = results.project().description();
        if (description != null && !description.isBlank()) {
            b.append("<p>").append(escape(description)).append("</p>\n");
        }
        b.append("<p class=\"meta\">Finished ").append(time(results.finished())).append(" · LeakLab ")
                .append(escape(LeakLabVersion.get())).append("</p>\n");
        b.append("<nav aria-label=\"Sections\"><ol>");
        for (String[] s : new String[][] {{"data", "Data"}, {"models", "Models"},
                {"strongest-attack", "Strongest attack"}, {"all-attacks", "All attacks"},
                {"frontier", "Privacy-utility frontier"}, {"slices", "Slices"}, {"provenance", "Provenance"}}) {
            b.append("<li><a href=\"#").append(s[0]).append("\">").append(s[1]).append("</a></li>");
        }
        b.append("</ol></nav>\n");
        for (String warning : results.warnings()) {
            b.append("<p class=\"warning\" role=\"note\"><strong>Warning:</strong> ").append(escape(warning))
                    .append("</p>\n");
        }
        b.append("</header>\n");
    }

    private static void data(StringBuilder b, ExperimentResults results) {
        section(b, "data", "Data");
        int[] sizes = results.subsetSizes();
        b.append("<table>\n<tbody>\n");
        countRow(b, "Samples", results.dedup().samples());
        countRow(b, "Duplicates removed (" + results.split().dedupMode() + ")", results.dedup().duplicatesRemoved());
        if (results.dedup().nearRemoved() > 0) {
            countRow(b, "of which near-duplicates", results.dedup().nearRemoved());
        }
        String[] subsets = {"Target members (target-in)", "Target non-members (target-out)",
            "Shadow members (shadow-in)", "Shadow non-members (shadow-out)"};
        for (int i = 0; i < subsets.length && i < sizes.length; i++) {
            countRow(b, subsets[i], sizes[i]);
        }
        b.append("</tbody>\n</table>\n");
        NearDuplicateReport near = results.nearDuplicates();
        if (near != null) {
            b.append("<p id=\"near-duplicates\">Near-duplicates between the target's members and non-members (Jaccard "
                    + "similarity of token 4-grams at least ").append(fmt(near.threshold())).append("): ")
                    .append(near.pairs()).append(" pairs; ").append(near.members()).append(" members and ")
                    .append(near.nonMembers()).append(" non-members have one. The strongest attack's AUC is ")
                    .append(fmt(near.auc())).append(" on all of them and ")
                    .append(Double.isNaN(near.aucWithout()) ? "cannot be measured" : fmt(near.aucWithout()))
                    .append(" without those samples: the difference is the part of the leak that is duplicated code"
                            + ".</p>\n");
        }
        b.append("</section>\n");
    }

    private static void countRow(StringBuilder b, String name, int value) {
        b.append("<tr><th scope=\"row\">").append(escape(name)).append("</th>").append(count(value))
                .append("</tr>\n");
    }

    private static void models(StringBuilder b, ExperimentResults results) {
        section(b, "models", "Models");
        b.append("<table>\n<thead><tr><th scope=\"col\">Model</th>").append(thNum("Accuracy"))
                .append(thNum("Precision")).append(thNum("Recall")).append(thNum("F1")).append(thNum("AUC"))
                .append("</tr></thead>\n<tbody>\n");
        utilityRow(b, "Target (on target-out)", results.target());
        utilityRow(b, "Shadow (on shadow-out)", results.shadow());
        b.append("</tbody>\n</table>\n");
        ModelConfig c = results.config();
        b.append("<dl>\n");
        term(b, "Architecture", c.architecture().id());
        term(b, "Embedding size", Integer.toString(c.embeddingSize()));
        term(b, "Hidden size", Integer.toString(c.hiddenSize()));
        term(b, c.architecture() == Architecture.CODEBERT ? "Encoder blocks" : "Layers", Integer.toString(c.layers()));
        if (c.architecture() == Architecture.CODEBERT) {
            term(b, "Attention heads", Integer.toString(c.heads()));
        }
        term(b, "Max length (tokens)", Integer.toString(c.maxLength()));
        term(b, "Epochs", Integer.toString(c.epochs()));
        term(b, "Shadow models", Integer.toString(results.project().shadowModels()));
        if (c.pretrained() != null) {
            term(b, "Pretrained from", c.pretrained() + (c.freezeEncoder() ? " (encoder frozen)" : ""));
        }
        term(b, "Training", results.modelsReused() ? "reused from an earlier run"
                : String.format(Locale.ROOT, "%.1f s", results.trainSeconds()));
        b.append("</dl>\n</section>\n");
    }

    private static void utilityRow(StringBuilder b, String name, ClassificationMetrics m) {
        b.append("<tr><th scope=\"row\">").append(escape(name)).append("</th>").append(num(m.accuracy()))
                .append(num(m.precision())).append(num(m.recall())).append(num(m.f1())).append(num(m.auc()))
                .append("</tr>\n");
    }

    private static void strongestAttack(StringBuilder b, ExperimentResults results) throws IOException {
        section(b, "strongest-attack", "Strongest attack");
        AttackResult h = results.headlineResult();
        AttackMetrics m = h.metrics();
        BootstrapIntervals ci = h.intervals();
        b.append("<p>").append(code(h.attackName())).append(" on ").append(escape(h.features().name()))
                .append(", undefended: AUC ").append(fmt(m.auc())).append(ci == null ? "" : " " + range(ci.auc()))
                .append(", TPR at 1% FPR ").append(fmt(m.tprAt1pctFpr()))
                .append(ci == null ? "" : " " + range(ci.tprAt1pctFpr()))
                .append(", TPR at 0.1% FPR ").append(fmt(m.tprAt01pctFpr()))
                .append(ci == null ? "" : " " + range(ci.tprAt01pctFpr()))
                .append(", advantage ").append(fmt(m.advantage())).append(".</p>\n");
        b.append("<p class=\"note\">The strongest attack is the one with the highest AUC on the target's members "
                + "and non-members, the samples it is scored on: an attacker who must choose beforehand does no "
                + "better, so read its figure as an upper estimate, and each attack's own row as what that attack "
                + "achieves.</p>\n");
        if (ci != null) {
            b.append("<p class=\"note\">In brackets: ").append(Math.round(ci.level() * 100))
                    .append("% bootstrap intervals (").append(ci.resamples()).append(" resamples). TPR at 1% FPR rests on ")
                    .append(fewest(ci.nonMembersAt1pctFpr())).append(" and at 0.1% FPR on ")
                    .append(fewest(ci.nonMembersAt01pctFpr())).append(ci.tprAt01pctFprUnresolved()
                            ? ": fewer than one, so TPR at 0.1% FPR is the TPR at no false positive at all, finer "
                            + "than these non-members can resolve" : "").append(".</p>\n");
        }
        List<Charts.RocSeries> series = headlineRocSeries(results);
        String attack = h.attackName() + " on " + h.features().name();
        String title = "Membership attack: " + attack;
        b.append("<div class=\"charts\">\n");
        figure(b, embed(Charts.rocChart(title, series, false)),
                "ROC curves of the membership attack " + attack + ", undefended and under the NMID defence",
                "ROC curves on linear axes; the dashed diagonal is a blind guess.");
        figure(b, embed(Charts.rocChart(title + " (log-log)", series, true)),
                "The same ROC curves on log-log axes, showing the low false-positive regime",
                "The same curves on log-log axes: how many members the attack finds at very few false alarms.");
        b.append("</div>\n");
        double[] members = finite(results.memberScores());
        double[] nonMembers = finite(results.nonMemberScores());
        if (members.length > 0 && nonMembers.length > 0) {
            figure(b, embed(Charts.histogramChart("Attack scores, undefended: "
                            + h.features().name(), members, nonMembers)),
                    "Histogram of the attack's scores on target members and non-members",
                    "Attack scores of members and non-members; the less they overlap, the more the model leaks.");
        } else {
            b.append("<p class=\"note\">No finite attack scores to draw.</p>\n");
        }
        b.append("</section>\n");
    }

    private static void allAttacks(StringBuilder b, ExperimentResults results) {
        section(b, "all-attacks", "All attacks");
        b.append("<div class=\"wide\">\n<table id=\"all-attacks-table\">\n<thead><tr>").append(th("Attack"))
                .append(th("Features")).append(th("Role")).append(thNum("σ")).append(th("Adaptive"))
                .append(thNum("Queries")).append(thNum("AUC")).append(thNum("AUC 95% interval")).append(thNum("TPR@1%FPR"))
                .append(thNum("TPR@0.1%FPR")).append(thNum("Advantage")).append(thNum("Attack F1"))
                .append(thNum("Utility F1")).append(thNum("Label-flip rate")).append("</tr></thead>\n<tbody>\n");
        AttackResult headline = results.headlineResult();
        for (AttackResult r : results.attacks()) {
            if (!"sweep".equals(r.role())) {
                attackRow(b, r, r == headline);
            }
        }
        b.append("</tbody>\n</table>\n</div>\n<p class=\"note\">The highlighted row is the strongest attack. "
                + "Utility is the target's on its non-members under the defence.</p>\n</section>\n");
    }

    private static void attackRow(StringBuilder b, AttackResult r, boolean marked) {
        AttackMetrics m = r.metrics();
        Utility u = r.utility();
        b.append(marked ? "<tr class=\"marked\">" : "<tr>").append(td(r.attackName()))
                .append(td(r.features().name())).append(td(r.role()))
                .append(r.defense() == null ? "<td class=\"num\"></td>" : sigmaCell(r.defense().sigma()))
                .append(td(r.adaptive() ? "yes" : "no")).append(count(r.queries())).append(num(m.auc()))
                .append(r.intervals() == null ? "<td class=\"num\"></td>"
                        : "<td class=\"num\">" + range(r.intervals().auc()) + "</td>")
                .append(num(m.tprAt1pctFpr())).append(num(m.tprAt01pctFpr())).append(num(m.advantage()))
                .append(num(m.f1())).append(num(u.f1())).append(num(u.labelFlipRate())).append("</tr>\n");
    }

    private static void frontier(StringBuilder b, ExperimentResults results) throws IOException {
        section(b, "frontier", "Privacy-utility frontier");
        List<FrontierPoint> frontier = results.frontier();
        if (frontier.isEmpty()) {
            b.append("<p class=\"note\">This experiment swept no sigmas.</p>\n</section>\n");
            return;
        }
        Double highlight = highlightSigma(results);
        List<Charts.FrontierPoint> points = new ArrayList<>();
        for (FrontierPoint p : frontier) {
            // why: Charts refuses NaN; a point without a number has no place on the chart, only in the table
            if (Double.isFinite(p.attackAuc()) && Double.isFinite(p.utilityF1())) {
                points.add(new Charts.FrontierPoint(p.sigma(), p.attackAuc(), p.utilityF1()));
            }
        }
        if (!points.isEmpty()) {
            Double mark = points.stream().anyMatch(p -> highlight != null && p.sigma() == highlight)
                    ? highlight : null;
            figure(b, embed(Charts.frontierChart("Privacy-utility frontier (NMID sigma sweep)", points,
                            mark)),
                    "Privacy-utility frontier: attack AUC against utility F1 for each sigma of the sweep",
                    "Each point is one noise level σ; up and to the left is better: more utility, less leakage.");
        }
        frontierTable(b, frontier, highlight);
        b.append("</section>\n");
    }

    private static void frontierTable(StringBuilder b, List<FrontierPoint> frontier, Double highlight) {
        b.append("<table>\n<thead><tr>").append(thNum("σ")).append(thNum("Attack AUC"))
                .append(thNum("Adaptive attack AUC")).append(thNum("Utility F1")).append(thNum("Accuracy"))
                .append(thNum("Label-flip rate")).append("</tr></thead>\n<tbody>\n");
        for (FrontierPoint p : frontier) {
            boolean marked = highlight != null && p.sigma() == highlight;
            b.append(marked ? "<tr class=\"marked\">" : "<tr>").append(sigmaCell(p.sigma()))
                    .append(num(p.attackAuc())).append(num(p.adaptiveAttackAuc())).append(num(p.utilityF1()))
                    .append(num(p.utilityAccuracy())).append(num(p.labelFlipRate())).append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (highlight != null) {
            b.append("<p class=\"note\">The highlighted row is the experiment's own defence setting.</p>\n");
        }
    }

    /** The experiment's sigma when the sweep holds it, else {@code null}. */
    private static Double highlightSigma(ExperimentResults results) {
        double setting = results.project().defense().toSettings(0).sigma();
        // why: the same tolerance as the command line's chart, so both mark the same point
        return results.frontier().stream().map(FrontierPoint::sigma).filter(s -> Math.abs(s - setting) < 1e-12)
                .findFirst().orElse(null);
    }

    private static void slices(StringBuilder b, ExperimentResults results) {
        section(b, "slices", "Slices");
        List<AttackResult.Slice> slices = results.headlineResult().slices();
        if (slices.isEmpty()) {
            b.append("<p class=\"note\">No slices were computed for the strongest attack.</p>\n</section>\n");
            return;
        }
        b.append("<p>The strongest attack, undefended, on each slice of the target's samples.</p>\n")
                .append("<table>\n<thead><tr>").append(th("By")).append(th("Value")).append(thNum("Members"))
                .append(thNum("Non-members")).append(thNum("AUC")).append(thNum("TPR@1%FPR"))
                .append(thNum("Advantage")).append("</tr></thead>\n<tbody>\n");
        for (AttackResult.Slice s : slices) {
            b.append("<tr>").append(td(s.by())).append(td(s.value())).append(count(s.members()))
                    .append(count(s.nonMembers())).append(num(s.auc())).append(num(s.tprAt1pctFpr()))
                    .append(num(s.advantage())).append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void provenance(StringBuilder b, ExperimentResults results) throws IOException {
        section(b, "provenance", "Provenance");
        b.append("<dl>\n");
        if (results.audit() != null) {
            dev.leaklab.core.experiment.AuditInfo a = results.audit();
            term(b, "Audited model", a.description());
            termCode(b, "Source", a.source());
            term(b, "Outputs given", String.join(", ", a.given()));
            term(b, "Outputs derived", a.derived().isEmpty() ? "none" : String.join(", ", a.derived()));
            term(b, "Members", a.members());
            term(b, "Attacker's shadow outputs", a.shadow());
        }
        termCode(b, "Data hash (SHA-256)", results.dataHash());
        termCode(b, "Training key", results.trainingKey());
        term(b, "LeakLab", LeakLabVersion.get());
        term(b, "Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        term(b, "OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        term(b, "Seeds", "experiment " + results.project().seed() + ", split " + results.split().seed()
                + ", model " + results.config().seed());
        b.append("<dt>Started</dt><dd>").append(time(results.started())).append("</dd>\n");
        b.append("<dt>Finished</dt><dd>").append(time(results.finished())).append("</dd>\n");
        term(b, "Duration", duration(Duration.between(results.started(), results.finished())));
        b.append("</dl>\n<h3>Settings</h3>\n<pre>")
                .append(escape(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results.project())))
                .append("</pre>\n</section>\n");
    }

    // ---------------------------------------------------------------- charts

    /**
     * A chart as a PNG data URI, rendered in memory. Why not through a temporary file: writing a report must
     * create nothing but the report (see {@link dev.leaklab.core.experiment.ProjectSpec} on where LeakLab writes).
     */
    private static String embed(JFreeChart chart) throws IOException {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Charts.png(chart));
    }

    private static void figure(StringBuilder b, String dataUri, String alt, String caption) {
        b.append("<figure>\n<img src=\"").append(dataUri).append("\" width=\"").append(Charts.WIDTH)
                .append("\" height=\"").append(Charts.HEIGHT).append("\" alt=\"").append(escape(alt))
                .append("\">\n<figcaption>").append(escape(caption)).append("</figcaption>\n</figure>\n");
    }

    private static double[] finite(double[] scores) {
        return scores == null ? new double[0] : Arrays.stream(scores).filter(Double::isFinite).toArray();
    }

    // ---------------------------------------------------------------- html bits

    /**
     * {@code text} with the five characters that mean something in HTML ({@code & < > " '}) replaced by
     * entities, safe in element content and in quoted attribute values; {@code null} gives the empty string.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String id, String heading) {
        b.append("<section id=\"").append(id).append("\" aria-labelledby=\"").append(id).append("-h\">\n<h2 id=\"")
                .append(id).append("-h\">").append(escape(heading)).append("</h2>\n");
    }

    private static void term(StringBuilder b, String name, String value) {
        b.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static void termCode(StringBuilder b, String name, String value) {
        b.append("<dt>").append(escape(name)).append("</dt><dd>").append(code(value)).append("</dd>\n");
    }

    private static String code(String text) {
        return "<code>" + escape(text) + "</code>";
    }

    private static String th(String name) {
        return "<th scope=\"col\">" + escape(name) + "</th>";
    }

    private static String thNum(String name) {
        return "<th scope=\"col\" class=\"num\">" + escape(name) + "</th>";
    }

    private static String td(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    private static String num(double v) {
        return "<td class=\"num\">" + fmt(v) + "</td>";
    }

    private static String count(int n) {
        return "<td class=\"num\">" + String.format(Locale.ROOT, "%,d", n) + "</td>";
    }

    private static String sigmaCell(double sigma) {
        return "<td class=\"num\">" + escape(Charts.sigma(sigma)) + "</td>";
    }

    /** A number with 3 decimals, or nothing for NaN (a metric that was not or could not be computed). */
    /** An interval as {@code [0.612, 0.655]}. */
    private static String range(BootstrapIntervals.Interval i) {
        return "[" + fmt(i.low()) + ", " + fmt(i.high()) + "]";
    }

    /** How many non-members an FPR allows as false positives, in words. */
    private static String fewest(double n) {
        return (n == Math.rint(n) ? String.valueOf((long) n) : String.format(Locale.ROOT, "%.1f", n))
                + " non-member" + (n == 1 ? "" : "s");
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String time(Instant t) {
        return "<time datetime=\"" + escape(t.toString()) + "\">" + escape(TIME.format(t)) + "</time>";
    }

    private static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
