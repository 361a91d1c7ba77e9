package dev.leaklab.core.experiment;

import dev.leaklab.core.InputException;
import dev.leaklab.core.attack.Released;
import dev.leaklab.core.code.CodeVariants;
import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.OutputsStore;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a trained model about meaning-preserving variants of samples, for the label-only attack: the variants
 * are written from each sample's raw code, normalised as the samples were, encoded with the model's own
 * vocabulary, and run in chunks so that only the logits of many thousands of variants are held. A model with a
 * cache folder keeps the answers there, so a rerun asks nothing again.
 */
final class VariantQueries {

    /** Bumped whenever {@link CodeVariants} writes different variants, so that cached answers are not reused. */
    private static final String VARIANTS_VERSION = "1";
    private static final int CHUNK = 4_096;

    private VariantQueries() {
    }

    /**
     * The model's outputs on {@code count} variants of each sample, grouped by sample (rows {@code i·count} to
     * {@code i·count + count − 1} are sample {@code i}'s), without embeddings.
     *
     * @param model    the model, or {@code null} to load it from {@code cacheDir/model}
     * @param cacheDir the model's cache folder, or {@code null} when it has none
     * @throws IllegalArgumentException when the model is neither given nor in its folder
     */
    static Released answers(TrainedModel model, Path cacheDir, String role, List<NormalizedSample> samples, int count,
                            long seed, CodeSettings code, CancellationToken cancel) throws IOException {
        Path file = cacheDir == null ? null : cacheDir.resolve("variants-" + key(samples, count, seed) + ".bin");
        if (file != null && Files.isRegularFile(file)) {
            try {
                ModelOutputs cached = OutputsStore.load(file);
                if (cached.size() == samples.size() * count) {
                    return Released.clean(cached);
                }
            } catch (InputException e) {
                // why: a damaged cache file is asked again, not trusted
            }
        }
        TrainedModel m = model != null ? model : load(cacheDir, role);
        SymbolicNormalizer normalizer = new SymbolicNormalizer(code.normalizerOptions());
        CodeVariants variants = new CodeVariants(seed);
        List<String> ids = new ArrayList<>(samples.size() * count);
        int[] labels = new int[samples.size() * count];
        float[] logits = new float[2 * samples.size() * count];
        List<NormalizedSample> chunk = new ArrayList<>(CHUNK);
        int row = 0;
        for (NormalizedSample s : samples) {
            cancel.throwIfCancelled();
            Sample sample = s.sample();
            List<String> written = variants.of(sample.id(), sample.code(), count);
            for (int v = 0; v < count; v++) {
                Sample variant = new Sample(sample.id() + "~" + (v + 1), written.get(v), sample.label(),
                        sample.source(), sample.line(), sample.cwe(), sample.tag());
                chunk.add(new NormalizedSample(variant, normalizer.normalize(variant.code())));
            }
            if (chunk.size() >= CHUNK) {
                row = run(m, chunk, code, ids, labels, logits, row, cancel);
            }
        }
        row = run(m, chunk, code, ids, labels, logits, row, cancel);
        ModelOutputs outputs = ModelOutputs.of(ids, labels, logits, new float[0], 0);
        if (file != null) {
            OutputsStore.save(outputs, file);
        }
        return Released.clean(outputs);
    }

    private static int run(TrainedModel model, List<NormalizedSample> chunk, CodeSettings code, List<String> ids,
                           int[] labels, float[] logits, int row, CancellationToken cancel) {
        if (chunk.isEmpty()) {
            return row;
        }
        ModelOutputs out = model.outputs(ModelTraining.encodeFor(model, chunk, code), cancel);
        ids.addAll(out.ids());
        System.arraycopy(out.labels(), 0, labels, row, out.size());
        System.arraycopy(out.logits(), 0, logits, 2 * row, 2 * out.size());
        chunk.clear();
        return row + out.size();
    }

    private static TrainedModel load(Path cacheDir, String role) {
        if (cacheDir == null || !Files.isDirectory(cacheDir.resolve("model"))) {
            throw new IllegalArgumentException("label-only needs the " + role + " model itself to ask it about "
                    + "variants, and the model cache holds only its outputs"
                    + (cacheDir == null ? "" : " (" + cacheDir + ")") + "; delete that folder to train it again");
        }
        try {
            return Trainers.load(cacheDir.resolve("model"));
        } catch (InputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String key(List<NormalizedSample> samples, int count, long seed) {
        return ExperimentRunner.hash(VARIANTS_VERSION, String.valueOf(count), String.valueOf(seed),
                ExperimentRunner.ids(samples));
    }
}
