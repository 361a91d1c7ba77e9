package dev.leaklab.core.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.AttackMetrics;
import dev.leaklab.core.attack.Concat;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.attack.LabelOnly;
import dev.leaklab.core.attack.Lira;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.attack.Rmia;
import dev.leaklab.core.attack.ShadowAttack;
import dev.leaklab.core.attack.ThresholdAttack;
import dev.leaklab.core.attack.TrainedAttack;
import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.data.Canaries;
import dev.leaklab.core.data.DataSplit;
import dev.leaklab.core.data.Dataset;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.Splitter;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.defense.DefenseEvaluator;
import dev.leaklab.core.defense.DefenseSettings;
import dev.leaklab.core.defense.Nmid;
import dev.leaklab.core.defense.Spread;
import dev.leaklab.core.io.AtomicFiles;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.metrics.BootstrapIntervals;
import dev.leaklab.core.metrics.ClassificationMetrics;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.OutputsStore;
import dev.leaklab.core.model.Trainer;
import dev.leaklab.core.model.TrainingListener;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs an experiment end to end (method.md, sections 2 to 5): reads and splits the data, trains the target,
 * the shadow models and any LiRA reference models (or reuses them from an earlier run whose training part is
 * unchanged, found by a content hash), extracts their outputs, then runs every attack undefended, under the
 * experiment's NMID setting (non-adaptive, adaptive and averaging attackers) and along the sigma sweep.
 */
public final class ExperimentRunner {

    /** Progress of a run. */
    public interface Listener extends TrainingListener {

        /** A new stage of the run, described in one line. */
        void stage(String description);

        /** How far the run is, from 0 to 1 (training is the first 70%, the attacks the rest). */
        default void progress(double fraction) {
        }

        /** A listener that ignores everything, for benchmarks and tests. */
        static Listener quiet() {
            return new Listener() {
                @Override
                public void stage(String description) {
                }

                @Override
                public void onProgress(dev.leaklab.core.model.TrainingProgress progress) {
                }
            };
        }
    }

    private static final double TRAINING_SHARE = 0.7;

    /**
     * How to run.
     *
     * @param cache        folder for trained models and their outputs, reused when the training part matches;
     *                     {@code null} to train afresh and keep nothing
     * @param modelsAtOnce how many models may train at the same time (each on one thread); fewer when the
     *                     heap cannot hold that many, which the results then say
     * @param trainer      the model trainer
     * @param gemm         the matrix product for the attack classifiers
     */
    public record Options(Path cache, int modelsAtOnce, Trainer trainer, Gemm gemm) {

        /** Checks the count. */
        public Options {
            if (modelsAtOnce < 1) {
                throw new IllegalArgumentException("models at once must be at least 1, was " + modelsAtOnce);
            }
        }

        /** One model at a time, or as many as the machine has cores. */
        public Options(Path cache, boolean parallel, Trainer trainer, Gemm gemm) {
            this(cache, parallel ? Math.max(2, Runtime.getRuntime().availableProcessors()) : 1, trainer, gemm);
        }
    }

    private static final int MIN_SLICE = 5;

    private ExperimentRunner() {
    }

