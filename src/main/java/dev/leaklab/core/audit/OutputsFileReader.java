package dev.leaklab.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.data.Subset;
import dev.leaklab.core.model.ModelOutputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads an outputs file: the per-sample outputs of a model trained anywhere, one row a sample, as CSV (with a
 * header), JSON Lines, or NumPy ({@code .npz}, or a folder of {@code .npy} files named like its arrays).
 *
 * <h2>What a row holds</h2>
 * <ul>
 *   <li>{@code id}: the sample's id (NumPy: an optional integer array {@code ids}; rows are numbered 1, 2...
 *       without it);</li>
 *   <li>which subset it belongs to: {@code role} ({@code target-in}, {@code target-out}, {@code shadow-in},
 *       {@code shadow-out}; NumPy: 0 to 3), or {@code member} (1 or 0, true or false) with an optional
 *       {@code role} of {@code target} or {@code shadow}; or neither, when a members file says which target
 *       rows were members;</li>
 *   <li>{@code label}: the true label, 1 vulnerable, 0 not;</li>
 *   <li>the scores, one of: {@code logit0, logit1} (JSON, NumPy: {@code logits}, two a row), {@code logit}
 *       (one sigmoid logit for the vulnerable class), {@code prob0, prob1} ({@code probabilities}), or
 *       {@code probability} (of the vulnerable class);</li>
 *   <li>optionally {@code loss} (cross-entropy of the true label), {@code confidence}, and the embedding:
 *       {@code emb0, emb1...} (JSON, NumPy: {@code embedding}, an array a row).</li>
 * </ul>
 * What the file leaves out is derived from the scores (probabilities by softmax, logits as log-probabilities,
 * the loss and confidence from those), and {@link ImportedOutputs} says which outputs were given and which
 * derived. Every problem is one line naming the file and the line (or NumPy row): a missing column, a label
 * that is not 0 or 1, a NaN, an id twice, a members file naming ids the file lacks.
 */
public final class OutputsFileReader {

    /** Outputs files larger than this are refused before reading. */
    static final long MAX_BYTES = 4L << 30;
    /** Classes of the models LeakLab audits. */
    private static final int K = ModelOutputs.CLASSES;
    /** A probability of 0 becomes this, so its log-probability stays finite. */
    private static final double MIN_PROBABILITY = 1e-30;

