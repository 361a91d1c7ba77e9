package dev.leaklab.core.experiment;

import dev.leaklab.core.InputException;
import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.audit.ImportedModel;
import dev.leaklab.core.audit.ImportedOutputs;
import dev.leaklab.core.audit.MemberList;
import dev.leaklab.core.audit.ModelInput;
import dev.leaklab.core.audit.OutputsFileReader;
import dev.leaklab.core.data.DataSplit;
import dev.leaklab.core.data.DedupReport;
import dev.leaklab.core.data.Deduplicator;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.SplitSpec;
import dev.leaklab.core.data.Splitter;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.dl4j.KerasImportedModel;
import dev.leaklab.core.model.dl4j.Nd4jNumpyReader;
import dev.leaklab.core.model.onnx.OnnxImportedModel;
import dev.leaklab.core.task.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * The target side of an audit: which samples were the imported model's members and non-members, its outputs
 * on them (read from its outputs file, or by running the model), the attacker's data for shadow and reference
 * models, and what the results must say about it.
 *
 * <h2>Who is a member</h2>
 * An outputs file says it in its role or member column, or a members file lists the ids. For a model run on
 * a dataset: a members file lists the ids it was trained on, and the other samples (less exact duplicates of
 * a member after normalisation) are split, class by class, into target-out (half) and the attacker's shadow-in
 * and shadow-out (a quarter each); without one, LeakLab's own split of the dataset is taken as the one the
 * model was trained on (target-in its members), as when it was trained on `leaklab dataset split`'s subsets.
 */
final class AuditPreparation {

    /**
     * What an audit brings to a run.
     *
     * @param split      the four subsets; the target's in the order of its outputs
     * @param targetIn   the target's outputs on its members
     * @param targetOut  on its non-members
     * @param shadowIn   the shadow outputs the file gave, or {@code null} when LeakLab trains shadow models
     * @param shadowOut  likewise, on the shadow model's non-members
     * @param info       what the results say about the audit
     */
    record Prepared(DataSplit split, ModelOutputs targetIn, ModelOutputs targetOut, ModelOutputs shadowIn,
                    ModelOutputs shadowOut, AuditInfo info) {
    }

    private AuditPreparation() {
    }