    /**
     * Runs the experiment.
     *
     * @param project     the experiment
     * @param projectFile its file, for resolving relative dataset paths ({@code null} when there is none)
     * @throws InputException       when the data cannot be read
     * @throws IllegalArgumentException when a setting or the data cannot support the experiment
     * @throws CancellationException when cancelled
     */
    public static ExperimentResults run(ProjectSpec project, Path projectFile, Options options, Listener listener,
                                        CancellationToken cancel) throws InputException, IOException {
        Instant started = Instant.now();
        Plan plan = plan(project, projectFile, listener, cancel);
        List<NormalizedSample> normalized = plan.normalized;
        ModelConfig config = plan.config;
        DataSplit split = plan.split;
        Map<String, Trained> given = plan.given;
        AuditInfo audit = plan.audit;
        int shadowModels = plan.shadowModels;
        List<Sample> all = plan.all;
        String dataHash = plan.dataHash;
        List<Job> jobs = plan.jobs;
        String trainingKey = plan.trainingKey;
        if (!jobs.isEmpty()) {
            listener.stage("training " + jobs.size() + " models");
        }
        listener.progress(0);
        long t0 = System.nanoTime();
        int totalEpochs = jobs.stream().mapToInt(j -> j.config.epochs()).sum();
        java.util.concurrent.atomic.AtomicInteger epochsDone = new java.util.concurrent.atomic.AtomicInteger();
        TrainingListener counting = new TrainingListener() {
            @Override
            public void onProgress(dev.leaklab.core.model.TrainingProgress p) {
                listener.onProgress(p);
                if (p.endOfEpoch()) {
                    listener.progress(TRAINING_SHARE * Math.min(1.0,
                            epochsDone.incrementAndGet() / (double) totalEpochs));
                }
            }

            @Override
            public int heldOutSamples(String model) {
                return listener.heldOutSamples(model);
            }
        };
        int atOnce = Math.min(options.modelsAtOnce(), Math.max(1, jobs.size()));
        List<String> trainingNotes = new ArrayList<>();
        if (atOnce > 1) {
            int samples = normalized == null ? all.size() : normalized.size();
            int median = normalized == null ? 1 : medianTokens(normalized);
            long heap = Runtime.getRuntime().maxMemory();
            int fit = MemoryEstimate.modelsThatFit(project, samples, median, heap, atOnce);
            if (fit < atOnce) {
                trainingNotes.add("trained " + fit + " models at a time, not " + atOnce + ": the heap ("
                        + (heap >> 20) + " MB) holds no more; give Java more memory (-Xmx) to train more at once");
                listener.stage("training " + fit + " models at a time, not " + atOnce + ": the heap holds no more");
                atOnce = fit;
            }
        }
        Map<String, Trained> trained = new LinkedHashMap<>(given);
        List<String> cacheNotes = java.util.Collections.synchronizedList(new ArrayList<>());
        trained.putAll(train(jobs, trainingKey, project.code(), options, atOnce, counting, cacheNotes::add, cancel));
        trainingNotes.addAll(cacheNotes);
        listener.progress(TRAINING_SHARE);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        boolean reused = !jobs.isEmpty() && trained.values().stream().filter(t -> !given.containsValue(t))
                .allMatch(Trained::reused);

        Trained target = trained.get("target");
        List<String> warnings = new ArrayList<>();
        if (audit != null) {
            warnings.addAll(audit.notes());
        }
        warnings.addAll(trainingNotes);
        Released targetIn = Released.clean(target.members);
        Released targetOut = Released.clean(target.nonMembers);
        Released shadowIn = null;
        Released shadowOut = null;
        for (int j = 0; j < shadowModels; j++) {
            Trained s = trained.get(shadowRole(j));
            Released in = Released.clean(s.members);
            Released out = Released.clean(s.nonMembers);
            shadowIn = shadowIn == null ? in : Concat.of(shadowIn, in);
            shadowOut = shadowOut == null ? out : Concat.of(shadowOut, out);
        }
        ClassificationMetrics targetUtility = ClassificationMetrics.ofProbabilities(
                target.nonMembers.vulnerableProbabilities(), target.nonMembers.labels());
        ClassificationMetrics shadowUtility = ClassificationMetrics.ofProbabilities(probabilities(shadowOut),
                shadowOut.labels());
        Nmid targetDefense = new Nmid(Spread.of(targetOut));
        Nmid shadowDefense = new Nmid(Spread.of(shadowOut));
        DefenseSettings setting = project.defense().toSettings(project.seed());
        SampleInfo info = SampleInfo.of(split);

        List<AttackResult> results = new ArrayList<>();
        Map<String, DefenseEvaluator> evaluators = new LinkedHashMap<>();
        int headline = -1;
        double bestAuc = -1;
        double[][] headlineScores = null;
        List<Entry> entries = new ArrayList<>();
        boolean embeddingsComparable = targetIn.embeddingSize() > 0
                && targetIn.embeddingSize() == shadowIn.embeddingSize();
        for (AttackSpec spec : project.attacks()) {
            if (spec.kind().queriesVariants() && !target.queryable()) {
                warnings.add(spec.kind().id() + " was skipped: it asks the target about variants of each sample, "
                        + "and this audit's target gives outputs on its own samples only");
                continue;
            }
            if (spec.kind().isRmia() && target.population == null) {
                warnings.add(spec.kind().id() + " was skipped: it compares the target's answers on the candidates with "
                        + "its answers on population samples of the attacker's data, and this audit's target gives "
                        + "outputs on its own samples only");
                continue;
            }
            for (FeatureSet fs : spec.featureSets()) {
                if (fs.has(dev.leaklab.core.attack.Feature.EMBEDDING) && !embeddingsComparable) {
                    warnings.add(spec.kind().id() + " on " + fs.name() + " was skipped: " + (targetIn.embeddingSize() == 0
                            ? "the target gives no embedding" : "the target's embedding has " + targetIn.embeddingSize()
                            + " values and the attacker's shadow models' " + shadowIn.embeddingSize() + ", so an "
                            + "attack trained on one cannot read the other"));
                    continue;
                }
                entries.add(new Entry(spec, fs));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no attack can run: every attack asked for reads the embedding, which "
                    + (targetIn.embeddingSize() == 0 ? "the target does not give" : "differs in width between the "
                    + "target and the attacker's shadow models") + "; add a black-box attack (logits, loss, confidence)");
        }
        int done = 0;
        for (Entry e : entries) {
            cancel.throwIfCancelled();
            done++;
            listener.stage("attack " + done + "/" + entries.size() + ": " + e.spec.kind().id() + " on "
                    + e.features.name());
            listener.progress(TRAINING_SHARE + (1 - TRAINING_SHARE) * (done - 1) / entries.size());
            TrainedAttack attack = e.spec.kind().queriesVariants()
                    ? labelOnly(e.spec.variantCount(), project, split, shadowModels, shadowIn, shadowOut, targetIn,
                    targetOut, trained, cancel)
                    : attack(e, project, shadowIn, shadowOut, targetIn, targetOut, trained, options, cancel);
            DefenseEvaluator evaluator = new DefenseEvaluator(targetIn, targetOut, shadowIn, shadowOut, attack,
                    targetDefense, shadowDefense, project.attackModel().adaptive(), options.gemm());

            DefenseEvaluator.Evaluation clean = evaluator.evaluate(DefenseSettings.NONE, false, cancel);
            double[] scores = attack.score(evaluator.target());
            constantScores(scores).ifPresent(value -> warnings.add(e.spec.kind().id() + " on " + e.features.name()
                    + " gives every target sample the same score (" + value + "): it ranks nothing, so its AUC of "
                    + "0.5 says the attack failed, not that the model is private"));
            int members = evaluator.members();
            int first = results.size();
            results.add(new AttackResult(e.spec.kind(), e.features, "undefended", null, false, 1, clean.attack(),
                    clean.utility(), slices(scores, attack.threshold(), info), intervals(clean, members,
                    project.seed(), results.size())));
            if (clean.attack().auc() > bestAuc) {
                bestAuc = clean.attack().auc();
                headline = results.size() - 1;
                int m = evaluator.members();
                headlineScores = new double[][] {java.util.Arrays.copyOfRange(scores, 0, m),
                        java.util.Arrays.copyOfRange(scores, m, scores.length)};
            }
            add(results, e, "defended", setting, false, 1, evaluator.evaluate(setting, false, cancel), members,
                    project.seed());
            add(results, e, "defended", setting, true, 1, evaluator.evaluate(setting, true, cancel), members,
                    project.seed());
            if (project.attackModel().showsPitfalls() && e.spec.kind().takesFeatures()) {
                pitfalls(results, e, project, targetIn, targetOut, clean.utility(), options, cancel);
            }
            int queries = project.defense().queryCount();
            add(results, e, "averaged", setting, false, queries, evaluator.evaluateAveraged(setting, queries, cancel),
                    members, project.seed());
            for (double sigma : project.sweep().sigmas()) {
                DefenseSettings s = setting.withSigma(sigma);
                add(results, e, "sweep", s, false, 1, evaluator.evaluate(s, false, cancel));
                if (project.sweep().adaptive()) {
                    add(results, e, "sweep", s, true, 1, evaluator.evaluate(s, true, cancel));
                }
            }
            if (e.spec.kind().needsReferences()) {
                for (int i = first; i < results.size(); i++) {
                    results.set(i, results.get(i).withReferenceModels(e.spec.references()));
                }
            }
            evaluators.put(ExperimentResults.key(results.get(first)), evaluator);
        }
        listener.progress(1);
        if (targetOut.size() < 1_000) {
            warnings.add("TPR at 0.1% FPR: the target has " + targetOut.size() + " non-members, and 0.1% of them is "
                    + "less than one, so that figure is the TPR at no false positive at all; read TPR at 1% FPR, "
                    + "or use more non-members (at least 1,000; 10,000 for a figure resting on ten)");
        }
        List<FrontierPoint> frontier = ExperimentResults.frontier(results, results.get(headline));
        listener.stage("near-duplicates between members and non-members");
        NearDuplicateReport near = NearDuplicateReport.of(info.samples(), info.members(), headlineScores[0],
                headlineScores[1], split.spec().nearThresholdOrDefault());
        return new ExperimentResults(project, config, split.spec(), split.dedup(),
                new int[] {targetIn.size(), targetOut.size(), shadowIn.size(), shadowOut.size()}, dataHash,
                trainingKey, started, Instant.now(), targetUtility, shadowUtility, reused ? 0 : trainSeconds, reused,
                results, headline, frontier, headlineScores[0], headlineScores[1], evaluators, info.samples(),
                warnings, audit, near);
    }

