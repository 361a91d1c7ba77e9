package dev.leaklab.app.experiment;

import dev.leaklab.core.experiment.ExperimentResults;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The attack entry a screen shows, chosen among the entries of the results: new results select their strongest
 * attack, and every change of choice (or of results under the same choice) is shown once.
 */
final class AttackChoice {

    private final ObservableList<String> keys = FXCollections.observableArrayList();
    private final ObjectProperty<String> chosen = new SimpleObjectProperty<>(this, "attack");
    private final Consumer<String> show;

    /** @param show shows an entry ({@code null}: nothing) */
    AttackChoice(Consumer<String> show) {
        this.show = show;
        chosen.addListener((o, old, now) -> show.accept(now));
    }

    /** Offers {@code results}' entries and selects their strongest. */
    void offer(ExperimentResults results) {
        keys.setAll(results == null ? List.of() : new ArrayList<>(results.evaluators().keySet()));
        String headline = results == null ? null : ExperimentResults.key(results.headlineResult());
        if (headline != null && headline.equals(chosen.get())) {
            show.accept(headline);
        } else {
            chosen.set(headline);
        }
    }

    /** The entries. */
    ObservableList<String> keys() {
        return keys;
    }

    /** The chosen entry. */
    ObjectProperty<String> chosen() {
        return chosen;
    }
}
