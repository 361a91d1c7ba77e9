package dev.leaklab.core.audit;

import dev.leaklab.core.InputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows of a NumPy outputs file: arrays named like the CSV columns, one row a sample. {@code labels}
 * (integers 0 or 1); {@code role} (0 target-in, 1 target-out, 2 shadow-in, 3 shadow-out) or {@code member}
 * (1 or 0, with an optional {@code shadow} of 1 or 0); {@code logits} of shape (n, 2) or a sigmoid logit of
 * shape (n,) or (n, 1), or {@code probabilities} (n, 2), or {@code probability} (n,); optionally {@code loss},
 * {@code confidence} (n,), {@code embedding} (n, d) and integer {@code ids} (n,).
 */
final class NumpyRows {

    private static final String[] ROLES = {"target-in", "target-out", "shadow-in", "shadow-out"};

    private NumpyRows() {
    }

    static OutputsFileReader.Rows of(Path file, Map<String, NumericArray> arrays) throws InputException {
        NumericArray labels = require(file, arrays, "labels");
        long n = labels.rows();
        for (NumericArray a : arrays.values()) {
            if (a.rows() != n || a.shape().length == 0) {
                throw new InputException(file, 0, "array " + a.name() + " has shape " + a.shapeText() + ", but labels "
                        + "has " + n + " rows: every array holds one row a sample", null);
            }
        }
        NumericArray scores = null;
        OutputsFileReader.Scores kind = null;
        if (arrays.containsKey("logits")) {
            scores = arrays.get("logits");
            kind = scores.columns() == 1 ? OutputsFileReader.Scores.LOGIT : OutputsFileReader.Scores.LOGITS;
        } else if (arrays.containsKey("probabilities")) {
            scores = arrays.get("probabilities");
            kind = scores.columns() == 1 ? OutputsFileReader.Scores.PROBABILITY
                    : OutputsFileReader.Scores.PROBABILITIES;
        } else if (arrays.containsKey("probability")) {
            scores = arrays.get("probability");
            kind = OutputsFileReader.Scores.PROBABILITY;
        } else {
            throw new InputException(file, 0, "no scores: give an array logits, probabilities or probability (the file "
                    + "has " + String.join(", ", new TreeSet<>(arrays.keySet())) + ")", null);
        }
        final NumericArray scoreArray = scores;
        if (scores.columns() > 2) {
            throw new InputException(file, 0, "array " + scores.name() + " has shape " + scores.shapeText()
                    + ": LeakLab audits two-class models (not vulnerable, vulnerable)", null);
        }
        NumericArray embedding = arrays.get("embedding");
        NumericArray role = arrays.get("role");
        NumericArray member = arrays.get("member");
        NumericArray shadow = arrays.get("shadow");
        NumericArray ids = arrays.get("ids");
        if (ids != null && (!ids.integral() || ids.columns() != 1)) {
            throw new InputException(file, 0, "array ids must hold one integer a row (shape (n,)); string ids need a "
                    + "CSV or JSON Lines outputs file", null);
        }
        if (n > Integer.MAX_VALUE / 4) {
            throw new InputException(file, 0, "holds " + n + " rows: more than LeakLab can hold", null);
        }
        OutputsFileReader.Layout layout = new OutputsFileReader.Layout(kind, role != null, member != null,
                arrays.containsKey("loss"), arrays.containsKey("confidence"),
                embedding == null ? 0 : (int) embedding.columns());
        OutputsFileReader.Rows rows = new OutputsFileReader.Rows(layout, true);
        for (int r = 0; r < n; r++) {
            final int row = r;
            rows.add(file, r + 1, column -> switch (column) {
                case "id" -> ids == null ? String.valueOf(row + 1) : integer(ids.values()[row]);
                case "label" -> integer(labels.values()[row]);
                case "role" -> role != null ? roleName(role.values()[row])
                        : shadow != null && shadow.values()[row] != 0 ? "shadow" : null;
                case "member" -> member == null ? null : integer(member.values()[row]);
                case "logit0", "logit", "prob0", "probability" -> text(scoreArray, row, 0);
                case "logit1", "prob1" -> text(scoreArray, row, 1);
                case "loss", "confidence" -> text(arrays.get(column), row, 0);
                default -> column.startsWith("emb") && embedding != null ? embeddingValue(embedding, row,
                        column.substring(3)) : null;
            });
        }
        return rows;
    }

    private static NumericArray require(Path file, Map<String, NumericArray> arrays, String name)
            throws InputException {
        NumericArray a = arrays.get(name);
        if (a == null) {
            Set<String> names = new TreeSet<>(arrays.keySet());
            throw new InputException(file, 0, "no array '" + name + "' (the file has " + String.join(", ", names)
                    + "); a NumPy outputs file has labels, role (or member) and logits (or probabilities)", null);
        }
        return a;
    }

    private static String roleName(double v) {
        int i = (int) v;
        return i == v && i >= 0 && i < ROLES.length ? ROLES[i] : "role code " + integer(v);
    }

    private static String integer(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String text(NumericArray a, int row, int column) {
        if (a == null || column >= a.columns()) {
            return null;
        }
        return String.valueOf((float) a.values()[(int) (row * a.columns() + column)]);
    }

    private static String embeddingValue(NumericArray e, int row, String index) {
        try {
            int i = Integer.parseInt(index);
            return i < e.columns() ? text(e, row, i) : null;
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