    /** What a run trains, worked out from the experiment and its data before anything trains. */
    private record Plan(List<NormalizedSample> normalized, ModelConfig config, DataSplit split,
                        Map<String, Trained> given, AuditInfo audit, int shadowModels, List<Sample> all,
                        String dataHash, List<Job> jobs, String trainingKey) {
    }

    private static Plan plan(ProjectSpec project, Path projectFile, Listener listener, CancellationToken cancel)
            throws InputException, IOException {
        listener.stage("reading data");
        List<NormalizedSample> normalized = null;
        if (project.dataset() != null) {
            Dataset dataset = ProjectDatasets.load(project, projectFile, cancel);
            SymbolicNormalizer normalizer = new SymbolicNormalizer(project.code().normalizerOptions());
            normalized = new ArrayList<>(dataset.size());
            for (Sample s : dataset.samples()) {
                normalized.add(new NormalizedSample(s, normalizer.normalize(s.code())));
            }
        }
        cancel.throwIfCancelled();
        ModelConfig config = project.model().toConfig(project.code().maxLength());
        if (config.pretrained() != null) {
            Path folder = resolve(Path.of(config.pretrained()), projectFile);
            config = ModelTraining.pretrainedConfig(folder, config.freezeEncoder(), config);
        }
        DataSplit split;
        Map<String, Trained> given = new LinkedHashMap<>();
        AuditInfo audit = null;
        if (project.isAudit()) {
            if (project.split().toSpec().canaryCount() > 0) {
                throw new IllegalArgumentException("split.canaries: canaries are planted in a model LeakLab trains, "
                        + "and an audit's target trained elsewhere; remove split.canaries");
            }
            AuditPreparation.Prepared prepared = AuditPreparation.prepare(project, projectFile, normalized,
                    config.architecture().id(), listener::stage,
                    f -> listener.progress(0.1 * f), cancel);
            split = prepared.split();
            audit = prepared.info();
            given.put("target", new Trained(prepared.targetIn(), prepared.targetOut(), false));
            if (prepared.shadowIn() != null) {
                given.put(shadowRole(0), new Trained(prepared.shadowIn(), prepared.shadowOut(), false));
            }
        } else {
            split = Splitter.split(normalized, project.split().toSpec());
            SymbolicNormalizer normalizer = new SymbolicNormalizer(project.code().normalizerOptions());
            split = Canaries.plant(split, split.spec().canaryCount(), split.spec().seed(), normalizer::normalize);
        }
        int shadowModels = given.containsKey(shadowRole(0)) ? 1 : project.shadowModels();
        List<Sample> all = new ArrayList<>();
        for (Subset s : Subset.values()) {
            split.get(s).forEach(n -> all.add(n.sample()));
        }
        String dataHash = dataHash(normalized == null ? all : normalized.stream().map(NormalizedSample::sample)
                .toList());
        requireTrainable(split, shadowModels);

        List<Job> jobs = new ArrayList<>();
        for (Job job : jobs(project, split, config, shadowModels)) {
            if (!given.containsKey(job.role)) {
                jobs.add(job);
            }
        }
        String trainingKey = hash(dataHash, Json.mapper().writeValueAsString(split.spec()),
                Json.mapper().writeValueAsString(project.code()), Json.mapper().writeValueAsString(config));
        return new Plan(normalized, config, split, given, audit, shadowModels, all, dataHash, jobs, trainingKey);
    }

    /**
     * The reference models an experiment trains, for a batch scheduler to size its job array.
     *
     * @param trainingKey the hash of what decides every model (data, split, code settings, model settings); a
     *                    reference job given another experiment's key is refused
     * @param offline     offline reference models (indices 0 to offline - 1)
     * @param online      online reference models
     */
    public record ReferencePlan(String trainingKey, int offline, int online) {
    }

