package dev.leaklab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.code.EncodedSequence;
import dev.leaklab.core.code.Vocabulary;
import dev.leaklab.core.experiment.ProjectException;
import dev.leaklab.core.experiment.ProjectStore;
import dev.leaklab.core.model.Architecture;
import dev.leaklab.core.model.LabelledSequences;
import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.ModelOutputs;
import dev.leaklab.core.model.Optimizer;
import dev.leaklab.core.model.OutputsStore;
import dev.leaklab.core.model.TrainedModel;
import dev.leaklab.core.model.Trainers;
import dev.leaklab.core.model.pretrained.PretrainedException;
import dev.leaklab.core.model.pretrained.PretrainedFolder;
import dev.leaklab.core.model.pretrained.RobertaConfig;
import dev.leaklab.core.model.pretrained.SafeTensors;
import dev.leaklab.core.model.pretrained.Tensor;
import dev.leaklab.core.model.pretrained.TinyRobertaCheckpoint;
import dev.leaklab.core.task.CancellationToken;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted project, checkpoint, tensor and outputs files, each built to make a loader instantiate a class the
 * file names, allocate what the file merely claims, or fail with something other than its own checked
 * exception. Every one must end in that exception, one line, naming the file; nothing is instantiated and
 * nothing larger than the file is allocated (the test JVM has 2 GB; the claims here run to terabytes).
 */
class HostileFilesTest {

    // why: a static folder is ready before the nested classes' @BeforeAll methods run; instance ones are not
    @TempDir
    static Path root;

    /** Counts every time {@link Gadget} is initialised or constructed. */
    static final class Tripwire {
        static final AtomicInteger HITS = new AtomicInteger();

        private Tripwire() {
        }
    }

    /**
     * A class a hostile file names. Jackson initialises a class as soon as it resolves its name
     * ({@code Class.forName(name, true, ...)}), so any attempt to honour a type id trips the wire, even one
     * that would fail later because the class does not fit the field.
     */
    public static final class Gadget {
        static {
            Tripwire.HITS.incrementAndGet();
        }

        /** The property setter a gadget chain would call. */
        public String command;

        public Gadget() {
            Tripwire.HITS.incrementAndGet();
        }
    }

