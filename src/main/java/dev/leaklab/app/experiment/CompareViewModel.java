package dev.leaklab.app.experiment;

import dev.leaklab.core.experiment.AttackResult;
import dev.leaklab.core.experiment.ExperimentResults;
import dev.leaklab.core.metrics.RocCurve;
import dev.leaklab.core.model.ModelConfig;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Compare screen's state: every undefended attack of this session's runs (so several feature sets, or
 * several architectures run one after the other), each with a tick; the ticked ones are overlaid.
 */
public final class CompareViewModel {

    /**
     * One curve that can be overlaid.
     *
     * @param label    run and attack, as the legend shows it
     * @param roc      the undefended ROC
     * @param selected whether it is drawn
     * @param intervals the bootstrap intervals of its AUC and TPRs, or {@code null}
     */
    public record Item(String label, RocCurve roc, BooleanProperty selected,
                       dev.leaklab.core.metrics.BootstrapIntervals intervals) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ObservableList<Item> items = FXCollections.observableArrayList();
    private final ObservableList<Item> shown = FXCollections.observableArrayList();

    /** Follows {@code runs} (newest first): the newest run's attacks start ticked. */
    public CompareViewModel(ObservableList<ExperimentResults> runs) {
        runs.addListener((ListChangeListener<ExperimentResults>) c -> rebuild(runs));
        rebuild(runs);
    }

    private void rebuild(List<ExperimentResults> runs) {
        List<Item> all = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            ExperimentResults run = runs.get(r);
            String name = describe(run);
            for (AttackResult a : run.attacks()) {
                if (!"undefended".equals(a.role())) {
                    continue;
                }
                Item item = new Item(name + " · " + a.attackName() + " on " + a.features().name(),
                        a.metrics().roc(), new SimpleBooleanProperty(r == 0), a.intervals());
                item.selected().addListener((o, old, now) -> updateShown());
                all.add(item);
            }
        }
        items.setAll(all);
        updateShown();
    }

    private void updateShown() {
        shown.setAll(items.stream().filter(i -> i.selected().get()).toList());
    }

    /** A run's short name: architecture, sizes and when it finished. */
    static String describe(ExperimentResults run) {
        ModelConfig c = run.config();
        String arch = switch (c.architecture()) {
            case BILSTM -> "BiLSTM";
            case BIGRU -> "BiGRU";
            case CODEBERT -> "Encoder";
        };
        return String.format(Locale.ROOT, "%s %d/%d, %d epochs (%s)", arch, c.embeddingSize(), c.hiddenSize(),
                c.epochs(), TIME.format(run.finished()));
    }

    /** Every curve that can be overlaid. */
    public ObservableList<Item> items() {
        return items;
    }

    /** The ticked curves, in order. */
    public ObservableList<Item> shown() {
        return shown;
    }
}