    /** Reads and splits the experiment's data and says which reference models it trains. */
    public static ReferencePlan referencePlan(ProjectSpec project, Path projectFile, Listener listener,
                                              CancellationToken cancel) throws InputException, IOException {
        Plan plan = plan(project, projectFile, listener, cancel);
        int offline = (int) plan.jobs.stream().filter(j -> j.role.startsWith("reference-offline-")).count();
        int online = (int) plan.jobs.stream().filter(j -> j.role.startsWith("reference-online-")).count();
        return new ReferencePlan(plan.trainingKey, offline, online);
    }

    /**
     * Trains every reference model of the experiment into {@code options.cache()} (or keeps nothing when it is
     * {@code null}), {@code options.modelsAtOnce()} at a time, exactly as a run trains them; for benchmarks and
     * for filling a cache on one machine.
     *
     * @return how many reference models were trained
     */
    public static int trainReferences(ProjectSpec project, Path projectFile, Options options, Listener listener,
                                      CancellationToken cancel) throws InputException, IOException {
        Plan plan = plan(project, projectFile, listener, cancel);
        List<Job> references = plan.jobs.stream().filter(j -> j.role.startsWith("reference-")).toList();
        listener.stage("training " + references.size() + " reference models, " + options.modelsAtOnce()
                + " at a time");
        train(references, plan.trainingKey, project.code(), options, Math.min(options.modelsAtOnce(),
                Math.max(1, references.size())), listener, listener::stage, cancel);
        return references.size();
    }

    /**
     * What one reference job trained, for a batch scheduler's log.
     *
     * @param role    the model's role, e.g. {@code reference-offline-3}
     * @param reused  whether the cache already held it
     * @param seconds how long it took
     * @param of      how many reference models of its form the experiment has
     */
    public record ReferenceJob(String role, boolean reused, double seconds, int of) {
    }

    /**
     * Trains reference model {@code index} (from 0) of one form of the experiment into {@code options.cache()},
     * exactly as a run would, so a run that follows finds it there. Lets a batch scheduler (a Slurm array, a
     * Kubernetes indexed Job) train hundreds of reference models on many machines into one shared cache.
     *
     * @param online      whether the online form's reference models are meant, else the offline form's
     * @param expectedKey the {@link ReferencePlan#trainingKey} the scheduler planned with, or {@code null}
     * @throws IllegalArgumentException when the experiment has no reference models of that form, the index is
     *                                  out of their range, the key is another experiment's, or there is no cache
     */
    public static ReferenceJob trainReference(ProjectSpec project, Path projectFile, Options options, boolean online,
                                              int index, String expectedKey, Listener listener,
                                              CancellationToken cancel) throws InputException, IOException {
        if (options.cache() == null) {
            throw new IllegalArgumentException("a reference job trains into the model cache, and none was given");
        }
        Plan plan = plan(project, projectFile, listener, cancel);
        if (expectedKey != null && !expectedKey.equals(plan.trainingKey)) {
            throw new IllegalArgumentException("--key " + expectedKey + " is not this experiment's (" + plan.trainingKey
                    + "): its data or settings changed since the jobs were planned; plan them again");
        }
        String prefix = "reference-" + (online ? "online-" : "offline-");
        List<Job> form = plan.jobs.stream().filter(j -> j.role.startsWith(prefix)).toList();
        String which = online ? "online" : "offline";
        if (form.isEmpty()) {
            throw new IllegalArgumentException("the experiment has no " + which + " reference models: none of its "
                    + "attacks is " + (online ? "lira-online or rmia-online" : "lira-offline or rmia-offline"));
        }
        if (index < 0 || index >= form.size()) {
            throw new IllegalArgumentException("reference index " + index + " is out of range: the experiment has "
                    + form.size() + " " + which + " reference models, 0 to " + (form.size() - 1));
        }
        Job job = form.get(index);
        listener.stage("training " + job.role);
        long t0 = System.nanoTime();
        Trained t = trainOne(job, plan.trainingKey, project.code(), options, listener, listener::stage, cancel);
        return new ReferenceJob(job.role, t.reused(), (System.nanoTime() - t0) / 1e9, form.size());
    }

    private record Entry(AttackSpec spec, FeatureSet features) {
    }