    /**
     * The throwable of {@code loader}, which must be a one-line {@code InputException} naming {@code file}, or
     * for a folder, the folder or a file in it.
     */
    private static <T extends InputException> T assertRejected(Class<T> type, Path file, ThrowingRunnable loader) {
        Throwable thrown = catchThrowable(loader::run);
        assertThat(thrown).as("what the loader threw").isInstanceOf(type);
        assertThat(thrown.getMessage()).as("one line naming the file").doesNotContain("\n", "\r")
                .matches(Pattern.quote(file.toString()) + "(" + Pattern.quote(File.separator) + "[^:]+)?:(\\d+:)? .+");
        return type.cast(thrown);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The bytes {@code fill} puts into a buffer of this byte order and capacity. */
    private static byte[] bytes(ByteOrder order, int capacity, Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(capacity).order(order);
        fill.accept(b);
        return Arrays.copyOf(b.array(), b.position());
    }

    // =====================================================================================================
    // 1. Project files: no polymorphic types, whatever a file says

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ProjectFiles {

        private static final String BASE = """
                {
                  "schemaVersion": 2,
                  "name": "gadgets",
                  "description": "every setting filled in, so every setting can carry a gadget",
                  "dataset": {"paths": ["data.jsonl"], "format": "jsonl", "codeField": "func", "labelField": "target",
                              "idField": "idx", "cweField": "cwe", "strict": false, "encodingFallback": "latin1"},
                  "split": {"targetIn": 0.25, "targetOut": 0.25, "shadowIn": 0.25, "shadowOut": 0.25,
                            "maxPerSubset": 0, "conflicts": "drop", "seed": 42},
                  "code": {"maxLength": 100, "minFrequency": 1, "maxVocabulary": 500, "foldStrings": true,
                           "foldChars": false, "foldNumbers": false, "keep": "head"},
                  "model": {"arch": "bilstm", "embedding": 8, "hidden": 8, "epochs": 1, "optimizer": "adam",
                            "learningRate": 0.01, "seed": 1},
                  "shadowModels": 1,
                  "attacks": [{"attack": "shadow-mlp", "features": ["logits", "loss"]},
                              {"attack": "shadow-mlp", "features": "gray-box"},
                              {"attack": "lira-offline", "referenceModels": 2}],
                  "attackModel": {"hidden": 8, "epochs": 2},
                  "defense": {"sigma": 1.0, "sigmas": {"loss": 0.5}, "masks": {"embedding": "withheld"},
                              "noise": "fresh", "queries": 2},
                  "sweep": {"sigmas": [0, 1], "adaptive": true},
                  "seed": 3
                }
                """;

        private static final String GADGET = Gadget.class.getName();

        /** Type ids in Jackson's styles (class or minimal class as a property, wrapper arrays), and plain text. */
        private static final List<String> GADGETS = List.of(
                "{\"@class\": \"java.net.URL\", \"val\": \"http://127.0.0.1:1/\"}",
                "[\"com.sun.rowset.JdbcRowSetImpl\", {\"dataSourceName\": \"ldap://127.0.0.1:1/x\", \"autoCommit\": true}]",
                "{\"@class\": \"" + GADGET + "\", \"command\": \"touch pwned\"}",
                "[\"" + GADGET + "\", {\"command\": \"touch pwned\"}]",
                "{\"@c\": \".HostileFilesTest$Gadget\", \"command\": \"touch pwned\"}",
                "[\"java.util.ArrayList\", [[\"" + GADGET + "\", {\"command\": \"touch pwned\"}]]]",
                "\"" + GADGET + "\"",
                "[\"" + GADGET + "\", \"touch pwned\"]");

        @TempDir
        Path dir;

        private final List<String> pointers = new ArrayList<>();
        private final List<String> objects = new ArrayList<>();

        @BeforeAll
        void collectEverySetting() throws IOException {
            walk(Json.mapper().readTree(BASE), "");
        }

        private void walk(JsonNode node, String pointer) {
            if (!pointer.isEmpty()) {
                pointers.add(pointer);
            }
            if (node.isObject()) {
                objects.add(pointer);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    walk(e.getValue(), pointer + "/" + e.getKey());
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), pointer + "/" + i);
                }
            }
        }

        @Test
        void theUntouchedProjectLoads() throws Exception {
            Path file = Files.writeString(dir.resolve("base.leaklab"), BASE);
            assertThat(ProjectStore.load(file).attacks()).hasSize(3);
        }

        @TestFactory
        Stream<DynamicTest> aGadgetInPlaceOfAnySettingIsRejectedOrReadAsPlainTextAndInstantiatesNothing() {
            List<DynamicTest> tests = new ArrayList<>();
            for (String pointer : pointers) {
                for (int g = 0; g < GADGETS.size(); g++) {
                    String gadget = GADGETS.get(g);
                    String name = pointer + " := gadget " + g;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        ObjectNode root = (ObjectNode) Json.mapper().readTree(BASE);
                        replace(root, pointer, Json.mapper().readTree(gadget));
                        check(name, root, gadget.startsWith("\"") || gadget.matches("\\[\"[^\"]+\", \"[^\"]+\"]"));
                    }));
                }
            }
            return tests.stream();
        }

        @TestFactory
        Stream<DynamicTest> aTypePropertyAddedToAnyObjectIsRejectedAndInstantiatesNothing() {
            List<DynamicTest> tests = new ArrayList<>();
            for (String pointer : objects) {
                for (String key : List.of("@class", "@type", "@c")) {
                    String name = (pointer.isEmpty() ? "/" : pointer) + " += " + key;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        ObjectNode root = (ObjectNode) Json.mapper().readTree(BASE);
                        ObjectNode target = (ObjectNode) root.at(pointer.isEmpty() ? "" : pointer);
                        ObjectNode typed = Json.mapper().createObjectNode().put(key, GADGET);
                        typed.setAll(target);
                        if (pointer.isEmpty()) {
                            root = typed;
                        } else {
                            replace(root, pointer, typed);
                        }
                        check(name, root, false);
                    }));
                }
            }
            return tests.stream();
        }

        private void check(String name, ObjectNode root, boolean mayBeReadAsText) throws Exception {
            Path file = dir.resolve("hostile.leaklab");
            Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            int before = Tripwire.HITS.get();
            Throwable thrown = catchThrowable(() -> ProjectStore.load(file));
            assertThat(Tripwire.HITS.get()).as(name + ": gadget class initialised or built").isEqualTo(before);
            assertThat(before).as("gadget class initialised by an earlier case").isZero();
            if (thrown == null) {
                assertThat(mayBeReadAsText).as(name + ": a structured gadget was accepted").isTrue();
                return;
            }
            assertThat(thrown).as(name).isInstanceOf(ProjectException.class);
            // why: the validator lists every problem of a file at once, one a line, each as FILE:LINE: reason
            for (String line : thrown.getMessage().split("\n", -1)) {
                assertThat(line).as(name).matches(Pattern.quote(file.toString()) + ":[1-9][0-9]*: [^\r]+");
            }
        }

        private void replace(ObjectNode root, String pointer, JsonNode value) {
            JsonPointer p = JsonPointer.compile(pointer);
            JsonNode parent = root.at(p.head());
            String last = p.last().getMatchingProperty();
            if (parent.isArray()) {
                ((ArrayNode) parent).set(Integer.parseInt(last), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
        }
    }

    // =====================================================================================================
    // 4a. Model checkpoints (ArrayModel: model.json and parameters.bin)

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ModelCheckpoints {

        private final Path dir = root.resolve("checkpoints");

        private Path good;
        private byte[] params;
        private ObjectNode sidecar;

        @BeforeAll
        void trainAndSaveATinyModel() throws Exception {
            Files.createDirectories(dir);
            Vocabulary vocabulary = Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "a", "b", "c"));
            ModelConfig config = new ModelConfig(Architecture.BILSTM, 4, 4, 1, 1, 0.0, 8, 1, 4, 1e-2, Optimizer.ADAM,
                    0.0, false, 0, 1L, null, false);
            List<String> ids = new ArrayList<>();
            List<EncodedSequence> sequences = new ArrayList<>();
            int[] labels = new int[8];
            for (int i = 0; i < 8; i++) {
                ids.add("s" + i);
                sequences.add(new EncodedSequence(new int[] {2 + i % 3, 3, 4, 2, 0, 0, 0, 0}, 4, 4));
                labels[i] = i % 2;
            }
            TrainedModel model = Trainers.standard().train("tiny", config, vocabulary,
                    new LabelledSequences(ids, sequences, labels), null, p -> { }, CancellationToken.none());
            good = dir.resolve("good");
            model.save(good);
            params = Files.readAllBytes(good.resolve("parameters.bin"));
            sidecar = (ObjectNode) Json.mapper().readTree(good.resolve("model.json").toFile());
        }

        /** A checkpoint folder with the given sidecar and parameter bytes. */
        private Path checkpoint(String name, JsonNode side, byte[] parameters) throws IOException {
            Path folder = Files.createDirectories(dir.resolve(name));
            Files.write(folder.resolve("model.json"), Json.mapper().writeValueAsBytes(side));
            Files.write(folder.resolve("parameters.bin"), parameters);
            return folder;
        }

        private ObjectNode sidecarWith(Consumer<ObjectNode> change) {
            ObjectNode copy = sidecar.deepCopy();
            change.accept(copy);
            return copy;
        }

        private static Consumer<ObjectNode> config(String field, long value) {
            return s -> ((ObjectNode) s.get("config")).put(field, value);
        }

        private static byte[] header(int magic, int count, int... lengths) {
            // why: DataOutputStream writes the magic word, the count and the lengths big-endian
            return bytes(ByteOrder.BIG_ENDIAN, 8 + 4 * lengths.length, b -> {
                b.putInt(magic).putInt(count);
                for (int len : lengths) {
                    b.putInt(len);
                }
            });
        }

        @Test
        void theUntouchedCheckpointLoads() throws Exception {
            assertThat(Trainers.load(good).config().hiddenSize()).isEqualTo(4);
        }

        @TestFactory
        Stream<DynamicTest> aCraftedCheckpointFailsWithOneLineNamingItBeforeAllocatingWhatItClaims() {
            Map<String, ThrowingSupplier> cases = new LinkedHashMap<>();
            int magic = ByteBuffer.wrap(params).getInt();
            // what model.json claims
            cases.put("10 million embedding rows of 4096 (an int product that overflows)", () -> checkpoint("rows-overflow",
                    sidecarWith(config("embeddingSize", 4096).andThen(s -> s.put("embeddingRows", 10_000_000))),
                    params));
            cases.put("1 million embedding rows of 2048 (8 GB of floats)", () -> checkpoint("rows-8gb",
                    sidecarWith(config("embeddingSize", 2048).andThen(s -> s.put("embeddingRows", 1_000_000))),
                    params));
            cases.put("24 layers of hidden 8192", () -> checkpoint("deep", sidecarWith(config("hiddenSize", 8192)
                    .andThen(config("layers", 24))), params));
            cases.put("an encoder of width 4096, 24 blocks, 10 million rows", () -> checkpoint("encoder",
                    sidecarWith(config("embeddingSize", 4096).andThen(config("hiddenSize", 8192))
                            .andThen(config("layers", 24)).andThen(config("heads", 64)).andThen(config("maxLength", 1024))
                            .andThen(s -> ((ObjectNode) s.get("config")).put("architecture", "CODEBERT"))
                            .andThen(s -> s.put("embeddingRows", 10_000_000))), params));
            cases.put("embeddingRows negative", () -> checkpoint("rows-negative",
                    sidecarWith(s -> s.put("embeddingRows", -5)), params));
            cases.put("embeddingRows past int", () -> checkpoint("rows-long",
                    sidecarWith(s -> s.put("embeddingRows", 1L << 40)), params));
            cases.put("embeddingRows missing", () -> checkpoint("rows-missing",
                    sidecarWith(s -> s.remove("embeddingRows")), params));
            cases.put("embeddingRows disagreeing with the vocabulary", () -> checkpoint("rows-vocabulary",
                    sidecarWith(s -> s.put("embeddingRows", 3)), params));
            cases.put("a hidden size below 1", () -> checkpoint("hidden-negative",
                    sidecarWith(config("hiddenSize", -4)), params));
            cases.put("an unknown architecture", () -> checkpoint("arch", sidecarWith(s ->
                    ((ObjectNode) s.get("config")).put("architecture", "java.lang.ProcessBuilder")), params));
            cases.put("a class-typed config", () -> checkpoint("config-typed", sidecarWith(s ->
                    ((ObjectNode) s.get("config")).put("@class", Gadget.class.getName())), params));
            cases.put("no config", () -> checkpoint("config-missing", sidecarWith(s -> s.remove("config")), params));
            cases.put("a config that is text", () -> checkpoint("config-text",
                    sidecarWith(s -> s.put("config", "bilstm")), params));
            cases.put("a vocabulary with a repeated token", () -> checkpoint("vocabulary-repeated",
                    sidecarWith(s -> ((ArrayNode) s.get("vocabulary")).set(4, "a")), params));
            cases.put("another engine", () -> checkpoint("engine", sidecarWith(s -> s.put("engine", "dl4j")), params));
            cases.put("a newer schema", () -> checkpoint("schema", sidecarWith(s -> s.put("schemaVersion", 2)), params));
            cases.put("model.json not JSON", () -> {
                Path c = checkpoint("sidecar-garbage", sidecar, params);
                Files.writeString(c.resolve("model.json"), "{\"schemaVersion\": 1, \"engine\": ");
                return c;
            });
            cases.put("model.json nested 10000 deep", () -> {
                Path c = checkpoint("sidecar-deep", sidecar, params);
                Files.writeString(c.resolve("model.json"), "[".repeat(10_000) + "]".repeat(10_000));
                return c;
            });
            // what parameters.bin claims
            cases.put("a wrong magic word", () -> checkpoint("magic", sidecar, withInt(params, 0, 0x504B0304)));
            cases.put("2^31-1 parameter arrays", () -> checkpoint("count-huge", sidecar,
                    withInt(params, 4, Integer.MAX_VALUE)));
            cases.put("a negative array count", () -> checkpoint("count-negative", sidecar, withInt(params, 4, -1)));
            cases.put("a first array of 2^30 floats (4 GB)", () -> checkpoint("length-huge", sidecar,
                    withInt(params, 8, 1 << 30)));
            cases.put("a negative array length", () -> checkpoint("length-negative", sidecar, withInt(params, 8, -7)));
            cases.put("a file of the header alone", () -> checkpoint("header-only", sidecar,
                    header(magic, ByteBuffer.wrap(params).getInt(4), 1 << 30)));
            cases.put("a file cut in the middle", () -> checkpoint("cut", sidecar,
                    Arrays.copyOf(params, params.length / 2)));
            cases.put("a file cut to 3 bytes", () -> checkpoint("cut-3", sidecar, Arrays.copyOf(params, 3)));
            cases.put("an empty file", () -> checkpoint("empty", sidecar, new byte[0]));
            cases.put("data after the last array", () -> checkpoint("trailing", sidecar,
                    Arrays.copyOf(params, params.length + 4)));
            cases.put("parameters.bin missing", () -> {
                Path c = checkpoint("params-missing", sidecar, params);
                Files.delete(c.resolve("parameters.bin"));
                return c;
            });
            cases.put("model.json a folder", () -> {
                Path c = checkpoint("sidecar-folder", sidecar, params);
                Files.delete(c.resolve("model.json"));
                Files.createDirectory(c.resolve("model.json"));
                return c;
            });
            return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                Path folder = e.getValue().get();
                assertRejected(InputException.class, folder, () -> Trainers.load(folder));
            }));
        }

        /** {@code bytes} with a big-endian int (as DataOutputStream writes the header) put at {@code offset}. */
        private static byte[] withInt(byte[] bytes, int offset, int value) {
            byte[] copy = bytes.clone();
            ByteBuffer.wrap(copy).putInt(offset, value);
            return copy;
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier {
        Path get() throws Exception;
    }

    // =====================================================================================================
    // 4b. Safetensors files (pretrained weights)

    @Nested
    class SafeTensorsFiles {

        @TempDir
        Path dir;

        private int made;

        private Path file(String header, int dataBytes) throws IOException {
            return file(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
        }

        private Path file(long declaredLength, String header, int dataBytes) throws IOException {
            byte[] json = header.getBytes(StandardCharsets.UTF_8);
            Path path = dir.resolve("crafted-" + made++ + ".safetensors");
            Files.write(path, bytes(ByteOrder.LITTLE_ENDIAN, 8 + json.length + dataBytes,
                    b -> b.putLong(declaredLength).put(json).put(new byte[dataBytes])));
            return path;
        }

        private static String tensor(String dtype, String shape, String offsets) {
            return "{\"w\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data_offsets\": " + offsets + "}}";
        }

        @TestFactory
        Stream<DynamicTest> aCraftedSafetensorsFileFailsWithOneLineNamingItBeforeAllocatingWhatItClaims() {
            Map<String, ThrowingSupplier> cases = new LinkedHashMap<>();
            cases.put("a 2^40-element tensor", () -> file(tensor("F32", "[1048576, 1048576]", "[0, 4398046511104]"), 16));
            cases.put("a 2^40-element tensor with empty offsets", () -> file(tensor("F32", "[1048576, 1048576]",
                    "[0, 0]"), 16));
            cases.put("a negative dimension", () -> file(tensor("F32", "[-1, 4]", "[0, 16]"), 16));
            cases.put("a product of dimensions that overflows a long", () -> file(tensor("F32",
                    "[4294967296, 4294967296, 4294967296]", "[0, 16]"), 16));
            cases.put("a dimension past a long", () -> file(tensor("F32", "[18446744073709551617]", "[0, 16]"), 16));
            cases.put("a fractional dimension", () -> file(tensor("F32", "[2.5]", "[0, 10]"), 16));
            cases.put("a dimension given as text", () -> file(tensor("F32", "[\"4\"]", "[0, 16]"), 16));
            cases.put("65 dimensions", () -> file(tensor("F32", "[" + "1, ".repeat(64) + "1]", "[0, 4]"), 16));
            cases.put("offsets past the end of the file", () -> file(tensor("F32", "[4]", "[1099511627776, "
                    + "1099511627792]"), 16));
            cases.put("offsets reversed", () -> file(tensor("F32", "[4]", "[16, 0]"), 16));
            cases.put("negative offsets", () -> file(tensor("F32", "[4]", "[-16, 0]"), 16));
            cases.put("offsets at the largest long", () -> file(tensor("F32", "[0]",
                    "[9223372036854775807, 9223372036854775807]"), 16));
            cases.put("overlapping tensors", () -> file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\":"
                    + " [0, 8]}, \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 16));
            cases.put("a header length larger than the file", () -> file(1 << 20, tensor("F32", "[4]", "[0, 16]"), 16));
            cases.put("a header length of 2^40", () -> file(1L << 40, tensor("F32", "[4]", "[0, 16]"), 16));
            cases.put("a header length that is negative as a signed long", () -> file(-8, tensor("F32", "[4]",
                    "[0, 16]"), 16));
            cases.put("a header length of 0", () -> file(0, tensor("F32", "[4]", "[0, 16]"), 16));
            cases.put("a shape that needs more bytes than its offsets span", () -> file(tensor("F32", "[8]", "[0, 16]"),
                    16));
            cases.put("a dtype whose size disagrees with the span", () -> file(tensor("F16", "[4]", "[0, 16]"), 16));
            cases.put("an unknown dtype", () -> file(tensor("java.net.URL", "[4]", "[0, 16]"), 16));
            cases.put("a dtype that is an object", () -> file("{\"w\": {\"dtype\": {\"@class\": \""
                    + Gadget.class.getName() + "\"}, \"shape\": [4], \"data_offsets\": [0, 16]}}", 16));
            cases.put("a header nested 10000 deep", () -> file("{\"w\": " + "[".repeat(10_000) + "]".repeat(10_000)
                    + "}", 0));
            cases.put("a header that is not JSON", () -> file("{\"w\": {\"dtype\": ", 16));
            cases.put("a file cut inside the header", () -> {
                Path full = file(tensor("F32", "[4]", "[0, 16]"), 16);
                Files.write(full, Arrays.copyOf(Files.readAllBytes(full), 20));
                return full;
            });
            cases.put("a file cut inside the data", () -> {
                Path full = file(tensor("F32", "[4]", "[0, 16]"), 16);
                byte[] bytes = Files.readAllBytes(full);
                Files.write(full, Arrays.copyOf(bytes, bytes.length - 5));
                return full;
            });
            cases.put("a file of 7 bytes", () -> {
                Path path = dir.resolve("seven.safetensors");
                Files.write(path, new byte[7]);
                return path;
            });
            List<DynamicTest> tests = new ArrayList<>();
            for (Map.Entry<String, ThrowingSupplier> c : cases.entrySet()) {
                tests.add(DynamicTest.dynamicTest("read: " + c.getKey(), () -> {
                    Path file = c.getValue().get();
                    assertRejected(PretrainedException.class, file, () -> SafeTensors.read(file));
                }));
                tests.add(DynamicTest.dynamicTest("readShapes: " + c.getKey(), () -> {
                    Path file = c.getValue().get();
                    if (c.getKey().startsWith("a file cut inside the data")) {
                        return; // why: the header alone is intact; only reading the data can notice the cut
                    }
                    assertRejected(PretrainedException.class, file, () -> SafeTensors.readShapes(file));
                }));
            }
            return tests.stream();
        }
    }

    // =====================================================================================================
    // 4c. Pretrained folders: config.json sizes the encoder; the weights must match before anything is built

    @Nested
    class PretrainedFolders {

        @TempDir
        Path dir;

        @Test
        void aConfigThatClaimsABillionTokensOfWidth4096IsRefusedOnOpening() throws Exception {
            Path folder = TinyRobertaCheckpoint.write(dir.resolve("huge-config"), 1);
            ObjectNode config = (ObjectNode) Json.mapper().readTree(folder.resolve("config.json").toFile());
            config.put("vocab_size", 1_000_000_000).put("hidden_size", 4096).put("intermediate_size", 1 << 20);
            Files.write(folder.resolve("config.json"), Json.mapper().writeValueAsBytes(config));
            assertRejected(PretrainedException.class, folder.resolve("config.json"), () -> PretrainedFolder.open(folder));
        }

        @Test
        void weightsSmallerThanTheConfigSaysAreRefusedFromTheHeaderAlone() throws Exception {
            Path folder = TinyRobertaCheckpoint.write(dir.resolve("big-config"), 1);
            RobertaConfig small = RobertaConfig.read(folder.resolve("config.json"));
            ObjectNode config = (ObjectNode) Json.mapper().readTree(folder.resolve("config.json").toFile());
            config.put("hidden_size", 1024).put("num_attention_heads", 16).put("intermediate_size", 4096)
                    .put("num_hidden_layers", 24);
            Files.write(folder.resolve("config.json"), Json.mapper().writeValueAsBytes(config));
            assertThat(small.hiddenSize()).isEqualTo(TinyRobertaCheckpoint.HIDDEN);
            assertRejected(PretrainedException.class, folder.resolve("model.safetensors"),
                    () -> PretrainedFolder.open(folder).validateShapes());
        }

        @Test
        void weightsOfTheWrongShapeAreRefusedFromTheHeaderAlone() throws Exception {
            Path folder = TinyRobertaCheckpoint.write(dir.resolve("wrong-shape"), 1);
            Map<String, Tensor> weights = new LinkedHashMap<>(SafeTensors.read(folder.resolve("model.safetensors")));
            String word = weights.keySet().stream().filter(k -> k.endsWith("word_embeddings.weight")).findFirst()
                    .orElseThrow();
            Tensor t = weights.get(word);
            weights.put(word, new Tensor(word, new long[] {t.dim(1), t.dim(0)}, t.data()));
            SafeTensors.write(folder.resolve("model.safetensors"), weights);
            assertRejected(PretrainedException.class, folder.resolve("model.safetensors"),
                    () -> PretrainedFolder.open(folder).validateShapes());
        }

        @Test
        void aVocabularyWithAnIdPastTheConfigIsRefused() throws Exception {
            Path folder = TinyRobertaCheckpoint.write(dir.resolve("vocab"), 1);
            ObjectNode vocab = (ObjectNode) Json.mapper().readTree(folder.resolve("vocab.json").toFile());
            vocab.put("hostile", 1L << 40);
            Files.write(folder.resolve("vocab.json"), Json.mapper().writeValueAsBytes(vocab));
            assertRejected(PretrainedException.class, folder.resolve("vocab.json"),
                    () -> PretrainedFolder.open(folder).tokenizer());
        }
    }

    // =====================================================================================================
    // 4d. Per-sample outputs in the model cache (OutputsStore)

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OutputsFiles {

        private final Path dir = root.resolve("outputs");

        private byte[] good;

        @BeforeAll
        void saveSmallOutputs() throws IOException {
            Files.createDirectories(dir);
            ModelOutputs outputs = ModelOutputs.of(List.of("a", "b"), new int[] {0, 1},
                    new float[] {0.1f, -0.1f, 1, 2}, new float[] {1, 2, 3, 4, 5, 6}, 3);
            OutputsStore.save(outputs, dir.resolve("good.bin"));
            good = Files.readAllBytes(dir.resolve("good.bin"));
        }

        private static byte[] withInt(byte[] bytes, int offset, int value) {
            byte[] copy = bytes.clone();
            ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
            return copy;
        }

        @Test
        void theUntouchedFileLoads() throws Exception {
            assertThat(OutputsStore.load(dir.resolve("good.bin")).ids()).containsExactly("a", "b");
        }

        @TestFactory
        Stream<DynamicTest> aCraftedOutputsFileFailsWithOneLineNamingItBeforeAllocatingWhatItClaims() {
            // layout: magic, version, n, d, then per sample an id length and its bytes, then the values
            int firstId = 16;
            Map<String, byte[]> cases = new LinkedHashMap<>();
            cases.put("2^31-1 samples", withInt(good, 8, Integer.MAX_VALUE));
            cases.put("negative samples", withInt(good, 8, -1));
            cases.put("2^20 samples of width 2^16", withInt(withInt(good, 8, 1 << 20), 12, 1 << 16));
            cases.put("a negative width", withInt(good, 12, -3));
            cases.put("a width past 2^16", withInt(good, 12, (1 << 16) + 1));
            cases.put("a negative id length", withInt(good, firstId, -1));
            cases.put("an id length of 2^31-1", withInt(good, firstId, Integer.MAX_VALUE));
            cases.put("an id that swallows the values after it", withInt(good, firstId, good.length - firstId - 4 - 5));
            cases.put("an id that swallows the next id's length", withInt(good, firstId, 1 + 4));
            cases.put("an id that leaves two bytes for the next id's length", withInt(good, firstId,
                    good.length - firstId - 4 - 2));
            cases.put("a wrong magic word", withInt(good, 0, 0x04034B50));
            cases.put("a newer version", withInt(good, 4, 2));
            cases.put("a file cut in the middle", Arrays.copyOf(good, good.length / 2));
            cases.put("a file of 15 bytes", Arrays.copyOf(good, 15));
            cases.put("an empty file", new byte[0]);
            cases.put("data after the values", Arrays.copyOf(good, good.length + 4));
            cases.put("a NaN logit", withInt(good, good.length - 4 * (2 * 2 + 2 * 3), Float.floatToIntBits(Float.NaN)));
            return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                Path file = Files.write(dir.resolve("crafted.bin"), e.getValue());
                assertRejected(InputException.class, file, () -> OutputsStore.load(file));
            }));
        }
    }
}