    static Prepared prepare(ProjectSpec project, Path projectFile, List<NormalizedSample> data, String architecture,
                            Consumer<String> stage, DoubleConsumer progress, CancellationToken cancel)
            throws InputException {
        TargetSpec t = project.target();
        MemberList members = t.members() == null ? null : MemberList.read(resolve(t.members(), projectFile));
        List<String> notes = new ArrayList<>();
        String attackers = "LeakLab's " + architecture + " (the project's model settings), trained on the attacker's "
                + "data";
        if (t.kind().equals("outputs")) {
            Path file = resolve(t.outputs(), projectFile);
            ImportedOutputs o = OutputsFileReader.read(file, members, new Nd4jNumpyReader());
            String marking = members != null ? "members file " + members.file().getFileName()
                    : "the outputs file's role or member column";
            if (data == null) {
                if (!o.hasShadow()) {
                    throw new InputException(file, 0, "has no shadow-in and shadow-out rows, and the project names no "
                            + "dataset: give the attacker's shadow outputs in the file, or a dataset LeakLab trains "
                            + "shadow models on", null);
                }
                for (AttackSpec a : project.attacks()) {
                    if (a.kind().needsReferences()) {
                        throw new IllegalArgumentException("attack " + a.kind().id() + " needs reference models "
                                + "trained on the attacker's data, and this audit names no dataset; add one, or "
                                + "choose attacks that use the shadow outputs");
                    }
                }
                Map<Subset, List<NormalizedSample>> subsets = new EnumMap<>(Subset.class);
                for (Subset s : Subset.values()) {
                    subsets.put(s, placeholders(o.get(s).orElseThrow(), file));
                }
                int n = subsets.values().stream().mapToInt(List::size).sum();
                notes.add("no dataset: the code of the samples is not known, so slices by CWE and length are empty");
                return new Prepared(new DataSplit(subsets, new DedupReport(n, n, 0, 0, 0, n),
                        project.split().toSpec()), o.get(Subset.TARGET_IN).get(), o.get(Subset.TARGET_OUT).get(),
                        o.get(Subset.SHADOW_IN).get(), o.get(Subset.SHADOW_OUT).get(),
                        new AuditInfo("outputs", file.toString(), "outputs file " + file.getFileName(), o.given(),
                                o.derived(), marking, "the outputs file's shadow-in and shadow-out rows", notes));
            }
            Map<String, NormalizedSample> byId = byId(data);
            Map<Subset, List<NormalizedSample>> subsets = new EnumMap<>(Subset.class);
            Set<String> targetKeys = new HashSet<>();
            Set<String> used = new HashSet<>();
            for (Subset s : Subset.values()) {
                ModelOutputs out = o.get(s).orElse(null);
                if (out == null) {
                    continue;
                }
                boolean target = s == Subset.TARGET_IN || s == Subset.TARGET_OUT;
                List<NormalizedSample> list = new ArrayList<>(out.size());
                for (int i = 0; i < out.size(); i++) {
                    NormalizedSample sample = byId.get(out.ids().get(i));
                    if (sample == null) {
                        if (target) {
                            throw new InputException(file, 0, "id " + InputException.quote(out.ids().get(i), 80)
                                    + " (a " + s.id() + " row) is not in the dataset", null);
                        }
                        sample = placeholder(out.ids().get(i), out.label(i), file);
                    } else if (sample.sample().label() != out.label(i)) {
                        throw new InputException(file, 0, "id " + InputException.quote(out.ids().get(i), 80)
                                + " has label " + out.label(i) + " here but " + sample.sample().label()
                                + " in the dataset", null);
                    }
                    if (target) {
                        targetKeys.add(sample.key());
                    }
                    used.add(out.ids().get(i));
                    list.add(sample);
                }
                subsets.put(s, list);
            }
            String shadow;
            int removed = 0;
            if (!o.hasShadow()) {
                List<NormalizedSample> pool = new ArrayList<>();
                for (NormalizedSample s : data) {
                    if (!used.contains(s.sample().id())) {
                        if (targetKeys.contains(s.key())) {
                            removed++;
                        } else {
                            pool.add(s);
                        }
                    }
                }
                Deduplicator.Result d = Deduplicator.deduplicate(pool, project.split().toSpec().conflicts());
                List<List<NormalizedSample>> halves = stratified(d.kept(), project.split().toSpec().seed(), 0.5);
                subsets.put(Subset.SHADOW_IN, halves.get(0));
                subsets.put(Subset.SHADOW_OUT, halves.get(1));
                shadow = attackers;
                notes.add("the attacker's shadow models are " + attackers + " (the dataset's samples the outputs file "
                        + "does not hold), not the target's own architecture");
            } else {
                shadow = "the outputs file's shadow-in and shadow-out rows";
            }
            int n = data.size();
            int kept = subsets.values().stream().mapToInt(List::size).sum();
            return new Prepared(new DataSplit(subsets, new DedupReport(n, kept, removed, 0, 0, kept),
                    project.split().toSpec()), o.get(Subset.TARGET_IN).get(), o.get(Subset.TARGET_OUT).get(),
                    o.get(Subset.SHADOW_IN).orElse(null), o.get(Subset.SHADOW_OUT).orElse(null),
                    new AuditInfo("outputs", file.toString(), "outputs file " + file.getFileName(), o.given(),
                            o.derived(), marking, shadow, notes));
        }

        // keras or onnx: the model runs over the dataset
        Path file = resolve(t.model(), projectFile);
        DataSplit split;
        String marking;
        if (members != null) {
            split = memberSplit(data, members, project.split().toSpec());
            marking = "members file " + members.file().getFileName();
        } else {
            split = Splitter.split(data, project.split().toSpec());
            marking = "LeakLab's split of the dataset (seed " + project.split().toSpec().seed() + "): target-in are the "
                    + "model's members";
        }
        ModelInput input = t.merges() != null
                ? ModelInput.bpe(resolve(t.vocabulary(), projectFile), resolve(t.merges(), projectFile))
                : ModelInput.vocabulary(resolve(t.vocabulary(), projectFile));
        stage.accept("loading the " + t.kind() + " model " + file.getFileName());
        ModelOutputs in;
        ModelOutputs out;
        String description;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        try (ImportedModel model = t.kind().equals("keras")
                ? KerasImportedModel.open(file, input, t.maxLengthOrDefault())
                : OnnxImportedModel.open(file, input, t.maxLengthOrDefault(), threads)) {
            description = model.description();
            List<NormalizedSample> targetIn = split.get(Subset.TARGET_IN);
            List<NormalizedSample> targetOut = split.get(Subset.TARGET_OUT);
            double total = targetIn.size() + targetOut.size();
            stage.accept("running the imported model over " + (int) total + " samples");
            in = model.outputs(targetIn, cancel, f -> progress.accept(f * targetIn.size() / total));
            out = model.outputs(targetOut, cancel, f -> progress.accept((targetIn.size() + f * targetOut.size())
                    / total));
        }
        List<String> given = new ArrayList<>(List.of("logits"));
        if (in.embeddingSize() > 0) {
            given.add("embedding (" + in.embeddingSize() + " values)");
        }
        notes.add("the attacker's shadow models are " + attackers + ", not the target's own architecture");
        return new Prepared(split, in, out, null, null, new AuditInfo(t.kind(), file.toString(), description, given,
                List.of("probabilities", "loss", "confidence"), marking, attackers, notes));
    }