    private OutputsFileReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @param members which target rows were members, or {@code null} when the file says so itself
     * @param numpy   the NumPy reader, used only for {@code .npz} and {@code .npy}
     * @throws InputException naming the file and line
     */
    public static ImportedOutputs read(Path file, MemberList members, NumpyReader numpy) throws InputException {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        try {
            if (!Files.exists(file)) {
                throw new InputException(file, 0, "no such file", null);
            }
            Rows rows;
            if (Files.isDirectory(file) || name.endsWith(".npz") || name.endsWith(".npy")) {
                rows = numpy(file, numpy);
            } else {
                if (Files.size(file) > MAX_BYTES) {
                    throw new InputException(file, 0, "is larger than " + (MAX_BYTES >> 30) + " GiB: too large for an "
                            + "outputs file", null);
                }
                if (name.endsWith(".csv")) {
                    rows = csv(file);
                } else if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
                    rows = jsonLines(file);
                } else {
                    throw new InputException(file, 0, "is not an outputs file LeakLab reads: name it .csv, .jsonl, "
                            + ".npz or .npy (or give a folder of .npy files)", null);
                }
            }
            return rows.assemble(file, members);
        } catch (NoSuchFileException e) {
            throw new InputException(file, 0, "no such file", e);
        } catch (CharacterCodingException e) {
            throw new InputException(file, 0, "is not UTF-8 text", e);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    // ---- the formats -----------------------------------------------------------------------------------------

    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setIgnoreEmptyLines(true).get();

    private static Rows csv(Path file) throws IOException, InputException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CSVParser parser;
            try {
                parser = CSV.parse(reader);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new InputException(file, 1, "cannot read the header: " + e.getMessage(), e);
            }
            try (parser) {
                Map<String, Integer> header = new HashMap<>();
                for (Map.Entry<String, Integer> e : parser.getHeaderMap().entrySet()) {
                    header.put(e.getKey().strip().toLowerCase(Locale.ROOT), e.getValue());
                }
                Layout layout = Layout.ofColumns(file, header);
                Rows rows = new Rows(layout);
                Iterator<CSVRecord> it = parser.iterator();
                long line = parser.getCurrentLineNumber() + 1;
                while (true) {
                    CSVRecord record;
                    try {
                        if (!it.hasNext()) {
                            break;
                        }
                        record = it.next();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        throw new InputException(file, line, "malformed CSV: " + e.getMessage(), e);
                    }
                    long at = line;
                    line = parser.getCurrentLineNumber() + 1;
                    if (record.size() != header.size()) {
                        throw new InputException(file, at, "record has " + record.size() + " fields, the header has "
                                + header.size(), null);
                    }
                    rows.add(file, at, column -> {
                        Integer i = header.get(column);
                        return i == null ? null : record.get(i).strip();
                    });
                }
                return rows;
            }
        }
    }

    private static Rows jsonLines(Path file) throws IOException, InputException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Rows rows = null;
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.mapper().readTree(text);
                } catch (JsonProcessingException e) {
                    throw new InputException(file, line, "not a JSON object: " + e.getOriginalMessage(), e);
                }
                if (node == null || !node.isObject()) {
                    throw new InputException(file, line, "each line of a JSON Lines outputs file is one object", null);
                }
                if (rows == null) {
                    rows = new Rows(Layout.ofJson(file, line, node));
                }
                rows.add(file, line, jsonFields(file, line, node, rows.layout));
            }
            if (rows == null) {
                throw new InputException(file, 0, "holds no rows", null);
            }
            return rows;
        }
    }

    /** The fields of one JSON row as the CSV layout names them ({@code logits: [a, b]} as logit0, logit1). */
    private static Fields jsonFields(Path file, long line, JsonNode node, Layout layout) throws InputException {
        Map<String, String> flat = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = e.getValue();
            String prefix = switch (key) {
                case "logits" -> "logit";
                case "probabilities" -> "prob";
                case "embedding" -> "emb";
                default -> null;
            };
            if (prefix != null) {
                if (!v.isArray()) {
                    throw new InputException(file, line, "'" + key + "' must be an array of numbers", null);
                }
                for (int i = 0; i < v.size(); i++) {
                    flat.put(prefix + i, v.get(i).isNumber() ? v.get(i).asText() : "x" + v.get(i));
                }
                flat.put(prefix + "#", String.valueOf(v.size()));
            } else if (!v.isNull()) {
                flat.put(key, v.isValueNode() ? v.asText() : v.toString());
            }
        }
        String count = layout.embeddingSize > 0 ? flat.get("emb#") : null;
        if (count != null && Integer.parseInt(count) != layout.embeddingSize) {
            throw new InputException(file, line, "embedding has " + count + " values, the first row's has "
                    + layout.embeddingSize, null);
        }
        String scores = flat.get(layout.scores == Scores.LOGITS ? "logit#" : "prob#");
        if (scores != null && Integer.parseInt(scores) != K) {
            throw new InputException(file, line, (layout.scores == Scores.LOGITS ? "logits" : "probabilities")
                    + " has " + scores + " values: LeakLab audits two-class models (not vulnerable, vulnerable)", null);
        }
        return flat::get;
    }

    private static Rows numpy(Path file, NumpyReader numpy) throws InputException, IOException {
        Map<String, NumericArray> arrays;
        if (Files.isDirectory(file) || String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Path folder = Files.isDirectory(file) ? file : file.toAbsolutePath().getParent();
            arrays = new LinkedHashMap<>();
            try (var list = Files.list(folder)) {
                for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                    String n = String.valueOf(p.getFileName());
                    if (n.toLowerCase(Locale.ROOT).endsWith(".npy") && Files.isRegularFile(p)) {
                        arrays.putAll(numpy.read(p));
                    }
                }
            }
            if (arrays.isEmpty()) {
                throw new InputException(file, 0, "holds no .npy files", null);
            }
        } else {
            arrays = numpy.read(file);
        }
        return NumpyRows.of(file, arrays);
    }

    // ---- rows ------------------------------------------------------------------------------------------------

    /** A row's fields by lower-case column name; {@code null} for a column the row lacks. */
    @FunctionalInterface
    interface Fields {
        String get(String column);
    }

    /** How the scores are given. */
    enum Scores {
        LOGITS("logits"), LOGIT("logit"), PROBABILITIES("probabilities"), PROBABILITY("probability");

        final String label;

        Scores(String label) {
            this.label = label;
        }
    }

    /** Which columns the file has. */
    record Layout(Scores scores, boolean role, boolean member, boolean loss, boolean confidence,
                  int embeddingSize) {

        static Layout ofColumns(Path file, Map<String, Integer> header) throws InputException {
            for (String required : List.of("id", "label")) {
                if (!header.containsKey(required)) {
                    throw new InputException(file, 1, "no '" + required + "' column; an outputs file has id, role "
                            + "(or member), label and the logits (logit0, logit1) or probabilities (prob0, prob1)",
                            null);
                }
            }
            return new Layout(scores(file, 1, header::containsKey, "columns " + String.join(", ",
                    new java.util.TreeSet<>(header.keySet()))), header.containsKey("role"),
                    header.containsKey("member"), header.containsKey("loss"), header.containsKey("confidence"),
                    embeddingWidth(header::containsKey));
        }

        static Layout ofJson(Path file, long line, JsonNode first) throws InputException {
            java.util.Set<String> keys = new java.util.HashSet<>();
            first.fieldNames().forEachRemaining(k -> keys.add(k.toLowerCase(Locale.ROOT)));
            for (String required : List.of("id", "label")) {
                if (!keys.contains(required)) {
                    throw new InputException(file, line, "no '" + required + "' field; an outputs row has id, role (or "
                            + "member), label and logits (or probabilities)", null);
                }
            }
            java.util.Set<String> flat = new java.util.HashSet<>(keys);
            if (keys.contains("logits")) {
                flat.add("logit0");
                flat.add("logit1");
            }
            if (keys.contains("probabilities")) {
                flat.add("prob0");
                flat.add("prob1");
            }
            int embedding = 0;
            JsonNode e = first.get("embedding");
            if (e != null && e.isArray()) {
                embedding = e.size();
            }
            return new Layout(scores(file, line, flat::contains, "fields " + String.join(", ",
                    new java.util.TreeSet<>(keys))), keys.contains("role"), keys.contains("member"),
                    keys.contains("loss"), keys.contains("confidence"), embedding);
        }

        private static Scores scores(Path file, long line, java.util.function.Predicate<String> has, String found)
                throws InputException {
            if (has.test("logit0") || has.test("logit1")) {
                if (has.test("logit2")) {
                    throw new InputException(file, line, "holds more than two logits (logit2...): LeakLab audits "
                            + "two-class models (not vulnerable, vulnerable)", null);
                }
                if (!has.test("logit0") || !has.test("logit1")) {
                    throw new InputException(file, line, "has one of logit0 and logit1 but not the other", null);
                }
                return Scores.LOGITS;
            }
            if (has.test("prob0") || has.test("prob1")) {
                if (has.test("prob2")) {
                    throw new InputException(file, line, "holds more than two probabilities (prob2...): LeakLab "
                            + "audits two-class models (not vulnerable, vulnerable)", null);
                }
                if (!has.test("prob0") || !has.test("prob1")) {
                    throw new InputException(file, line, "has one of prob0 and prob1 but not the other", null);
                }
                return Scores.PROBABILITIES;
            }
            if (has.test("logit")) {
                return Scores.LOGIT;
            }
            if (has.test("probability")) {
                return Scores.PROBABILITY;
            }
            throw new InputException(file, line, "no scores: give logit0 and logit1, logit, prob0 and prob1, or "
                    + "probability (the file has " + found + ")", null);
        }

        private static int embeddingWidth(java.util.function.Predicate<String> has) {
            int d = 0;
            while (has.test("emb" + d)) {
                d++;
            }
            return d;
        }
    }

    /** The rows read so far, column by column. */
    static final class Rows {

        final Layout layout;
        final List<Long> lines = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final List<String> roles = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        final List<double[]> logits = new ArrayList<>();
        final List<Float> loss = new ArrayList<>();
        final List<Float> confidence = new ArrayList<>();
        final List<float[]> embeddings = new ArrayList<>();
        /** Where a row is, for messages: a line number, or a NumPy row. */
        final boolean numpyRows;

        Rows(Layout layout) {
            this(layout, false);
        }

        Rows(Layout layout, boolean numpyRows) {
            this.layout = layout;
            this.numpyRows = numpyRows;
        }

        private InputException problem(Path file, long line, String reason) {
            return numpyRows ? new InputException(file, 0, "row " + line + ": " + reason, null)
                    : new InputException(file, line, reason, null);
        }

        void add(Path file, long line, Fields f) throws InputException {
            String id = f.get("id");
            if (id == null || id.isEmpty()) {
                throw problem(file, line, "no id");
            }
            String role = f.get("role");
            String member = f.get("member");
            roles.add(role(file, line, role == null ? null : role.toLowerCase(Locale.ROOT),
                    member == null ? null : member.toLowerCase(Locale.ROOT)));
            String label = f.get("label");
            if (!"0".equals(label) && !"1".equals(label) && !"0.0".equals(label) && !"1.0".equals(label)) {
                throw problem(file, line, label == null || label.isEmpty() ? "no label"
                        : "label " + InputException.quote(label, 40) + " is not 0 or 1");
            }
            lines.add(line);
            ids.add(id);
            labels.add(label.startsWith("1") ? 1 : 0);
            logits.add(logits(file, line, f));
            if (layout.loss) {
                loss.add(number(file, line, f, "loss"));
            }
            if (layout.confidence) {
                confidence.add(number(file, line, f, "confidence"));
            }
            float[] e = new float[layout.embeddingSize];
            for (int i = 0; i < e.length; i++) {
                e[i] = number(file, line, f, "emb" + i);
            }
            if (layout.embeddingSize > 0 && f.get("emb" + layout.embeddingSize) != null) {
                throw problem(file, line, "embedding has more than the first row's " + layout.embeddingSize
                        + " values");
            }
            embeddings.add(e);
        }

        private String role(Path file, long line, String role, String member) throws InputException {
            if (member != null && !member.isEmpty()) {
                boolean in = switch (member) {
                    case "1", "1.0", "true", "yes" -> true;
                    case "0", "0.0", "false", "no" -> false;
                    default -> throw problem(file, line, "member " + InputException.quote(member, 40)
                            + " is not 1 or 0 (true or false)");
                };
                String model = role == null || role.isEmpty() ? "target" : role;
                if (!model.equals("target") && !model.equals("shadow")) {
                    throw problem(file, line, "with a member column, role is target or shadow, not "
                            + InputException.quote(model, 40));
                }
                return model + (in ? "-in" : "-out");
            }
            if (role == null || role.isEmpty()) {
                return null;
            }
            String r = role.replace('_', '-');
            for (Subset s : Subset.values()) {
                if (s.id().equals(r)) {
                    return r;
                }
            }
            throw problem(file, line, "role " + InputException.quote(role, 40) + " is not one of target-in, "
                    + "target-out, shadow-in, shadow-out");
        }

        private double[] logits(Path file, long line, Fields f) throws InputException {
            switch (layout.scores) {
                case LOGITS:
                    return new double[] {number(file, line, f, "logit0"), number(file, line, f, "logit1")};
                case LOGIT:
                    return new double[] {0, number(file, line, f, "logit")};
                case PROBABILITIES: {
                    double p0 = probability(file, line, f, "prob0");
                    double p1 = probability(file, line, f, "prob1");
                    if (Math.abs(p0 + p1 - 1) > 1e-3) {
                        throw problem(file, line, String.format(Locale.ROOT, "prob0 and prob1 add up to %.4g, not 1: "
                                + "if these are logits, name the columns logit0 and logit1", p0 + p1));
                    }
                    return new double[] {Math.log(Math.max(p0, MIN_PROBABILITY)),
                        Math.log(Math.max(p1, MIN_PROBABILITY))};
                }
                default: {
                    double p = probability(file, line, f, "probability");
                    return new double[] {Math.log(Math.max(1 - p, MIN_PROBABILITY)),
                        Math.log(Math.max(p, MIN_PROBABILITY))};
                }
            }
        }

        private double probability(Path file, long line, Fields f, String column) throws InputException {
            double p = number(file, line, f, column);
            if (p < 0 || p > 1) {
                throw problem(file, line, column + " " + p + " is not a probability (0 to 1)");
            }
            return p;
        }

        private float number(Path file, long line, Fields f, String column) throws InputException {
            String text = f.get(column);
            if (text == null || text.isEmpty()) {
                throw problem(file, line, "no " + column);
            }
            float v;
            try {
                v = Float.parseFloat(text);
            } catch (NumberFormatException e) {
                throw problem(file, line, column + " " + InputException.quote(text, 40) + " is not a number");
            }
            if (!Float.isFinite(v)) {
                throw problem(file, line, column + " is " + text + ": the model's outputs must be finite numbers");
            }
            return v;
        }

        ImportedOutputs assemble(Path file, MemberList members) throws InputException {
            if (ids.isEmpty()) {
                throw new InputException(file, 0, "holds no rows", null);
            }
            boolean marked = roles.get(0) != null;
            for (int i = 0; i < ids.size(); i++) {
                if ((roles.get(i) != null) != marked) {
                    throw problem(file, lines.get(i), marked ? "no role or member, unlike the rows before"
                            : "has a role or member where the rows before had none");
                }
            }
            if (marked && members != null) {
                throw new InputException(members.file(), 0, "the outputs file " + file.getFileName() + " says which "
                        + "rows were members itself (its role or member column); give one or the other", null);
            }
            if (!marked && members == null) {
                throw new InputException(file, numpyRows ? 0 : 1, "does not say which rows were members: add a role "
                        + "column (target-in, target-out, shadow-in, shadow-out) or a member column (1 or 0), or give "
                        + "a members file", null);
            }
            if (!marked) {
                java.util.Set<String> present = new java.util.HashSet<>(ids);
                for (Map.Entry<String, Long> e : members.lines().entrySet()) {
                    if (!present.contains(e.getKey())) {
                        throw new InputException(members.file(), e.getValue(), "id " + InputException.quote(e.getKey(),
                                80) + " is not in " + file.getFileName(), null);
                    }
                }
                for (int i = 0; i < ids.size(); i++) {
                    roles.set(i, members.contains(ids.get(i)) ? Subset.TARGET_IN.id() : Subset.TARGET_OUT.id());
                }
            }
            Map<String, Long> seen = new HashMap<>();
            Map<Subset, List<Integer>> rowsOf = new EnumMap<>(Subset.class);
            for (int i = 0; i < ids.size(); i++) {
                Subset s = subset(roles.get(i));
                String model = s == Subset.TARGET_IN || s == Subset.TARGET_OUT ? "target" : "shadow";
                Long first = seen.putIfAbsent(model + "\0" + ids.get(i), lines.get(i));
                if (first != null) {
                    throw problem(file, lines.get(i), "id " + InputException.quote(ids.get(i), 80) + " appears twice "
                            + "among the " + model + " model's rows (first " + (numpyRows ? "row " : "on line ") + first
                            + ")");
                }
                rowsOf.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
            }
            for (Subset s : List.of(Subset.TARGET_IN, Subset.TARGET_OUT)) {
                if (!rowsOf.containsKey(s)) {
                    throw new InputException(file, 0, "has no " + s.id() + " rows: an audit needs the target model's "
                            + "members and non-members", null);
                }
            }
            if (rowsOf.containsKey(Subset.SHADOW_IN) != rowsOf.containsKey(Subset.SHADOW_OUT)) {
                Subset missing = rowsOf.containsKey(Subset.SHADOW_IN) ? Subset.SHADOW_OUT : Subset.SHADOW_IN;
                throw new InputException(file, 0, "has shadow rows but no " + missing.id() + " rows: a shadow model's "
                        + "outputs need both its members and non-members", null);
            }
            Map<Subset, ModelOutputs> subsets = new EnumMap<>(Subset.class);
            for (Map.Entry<Subset, List<Integer>> e : rowsOf.entrySet()) {
                subsets.put(e.getKey(), outputs(file, e.getValue()));
            }
            List<String> given = new ArrayList<>();
            List<String> derived = new ArrayList<>();
            given.add(layout.scores.label);
            derived.add(layout.scores == Scores.LOGITS || layout.scores == Scores.LOGIT ? "probabilities"
                    : "logits (as log-probabilities)");
            (layout.loss ? given : derived).add("loss");
            (layout.confidence ? given : derived).add("confidence");
            if (layout.embeddingSize > 0) {
                given.add("embedding (" + layout.embeddingSize + " values)");
            }
            return new ImportedOutputs(file, subsets, given, derived);
        }

        private ModelOutputs outputs(Path file, List<Integer> rows) throws InputException {
            int n = rows.size();
            List<String> subsetIds = new ArrayList<>(n);
            int[] y = new int[n];
            float[] z = new float[n * K];
            int d = layout.embeddingSize;
            float[] e = new float[n * d];
            float[] l = layout.loss ? new float[n] : null;
            float[] c = layout.confidence ? new float[n] : null;
            for (int j = 0; j < n; j++) {
                int i = rows.get(j);
                subsetIds.add(ids.get(i));
                y[j] = labels.get(i);
                double[] s = logits.get(i);
                z[2 * j] = (float) s[0];
                z[2 * j + 1] = (float) s[1];
                System.arraycopy(embeddings.get(i), 0, e, j * d, d);
                if (l != null) {
                    l[j] = loss.get(i);
                }
                if (c != null) {
                    c[j] = confidence.get(i);
                }
            }
            try {
                return ModelOutputs.of(subsetIds, y, z, e, d, l, c);
            } catch (IllegalArgumentException ex) {
                throw new InputException(file, 0, ex.getMessage(), ex);
            }
        }

        private static Subset subset(String role) {
            for (Subset s : Subset.values()) {
                if (s.id().equals(role)) {
                    return s;
                }
            }
            throw new IllegalStateException(role);
        }
    }
}
