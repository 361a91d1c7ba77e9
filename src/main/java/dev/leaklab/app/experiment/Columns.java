package dev.leaklab.app.experiment;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/** Table columns of the experiment screens: values as they are, and numbers right-aligned (see {@link #format}). */
final class Columns {

    private Columns() {
    }

    /** A column showing {@code value} of each row. */
    static <S, T> TableColumn<S, T> of(String title, Function<S, T> value, double width) {
        TableColumn<S, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /**
     * A number to three decimals, or in scientific notation when it is not zero but would show as 0.000 (a sure
     * member's loss, say, is 1e-5 and must not read as zero).
     */
    static String format(double v) {
        if (v != 0 && Math.abs(v) < 0.0005 && Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A column of numbers shown to three decimals (see {@link #format}). */
    static <S> TableColumn<S, Double> number(String title, ToDoubleFunction<S> value, double width) {
        TableColumn<S, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.applyAsDouble(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : format(v));
            }
        });
        c.getStyleClass().add("number-column");
        c.setPrefWidth(width);
        return c;
    }
}