    /** The members the file lists as target-in; the rest, less duplicates of a member, split for the others. */
    private static DataSplit memberSplit(List<NormalizedSample> data, MemberList members, SplitSpec spec)
            throws InputException {
        Map<String, NormalizedSample> byId = byId(data);
        List<NormalizedSample> in = new ArrayList<>();
        for (Map.Entry<String, Long> e : members.lines().entrySet()) {
            NormalizedSample s = byId.get(e.getKey());
            if (s == null) {
                throw new InputException(members.file(), e.getValue(), "id " + InputException.quote(e.getKey(), 80)
                        + " is not in the dataset", null);
            }
            in.add(s);
        }
        Set<String> memberKeys = new HashSet<>();
        in.forEach(s -> memberKeys.add(s.key()));
        List<NormalizedSample> rest = new ArrayList<>();
        int removed = 0;
        for (NormalizedSample s : data) {
            if (!members.contains(s.sample().id())) {
                if (memberKeys.contains(s.key())) {
                    removed++;
                } else {
                    rest.add(s);
                }
            }
        }
        Deduplicator.Result d = Deduplicator.deduplicate(rest, spec.conflicts());
        List<List<NormalizedSample>> halves = stratified(d.kept(), spec.seed(), 0.5);
        List<List<NormalizedSample>> attacker = stratified(halves.get(1), spec.seed() + 1, 0.5);
        Map<Subset, List<NormalizedSample>> subsets = new EnumMap<>(Subset.class);
        subsets.put(Subset.TARGET_IN, in);
        subsets.put(Subset.TARGET_OUT, halves.get(0));
        subsets.put(Subset.SHADOW_IN, attacker.get(0));
        subsets.put(Subset.SHADOW_OUT, attacker.get(1));
        int kept = in.size() + d.kept().size();
        return new DataSplit(subsets, new DedupReport(data.size(), kept, removed + d.report().duplicatesRemoved(),
                d.report().conflictingBodies(), d.report().conflictingDropped(), kept), spec);
    }

    /** {@code samples} split class by class at random (seeded), {@code share} of each class in the first part. */
    static List<List<NormalizedSample>> stratified(List<NormalizedSample> samples, long seed, double share) {
        List<NormalizedSample> first = new ArrayList<>();
        List<NormalizedSample> second = new ArrayList<>();
        for (int label = 1; label >= 0; label--) {
            List<NormalizedSample> of = new ArrayList<>();
            for (NormalizedSample s : samples) {
                if (s.sample().label() == label) {
                    of.add(s);
                }
            }
            Collections.shuffle(of, new Random(seed * 31 + label + 7));
            int cut = (int) Math.round(of.size() * share);
            first.addAll(of.subList(0, cut));
            second.addAll(of.subList(cut, of.size()));
        }
        return List.of(first, second);
    }

    private static Map<String, NormalizedSample> byId(List<NormalizedSample> data) {
        Map<String, NormalizedSample> byId = new HashMap<>(data.size() * 2);
        for (NormalizedSample s : data) {
            byId.putIfAbsent(s.sample().id(), s);
        }
        return byId;
    }

    private static List<NormalizedSample> placeholders(ModelOutputs outputs, Path file) {
        List<NormalizedSample> list = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            list.add(placeholder(outputs.ids().get(i), outputs.label(i), file));
        }
        return list;
    }

    private static NormalizedSample placeholder(String id, int label, Path file) {
        return new NormalizedSample(new Sample(id, "", label, String.valueOf(file.getFileName()), 0, null, null),
                List.of());
    }

    static Path resolve(String path, Path projectFile) {
        Path p = Path.of(path);
        if (p.isAbsolute() || projectFile == null || projectFile.toAbsolutePath().getParent() == null) {
            return p.toAbsolutePath().normalize();
        }
        return projectFile.toAbsolutePath().getParent().resolve(p).normalize();
    }

    /** Whether any attack of the project needs reference models. */
    static boolean needsReferences(ProjectSpec project) {
        return project.attacks().stream().map(AttackSpec::kind).anyMatch(AttackKind::needsReferences);
    }
}
