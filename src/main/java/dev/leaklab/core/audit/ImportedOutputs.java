package dev.leaklab.core.audit;

import dev.leaklab.core.data.Subset;
import dev.leaklab.core.model.ModelOutputs;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-sample outputs of a model trained elsewhere, by subset, as an outputs file gave them: target-in and
 * target-out always, shadow-in and shadow-out when the file holds the attacker's shadow outputs too.
 *
 * @param source  the file they came from
 * @param subsets the outputs of each subset the file holds
 * @param given   the outputs the file gave ({@code logits}, {@code probabilities}, {@code loss}...)
 * @param derived the outputs LeakLab derived from the logits because the file left them out
 */
public record ImportedOutputs(Path source, Map<Subset, ModelOutputs> subsets, List<String> given,
                              List<String> derived) {

    /** Copies the map; target-in and target-out must be there. */
    public ImportedOutputs {
        subsets = new EnumMap<>(subsets);
        given = List.copyOf(given);
        derived = List.copyOf(derived);
    }

    /** The outputs of one subset, if the file has it. */
    public Optional<ModelOutputs> get(Subset subset) {
        return Optional.ofNullable(subsets.get(subset));
    }

    /** Whether the file holds shadow outputs (both shadow-in and shadow-out). */
    public boolean hasShadow() {
        return subsets.containsKey(Subset.SHADOW_IN) && subsets.containsKey(Subset.SHADOW_OUT);
    }

    /** The width of the embeddings the file gave, 0 when it gave none. */
    public int embeddingSize() {
        return subsets.get(Subset.TARGET_IN).embeddingSize();
    }
}
