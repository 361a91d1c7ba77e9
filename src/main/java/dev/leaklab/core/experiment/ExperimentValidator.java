package dev.leaklab.core.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.leaklab.core.Json;
import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.defense.Mask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the experiment parts of a project file before anything is bound or run, and lists every problem
 * with its place in the file: {@code attacks[1].features[2]: unknown feature "logit"; expected one of
 * embedding, logits, loss, confidence}. One problem a line, each as {@code FILE:LINE: path: reason}.
 */
final class ExperimentValidator {

    private static final Set<String> ROOT = Set.of("schemaVersion", "name", "description", "dataset", "split", "code",
            "model", "shadowModels", "attacks", "attackModel", "defense", "sweep", "seed", "target");
    private static final Set<String> ATTACK = Set.of("attack", "features", "referenceModels", "variants");

    private final Map<String, Integer> lines;
    private final List<String[]> problems = new ArrayList<>();

    private ExperimentValidator(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /**
     * Validates {@code tree}, read from {@code bytes}.
     *
     * @throws ProjectException listing every problem, one a line
     */
    static void validate(Path file, byte[] bytes, JsonNode tree) throws ProjectException {
        ExperimentValidator v = new ExperimentValidator(lines(bytes));
        v.check(tree);
        if (v.problems.isEmpty()) {
            return;
        }
        StringBuilder more = new StringBuilder();
        String[] first = v.problems.get(0);
        for (int i = 1; i < v.problems.size(); i++) {
            String[] p = v.problems.get(i);
            more.append('\n').append(file).append(':').append(v.line(p[0])).append(": ").append(label(p[0]))
                    .append(": ").append(p[1]);
        }
        throw new ProjectException(file, v.line(first[0]), label(first[0]) + ": " + first[1] + more, null);
    }

    private void check(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ROOT.contains(key)) {
                problem("/" + key, "unknown setting; expected one of " + String.join(", ", new java.util.TreeSet<>(ROOT)));
            }
        }
        bind(root, "model", ModelSettings.class);
        bind(root, "attackModel", AttackSettings.class);
        bind(root, "sweep", SweepSettings.class);
        bind(root, "target", TargetSpec.class);
        JsonNode shadows = root.get("shadowModels");
        if (shadows != null && !shadows.isNull() && (!shadows.canConvertToInt() || !shadows.isIntegralNumber()
                || shadows.asInt() < 1 || shadows.asInt() > 16)) {
            problem("/shadowModels", "must be a whole number from 1 to 16, was " + shadows);
        }
        JsonNode seed = root.get("seed");
        if (seed != null && !seed.isNull() && !seed.isIntegralNumber()) {
            problem("/seed", "must be a whole number, was " + seed);
        }
        attacks(root.get("attacks"));
        defense(root.get("defense"));
    }

    private void attacks(JsonNode attacks) {
        if (attacks == null || attacks.isNull()) {
            return;
        }
        if (!attacks.isArray() || attacks.isEmpty()) {
            problem("/attacks", "must be a non-empty list of attacks");
            return;
        }
        for (int i = 0; i < attacks.size(); i++) {
            String at = "/attacks/" + i;
            JsonNode a = attacks.get(i);
            if (!a.isObject()) {
                problem(at, "must be an object such as {\"attack\": \"shadow-mlp\", \"features\": [\"logits\"]}");
                continue;
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!ATTACK.contains(key)) {
                    problem(at + "/" + key, "unknown setting; expected attack, features or referenceModels");
                }
            }
            AttackKind kind = AttackKind.SHADOW_MLP;
            JsonNode name = a.get("attack");
            if (name != null && !name.isNull()) {
                try {
                    kind = AttackKind.fromId(name.asText());
                } catch (IllegalArgumentException e) {
                    problem(at + "/attack", e.getMessage());
                    continue;
                }
            }
            JsonNode features = a.get("features");
            if (features != null && features.isArray()) {
                if (!kind.takesFeatures()) {
                    problem(at + "/features", kind.id() + " reads a fixed output and takes no features");
                }
                if (features.isEmpty()) {
                    problem(at + "/features", "must name at least one of embedding, logits, loss, confidence");
                }
                for (int j = 0; j < features.size(); j++) {
                    try {
                        Feature.fromId(features.get(j).isTextual() ? features.get(j).asText() : features.get(j).toString());
                    } catch (IllegalArgumentException e) {
                        problem(at + "/features/" + j, e.getMessage());
                    }
                }
                continue;
            }
            try {
                Json.mapper().treeToValue(a, AttackSpec.class);
            } catch (IOException | IllegalArgumentException e) {
                problem(at, message(e));
            }
        }
    }

    private void defense(JsonNode defense) {
        if (defense == null || defense.isNull()) {
            return;
        }
        boolean keysOk = true;
        for (String map : new String[] {"sigmas", "masks"}) {
            JsonNode m = defense.get(map);
            if (m == null || !m.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "/defense/" + map + "/" + e.getKey();
                try {
                    Feature.fromId(e.getKey());
                } catch (IllegalArgumentException ex) {
                    problem(at, ex.getMessage());
                    keysOk = false;
                    continue;
                }
                if (map.equals("masks")) {
                    try {
                        Mask.fromId(e.getValue().asText());
                    } catch (IllegalArgumentException ex) {
                        problem(at, ex.getMessage());
                        keysOk = false;
                    }
                } else if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                    problem(at, "must be a number >= 0, was " + e.getValue());
                    keysOk = false;
                }
            }
        }
        JsonNode rest = defense;
        if (!keysOk && defense.isObject()) {
            // why: the maps' problems are listed already; check the other settings without them
            com.fasterxml.jackson.databind.node.ObjectNode copy = defense.deepCopy();
            copy.remove(List.of("sigmas", "masks"));
            rest = copy;
        }
        bindNode(rest, "/defense", DefenseSpec.class);
    }

    private void bind(JsonNode root, String key, Class<?> type) {
        JsonNode node = root.get(key);
        if (node != null && !node.isNull()) {
            bindNode(node, "/" + key, type);
        }
    }

    private void bindNode(JsonNode node, String at, Class<?> type) {
        try {
            Json.mapper().treeToValue(node, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            problem(at + "/" + e.getPropertyName(), "unknown setting");
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String path = at;
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
                path += r.getFieldName() != null ? "/" + r.getFieldName() : "/" + r.getIndex();
            }
            problem(path, message(e));
        } catch (IOException | IllegalArgumentException e) {
            problem(at, message(e));
        }
    }

    private static String message(Exception e) {
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            String m = j.getOriginalMessage();
            int newline = m.indexOf('\n');
            return newline >= 0 ? m.substring(0, newline) : m;
        }
        return e.getMessage();
    }

    private void problem(String pointer, String message) {
        problems.add(new String[] {pointer, message});
    }

    private int line(String pointer) {
        for (String p = pointer; !p.isEmpty(); p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 1;
    }

    /** {@code /attacks/1/features/2} as {@code attacks[1].features[2]}. */
    static String label(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            if (part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
                b.append('[').append(part).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(part);
            }
        }
        return b.toString();
    }

    /** The line of every value in the file, by JSON pointer. */
    private static Map<String, Integer> lines(byte[] bytes) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = Json.mapper().getFactory().createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    continue;
                }
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    pointer = p.getParsingContext().getParent() == null ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString();
                }
                lines.putIfAbsent(pointer, (int) p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // why: the file already parsed as a tree; lines are only a help
        }
        return lines;
    }
}
