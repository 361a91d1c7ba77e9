package dev.leaklab.app.experiment;

import dev.leaklab.app.dataset.CodeLayout;
import dev.leaklab.core.data.NormalizedSample;
import dev.leaklab.core.defense.DefenseEvaluator;
import dev.leaklab.core.experiment.AttackResult;
import dev.leaklab.core.experiment.ExperimentResults;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Exposure screen's state: the target members the chosen attack is surest about, most exposed first; the
 * selected one's code (as written and normalised), label, CWE and scores; and the attack's slices by true
 * label, CWE and length.
 */
public final class ExposureViewModel {

    /** Members listed at most. */
    public static final int LIMIT = 500;

    /**
     * One exposed member.
     *
     * @param rank       1 for the one the attack is surest about
     * @param sample     the member
     * @param score      the attack's score (higher: surer it is a member)
     * @param loss       the target model's loss on it
     * @param confidence the target model's confidence on it
     * @param flagged    whether the attack calls it a member at its threshold
     */
    public record Row(int rank, NormalizedSample sample, double score, double loss, double confidence,
                      boolean flagged) {
    }

    private final ObjectProperty<ExperimentResults> results = new SimpleObjectProperty<>(this, "results");
    private final AttackChoice choice = new AttackChoice(this::show);
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<AttackResult.Slice> slices = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Row> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper originalCode = new ReadOnlyStringWrapper(this, "originalCode", "");
    private final ReadOnlyStringWrapper normalizedCode = new ReadOnlyStringWrapper(this, "normalizedCode", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    /** An empty screen; it fills when results are set. */
    public ExposureViewModel() {
        results.addListener((o, old, now) -> choice.offer(now));
    }

    private void show(String key) {
        ExperimentResults r = results.get();
        select(null);
        if (r == null || key == null || r.targetSamples().isEmpty()) {
            rows.clear();
            slices.clear();
            summary.set(r == null ? "" : "No samples to show for these results");
            return;
        }
        DefenseEvaluator evaluator = r.evaluators().get(key);
        double[] scores = evaluator.attack().score(evaluator.target());
        double threshold = evaluator.attack().threshold();
        int members = evaluator.members();
        Integer[] order = new Integer[members];
        for (int i = 0; i < members; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        List<Row> list = new ArrayList<>();
        int flagged = 0;
        for (int i = 0; i < members; i++) {
            if (scores[i] >= threshold) {
                flagged++;
            }
        }
        float[] loss = evaluator.target().loss();
        float[] confidence = evaluator.target().confidence();
        for (int k = 0; k < Math.min(LIMIT, members); k++) {
            int i = order[k];
            list.add(new Row(k + 1, r.targetSamples().get(i), scores[i], loss[i], confidence[i],
                    scores[i] >= threshold));
        }
        rows.setAll(list);
        slices.setAll(r.undefended(key).slices());
        summary.set(String.format(java.util.Locale.ROOT, "%,d of %,d target members flagged as members at the "
                + "attack's threshold; the %,d it is surest about are listed", flagged, members, list.size()));
        select(list.isEmpty() ? null : list.get(0));
    }

    /** Shows {@code row}'s code (nothing for {@code null}). */
    public void select(Row row) {
        selected.set(row);
        originalCode.set(row == null ? "" : row.sample().sample().code());
        normalizedCode.set(row == null ? "" : CodeLayout.format(row.sample().tokens()));
    }

    /** The results shown. */
    public ObjectProperty<ExperimentResults> resultsProperty() {
        return results;
    }

    /** The attack entries to choose from. */
    public ObservableList<String> attacks() {
        return choice.keys();
    }

    /** The chosen attack entry. */
    public ObjectProperty<String> attackProperty() {
        return choice.chosen();
    }

    /** The most exposed members, surest first. */
    public ObservableList<Row> rows() {
        return rows;
    }

    /** The chosen attack's undefended slices. */
    public ObservableList<AttackResult.Slice> slices() {
        return slices;
    }

    /** The selected member. */
    public ReadOnlyObjectProperty<Row> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected member's code as written. */
    public ReadOnlyStringProperty originalCodeProperty() {
        return originalCode.getReadOnlyProperty();
    }

    /** The selected member's normalised code. */
    public ReadOnlyStringProperty normalizedCodeProperty() {
        return normalizedCode.getReadOnlyProperty();
    }

    /** A line on how many members the attack flags. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