    /** The one value every score takes, when they are all equal. */
    static java.util.Optional<Double> constantScores(double[] scores) {
        if (scores.length == 0) {
            return java.util.Optional.empty();
        }
        for (double s : scores) {
            if (Double.compare(s, scores[0]) != 0) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(scores[0]);
    }

    private static void add(List<AttackResult> results, Entry e, String role, DefenseSettings s, boolean adaptive,
                            int queries, DefenseEvaluator.Evaluation ev) {
        results.add(new AttackResult(e.spec.kind(), e.features, role, s, adaptive, queries, ev.attack(), ev.utility(),
                null));
    }

    /** A result with its bootstrap intervals. */
    private static void add(List<AttackResult> results, Entry e, String role, DefenseSettings s, boolean adaptive,
                            int queries, DefenseEvaluator.Evaluation ev, int members, long seed) {
        results.add(new AttackResult(e.spec.kind(), e.features, role, s, adaptive, queries, ev.attack(), ev.utility(),
                null, intervals(ev, members, seed, results.size())));
    }

    /**
     * The flawed protocol beside an honest one: the attack classifier trained on the target's own members and
     * non-members (whose membership an attacker cannot know) and scored on the very samples it trained on, and
     * the same classifier cross-fitted, trained on one half of them and scored on the other. The first shows how
     * an AUC near 1.0 arises from scoring an attack on its training samples; the second is what it learns.
     */
    private static void pitfalls(List<AttackResult> results, Entry e, ProjectSpec project, Released targetIn,
                                 Released targetOut, dev.leaklab.core.defense.Utility utility, Options options,
                                 CancellationToken cancel) {
        AttackKind kind = e.spec.kind();
        dev.leaklab.core.attack.AttackNetwork.Settings network = project.attackModel().network(kind, project.seed());
        ShadowAttack same = ShadowAttack.train(kind, e.features, targetIn, targetOut, network, options.gemm(), cancel);
        double[] in = same.score(targetIn);
        double[] out = same.score(targetOut);
        results.add(new AttackResult(kind, e.features, "pitfall-same-samples", null, false, 1,
                AttackMetrics.of(in, out, same.threshold()), utility, null,
                BootstrapIntervals.of(in, out, project.seed() * 1_000_003L + results.size())));
        int[][] inHalves = halves(targetIn.size());
        int[][] outHalves = halves(targetOut.size());
        double[] heldIn = new double[targetIn.size()];
        double[] heldOut = new double[targetOut.size()];
        double threshold = 0;
        for (int h = 0; h < 2; h++) {
            ShadowAttack fold = ShadowAttack.train(kind, e.features, targetIn.select(inHalves[h]),
                    targetOut.select(outHalves[h]), network, options.gemm(), cancel);
            double[] a = fold.score(targetIn.select(inHalves[1 - h]));
            double[] b = fold.score(targetOut.select(outHalves[1 - h]));
            for (int k = 0; k < a.length; k++) {
                heldIn[inHalves[1 - h][k]] = a[k];
            }
            for (int k = 0; k < b.length; k++) {
                heldOut[outHalves[1 - h][k]] = b[k];
            }
            threshold += fold.threshold() / 2;
        }
        results.add(new AttackResult(kind, e.features, "pitfall-held-out", null, false, 1,
                AttackMetrics.of(heldIn, heldOut, threshold), utility, null,
                BootstrapIntervals.of(heldIn, heldOut, project.seed() * 1_000_003L + results.size())));
    }

    /** Even and odd positions. */
    private static int[][] halves(int n) {
        int[] even = new int[(n + 1) / 2];
        int[] odd = new int[n / 2];
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                even[i / 2] = i;
            } else {
                odd[i / 2] = i;
            }
        }
        return new int[][] {even, odd};
    }

    /** Seeded by the experiment and the result's place, so a rerun gives the same intervals. */
    private static BootstrapIntervals intervals(DefenseEvaluator.Evaluation ev, int members, long seed, int index) {
        return BootstrapIntervals.of(ev.memberScores(members), ev.nonMemberScores(members),
                seed * 1_000_003L + index);
    }

    private static TrainedAttack attack(Entry e, ProjectSpec project, Released shadowIn, Released shadowOut,
                                        Released targetIn, Released targetOut, Map<String, Trained> trained,
                                        Options options, CancellationToken cancel) {
        AttackKind kind = e.spec.kind();
        if (kind.takesFeatures()) {
            return ShadowAttack.train(kind, e.features, shadowIn, shadowOut,
                    project.attackModel().network(kind, project.seed()), options.gemm(), cancel);
        }
        if (!kind.needsReferences()) {
            return ThresholdAttack.fit(kind, shadowIn, shadowOut);
        }
        List<String> candidates = new ArrayList<>(targetIn.ids());
        candidates.addAll(targetOut.ids());
        List<Released> references = new ArrayList<>();
        List<Set<String>> members = new ArrayList<>();
        for (int m = 0; m < e.spec.references(); m++) {
            Trained t = trained.get(referenceRole(kind.isOnline(), m));
            references.add(Released.clean(t.nonMembers));
            members.add(new HashSet<>(t.members.ids()));
        }
        if (kind.isRmia()) {
            return Rmia.fit(candidates, Released.clean(trained.get("target").population), references, members,
                    kind.isOnline(), Rmia.DEFAULT_GAMMA);
        }
        return Lira.fit(candidates, references, kind.isOnline() ? members : null);
    }

    /**
     * The label-only attack: the target and each shadow model asked about {@code count} variants of each of their
     * samples, the shadow models' answers setting the threshold.
     */
    private static LabelOnly labelOnly(int count, ProjectSpec project, DataSplit split, int shadowModels,
                                       Released shadowIn, Released shadowOut, Released targetIn, Released targetOut,
                                       Map<String, Trained> trained, CancellationToken cancel) throws IOException {
        Map<String, NormalizedSample> byId = new java.util.HashMap<>();
        for (Subset s : Subset.values()) {
            split.get(s).forEach(n -> byId.put(n.sample().id(), n));
        }
        List<String> candidates = new ArrayList<>(targetIn.ids());
        candidates.addAll(targetOut.ids());
        Released targetVariants = variants(trained.get("target"), "target", candidates, byId, count, project,
                cancel);
        Released shadowVariants = null;
        for (boolean members : new boolean[] {true, false}) {
            for (int j = 0; j < shadowModels; j++) {
                Trained s = trained.get(shadowRole(j));
                if (!s.queryable()) {
                    throw new IllegalArgumentException("label-only cannot run: the attacker's shadow model was "
                            + "given as outputs, and the attack needs to ask it about variants of its samples");
                }
                Released part = variants(s, shadowRole(j), (members ? s.members : s.nonMembers).ids(), byId, count,
                        project, cancel);
                shadowVariants = shadowVariants == null ? part : Concat.of(shadowVariants, part);
            }
        }
        return LabelOnly.fit(shadowIn, shadowOut, shadowVariants, candidates, targetVariants, count);
    }

    private static Released variants(Trained t, String role, List<String> ids, Map<String, NormalizedSample> byId,
                                     int count, ProjectSpec project, CancellationToken cancel) throws IOException {
        List<NormalizedSample> samples = new ArrayList<>(ids.size());
        for (String id : ids) {
            NormalizedSample s = byId.get(id);
            if (s == null) {
                throw new IllegalArgumentException("label-only cannot run: sample " + id + " of the " + role
                        + " is not in the dataset, so it has no code to write variants of");
            }
            samples.add(s);
        }
        return VariantQueries.answers(t.model, t.dir, role, samples, count, project.seed(), project.code(), cancel);
    }

    // ---- training --------------------------------------------------------------------------------------------

    /**
     * One model to train: its role, training samples, samples to run it on, configuration, and population
     * samples it also runs on (RMIA's; empty when none), kept apart from its non-members.
     */
    private record Job(String role, List<NormalizedSample> members, List<NormalizedSample> nonMembers,
                       ModelConfig config, List<NormalizedSample> population, List<NormalizedSample> copies) {

        Job(String role, List<NormalizedSample> members, List<NormalizedSample> nonMembers, ModelConfig config) {
            this(role, members, nonMembers, config, List.of(), List.of());
        }

        /** What the model trains on: its members, and the extra copies of planted canaries. */
        List<NormalizedSample> training() {
            if (copies.isEmpty()) {
                return members;
            }
            List<NormalizedSample> all = new ArrayList<>(members);
            all.addAll(copies);
            return all;
        }

        List<NormalizedSample> runOn() {
            if (population.isEmpty()) {
                return nonMembers;
            }
            List<NormalizedSample> all = new ArrayList<>(nonMembers);
            all.addAll(population);
            return all;
        }
    }

    /**
     * A trained model's outputs; {@code population} is null when it ran on none. {@code model} is the model when
     * it trained in this run (target and shadow models only), {@code dir} its cache folder (null without a
     * cache); an imported target has neither.
     */
    private record Trained(ModelOutputs members, ModelOutputs nonMembers, boolean reused, ModelOutputs population,
                           dev.leaklab.core.model.TrainedModel model, Path dir) {

        Trained(ModelOutputs members, ModelOutputs nonMembers, boolean reused) {
            this(members, nonMembers, reused, null, null, null);
        }

        /** Splits the outputs on non-members and population that {@link Job#runOn} ran together. */
        static Trained of(Job job, ModelOutputs members, ModelOutputs ranOn, boolean reused,
                          dev.leaklab.core.model.TrainedModel model, Path dir) {
            // why: reference models are many and only their outputs are read; keeping them would hold the heap
            dev.leaklab.core.model.TrainedModel kept = job.role.contains("reference") ? null : model;
            if (job.population.isEmpty()) {
                return new Trained(members, ranOn, reused, null, kept, dir);
            }
            int n = job.nonMembers.size();
            return new Trained(members, ranOn.range(0, n), reused, ranOn.range(n, ranOn.size()), kept, dir);
        }

        /**
         * Whether it is a model this run can ask about new samples (the label-only attack's variants): one it
         * trained or found in the cache, not outputs an audit was given.
         */
        boolean queryable() {
            return model != null || dir != null;
        }
    }

    private static String shadowRole(int j) {
        return "shadow-" + (j + 1);
    }

    /** The role of reference model {@code m} of a form; attacks of one form share them. */
    static String referenceRole(boolean online, int m) {
        return "reference-" + (online ? "online-" : "offline-") + (m + 1);
    }

    private static int medianTokens(List<NormalizedSample> samples) {
        if (samples.isEmpty()) {
            return 1;
        }
        int[] lengths = samples.stream().mapToInt(s -> s.tokens().size()).sorted().toArray();
        return Math.max(1, lengths[lengths.length / 2]);
    }

    private static List<Job> jobs(ProjectSpec project, DataSplit split, ModelConfig config, int k) {
        List<NormalizedSample> candidates = new ArrayList<>(split.get(Subset.TARGET_IN));
        candidates.addAll(split.get(Subset.TARGET_OUT));
        List<NormalizedSample> pool = new ArrayList<>(split.get(Subset.SHADOW_IN));
        pool.addAll(split.get(Subset.SHADOW_OUT));
        int offline = 0;
        int online = 0;
        boolean rmia = false;
        for (AttackSpec a : project.attacks()) {
            if (a.kind().needsReferences() && a.kind().isOnline()) {
                online = Math.max(online, a.references());
            } else if (a.kind().needsReferences()) {
                offline = Math.max(offline, a.references());
            }
            rmia |= a.kind().isRmia();
        }
        List<NormalizedSample> population = rmia ? population(pool, project.seed()) : List.of();

        List<Job> jobs = new ArrayList<>();
        jobs.add(new Job("target", split.get(Subset.TARGET_IN), split.get(Subset.TARGET_OUT), config, population,
                Canaries.copies(split.get(Subset.TARGET_IN), split.spec().canaryRepeatsOrDefault())));
        List<List<NormalizedSample>> ins = parts(split.get(Subset.SHADOW_IN), k);
        List<List<NormalizedSample>> outs = parts(split.get(Subset.SHADOW_OUT), k);
        for (int j = 0; j < k; j++) {
            // why: 7919 keeps the first shadow's seed what ModelTraining (and `leaklab train`) gives it
            jobs.add(new Job(shadowRole(j), ins.get(j), outs.get(j), config.withSeed(config.seed() + 7919L * (j + 1))));
        }
        int size = split.get(Subset.TARGET_IN).size();
        if (offline > 0 && pool.size() < size) {
            throw new IllegalArgumentException("offline reference models train on sets of the target's training size ("
                    + size + " samples), and the attacker's data (shadow-in and shadow-out) holds " + pool.size()
                    + "; give split.shadowIn and split.shadowOut more of the data, or use online attacks");
        }
        List<NormalizedSample> runOn = new ArrayList<>(candidates);
        runOn.addAll(population);
        for (int m = 0; m < offline; m++) {
            // why: each offline reference model draws its own training set of the target's size from the
            // attacker's data, never a candidate, as the target drew its own from the population
            List<NormalizedSample> shuffled = new ArrayList<>(pool);
            java.util.Collections.shuffle(shuffled, new Random(project.seed() * 31 + m));
            jobs.add(new Job(referenceRole(false, m), List.copyOf(shuffled.subList(0, size)), List.copyOf(runOn),
                    config.withSeed(config.seed() + 104729L * (m + 1))));
        }
        for (int m = 0; m < online; m++) {
            // why: online, models come in pairs on complementary halves of the candidates, so every candidate is a
            // member of exactly half the reference models, each trained on the target's size (candidates are
            // the target's members and as many non-members)
            List<NormalizedSample> shuffled = new ArrayList<>(candidates);
            java.util.Collections.shuffle(shuffled, new Random(project.seed() * 31 + 1000 + m / 2));
            int half = shuffled.size() / 2;
            List<NormalizedSample> members = m % 2 == 1 ? shuffled.subList(half, shuffled.size())
                    : shuffled.subList(0, half);
            jobs.add(new Job(referenceRole(true, m), List.copyOf(members), List.copyOf(runOn),
                    config.withSeed(config.seed() + 104729L * (m + 1) + 1)));
        }
        return jobs;
    }

    /**
     * RMIA's population samples Z: up to {@link Rmia#DEFAULT_POPULATION} of the attacker's data, drawn with the
     * project's seed. The target is queried on them; it never trained on them.
     */
    private static List<NormalizedSample> population(List<NormalizedSample> pool, long seed) {
        List<NormalizedSample> shuffled = new ArrayList<>(pool);
        java.util.Collections.shuffle(shuffled, new Random(seed * 31 + 7));
        return List.copyOf(shuffled.subList(0, Math.min(Rmia.DEFAULT_POPULATION, shuffled.size())));
    }

    private static <T> List<List<T>> parts(List<T> all, int k) {
        List<List<T>> parts = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            parts.get(i % k).add(all.get(i));
        }
        return parts;
    }

    /**
     * Trains the jobs, {@code atOnce} at a time. Each model is trained from its own seed on one thread, so the
     * models are the same bit for bit however many train at once; only the order they finish in differs.
     */
    private static Map<String, Trained> train(List<Job> jobs, String trainingKey, CodeSettings code, Options options,
                                              int atOnce, TrainingListener listener,
                                              java.util.function.Consumer<String> notes, CancellationToken cancel)
            throws IOException {
        Map<String, Trained> trained = new LinkedHashMap<>();
        ExecutorService pool = ModelTraining.pool(atOnce);
        try {
            Map<String, Future<Trained>> futures = new LinkedHashMap<>();
            for (Job job : jobs) {
                futures.put(job.role, pool.submit(() -> {
                    try {
                        return trainOne(job, trainingKey, code, options, listener, notes, cancel);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            for (Map.Entry<String, Future<Trained>> f : futures.entrySet()) {
                trained.put(f.getKey(), ModelTraining.join(f.getValue(), cancel));
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            ModelTraining.stop(pool);
        }
        return trained;
    }

    /**
     * The layout of a model cache entry ({@code members.bin}, {@code non-members.bin}, {@code model/},
     * {@code model.json}, {@code complete}); an entry of another format is trained again, and the run says so.
     */
    static final int CACHE_FORMAT = 1;

    private static Trained trainOne(Job job, String trainingKey, CodeSettings code, Options options,
                                    TrainingListener listener, java.util.function.Consumer<String> notes,
                                    CancellationToken cancel) throws IOException {
        Path dir = options.cache() == null ? null : options.cache().resolve(hash(trainingKey, job.role,
                Json.mapper().writeValueAsString(job.config), ids(job.training()), ids(job.runOn())));
        if (dir != null && Files.isRegularFile(dir.resolve("complete"))) {
            String stale = staleEntry(dir);
            if (stale != null) {
                notes.accept("model cache entry " + dir + " " + stale + "; " + job.role + " was trained again");
            } else {
                try {
                    return Trained.of(job, OutputsStore.load(dir.resolve("members.bin")),
                            OutputsStore.load(dir.resolve("non-members.bin")), true, null, dir);
                } catch (InputException e) {
                    // why: a damaged cache entry is retrained, not trusted, and the run says which it was
                    notes.accept(e.getMessage() + "; " + job.role + " was trained again");
                }
            }
        }
        cancel.throwIfCancelled();
        ModelTraining.Side trainedOn = ModelTraining.side(job.role, job.training(), job.runOn(), job.config, code,
                options.trainer(), listener, cancel);
        // why: the copies of planted canaries are training data only; each canary is scored once, as a member
        ModelTraining.Side side = job.copies.isEmpty() ? trainedOn : new ModelTraining.Side(trainedOn.name(),
                trainedOn.model(), trainedOn.members().range(0, job.members.size()), trainedOn.nonMembers(),
                trainedOn.utility());
        if (dir != null) {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("complete"));
            OutputsStore.save(side.members(), dir.resolve("members.bin"));
            OutputsStore.save(side.nonMembers(), dir.resolve("non-members.bin"));
            if (!job.role.contains("reference")) {
                side.model().save(dir.resolve("model"));
            }
            ObjectNode about = Json.mapper().createObjectNode();
            about.put("cacheFormat", CACHE_FORMAT);
            about.put("leaklab", dev.leaklab.LeakLabVersion.get());
            about.put("role", job.role);
            about.put("trainSeconds", side.model().summary().seconds());
            about.set("config", Json.mapper().valueToTree(job.config));
            AtomicFiles.standard().write(dir.resolve("model.json"), Json.mapper().writeValueAsBytes(about));
            // why: written last, so a run killed mid-save leaves an entry that is retrained, never half-read
            AtomicFiles.standard().write(dir.resolve("complete"), "ok\n".getBytes(StandardCharsets.UTF_8));
        }
        return Trained.of(job, side.members(), side.nonMembers(), false, side.model(), dir);
    }

    /** Why a complete cache entry cannot be read by this LeakLab, or null when it can. */
    private static String staleEntry(Path dir) {
        Path about = dir.resolve("model.json");
        if (!Files.isRegularFile(about)) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode json = Json.mapper().readTree(about.toFile());
            // why: entries written before the format was recorded have this layout, format 1
            int format = json == null ? CACHE_FORMAT : json.path("cacheFormat").asInt(CACHE_FORMAT);
            if (format != CACHE_FORMAT) {
                return "was written by LeakLab " + json.path("leaklab").asText("of another version") + " in cache format "
                        + format + ", and this LeakLab " + dev.leaklab.LeakLabVersion.get() + " reads format "
                        + CACHE_FORMAT;
            }
            return null;
        } catch (IOException e) {
            return "has an unreadable model.json (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static void requireTrainable(DataSplit split, int shadowModels) {
        for (Subset s : Subset.values()) {
            List<NormalizedSample> list = split.get(s);
            int per = s == Subset.SHADOW_IN || s == Subset.SHADOW_OUT ? shadowModels : 1;
            if (list.size() < 4 * per) {
                throw new IllegalArgumentException("subset " + s.id() + " holds " + list.size() + " samples: too few to"
                        + " train and attack (at least " + 4 * per + " needed); use more data or fewer shadow models");
            }
            long vulnerable = list.stream().filter(n -> n.sample().label() == 1).count();
            if (vulnerable == 0 || vulnerable == list.size()) {
                throw new IllegalArgumentException("subset " + s.id() + " holds only "
                        + (vulnerable == 0 ? "non-vulnerable" : "vulnerable") + " samples; a model and its utility "
                        + "need both classes");
            }
        }
    }

    // ---- slices ----------------------------------------------------------------------------------------------

    /** Label, CWE and length of the target's samples, members first, as the evaluator orders them. */
    private record SampleInfo(int members, int[] labels, String[] cwes, String[] lengths, String[] planted,
                              List<NormalizedSample> samples) {

        static SampleInfo of(DataSplit split) {
            List<NormalizedSample> all = new ArrayList<>(split.get(Subset.TARGET_IN));
            all.addAll(split.get(Subset.TARGET_OUT));
            int n = all.size();
            int[] labels = new int[n];
            String[] cwes = new String[n];
            String[] lengths = new String[n];
            String[] planted = new String[n];
            boolean canaries = false;
            for (int i = 0; i < n; i++) {
                NormalizedSample s = all.get(i);
                planted[i] = Canaries.isCanary(s.sample()) ? "canary" : "ordinary";
                canaries |= Canaries.isCanary(s.sample());
                labels[i] = s.sample().label();
                cwes[i] = s.sample().cwe() == null || s.sample().cwe().isBlank() ? "unknown" : s.sample().cwe();
                int t = s.tokens().size();
                lengths[i] = t == 0 ? "unknown" : t <= 50 ? "1-50" : t <= 100 ? "51-100" : t <= 200 ? "101-200" : "201+";
            }
            return new SampleInfo(split.get(Subset.TARGET_IN).size(), labels, cwes, lengths, canaries ? planted : null,
                    List.copyOf(all));
        }
    }

    private static List<AttackResult.Slice> slices(double[] scores, double threshold, SampleInfo info) {
        List<AttackResult.Slice> slices = new ArrayList<>();
        String[] labels = new String[scores.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = String.valueOf(info.labels[i]);
        }
        addSlices(slices, "label", labels, scores, threshold, info.members);
        addSlices(slices, "cwe", info.cwes, scores, threshold, info.members);
        addSlices(slices, "length", info.lengths, scores, threshold, info.members);
        if (info.planted != null) {
            addSlices(slices, "canary", info.planted, scores, threshold, info.members);
        }
        return slices;
    }

    private static void addSlices(List<AttackResult.Slice> slices, String by, String[] values, double[] scores,
                                  double threshold, int members) {
        for (String value : new java.util.TreeSet<>(java.util.Arrays.asList(values))) {
            List<Double> in = new ArrayList<>();
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                if (value.equals(values[i])) {
                    (i < members ? in : out).add(scores[i]);
                }
            }
            if (in.size() < MIN_SLICE || out.size() < MIN_SLICE) {
                continue;
            }
            AttackMetrics m = AttackMetrics.of(in.stream().mapToDouble(Double::doubleValue).toArray(),
                    out.stream().mapToDouble(Double::doubleValue).toArray(), threshold);
            slices.add(new AttackResult.Slice(by, value, in.size(), out.size(), m.auc(), m.tprAt1pctFpr(),
                    m.advantage()));
        }
    }

    // ---- hashing ---------------------------------------------------------------------------------------------

    private static float[] probabilities(Released r) {
        float[] z = r.logits();
        float[] p = new float[r.size()];
        for (int i = 0; i < p.length; i++) {
            double max = Math.max(z[2 * i], z[2 * i + 1]);
            double e0 = Math.exp(z[2 * i] - max);
            double e1 = Math.exp(z[2 * i + 1] - max);
            p[i] = (float) (e1 / (e0 + e1));
        }
        return p;
    }

    private static Path resolve(Path path, Path projectFile) {
        if (path.isAbsolute() || projectFile == null) {
            return path;
        }
        Path parent = projectFile.toAbsolutePath().getParent();
        return parent == null ? path : parent.resolve(path);
    }

    static String ids(List<NormalizedSample> samples) {
        StringBuilder b = new StringBuilder();
        for (NormalizedSample s : samples) {
            b.append(s.sample().id()).append('\n');
        }
        return hash(b.toString());
    }

    /** SHA-256 of the samples' ids, labels and code, in order. */
    static String dataHash(List<Sample> samples) {
        MessageDigest digest = sha256();
        for (Sample s : samples) {
            digest.update(s.id().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update((byte) s.label());
            digest.update(s.code().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String hash(String... parts) {
        MessageDigest digest = sha256();
        for (String p : parts) {
            digest.update(p.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
