package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaklab.core.Json;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.synthetic.SyntheticCorpus;
import dev.leaklab.core.experiment.ProjectException;
import dev.leaklab.core.experiment.ProjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project cannot choose where LeakLab writes (the policy in {@code ProjectSpec}): a project whose name,
 * description, dataset field names and samples (ids, CWEs, tags) are full of {@code ../}, absolute paths, NUL
 * bytes and very long names is run end to end, and afterwards every new file lies under the output folder under
 * a name LeakLab built; the settings that name things (attacks, features, masks, formats...) refuse such values
 * on loading, with the file and line, and create nothing.
 */
class HostileProjectWritesTest {

    @TempDir
    Path sandbox;

    private Path projectDir;
    private Path victim;
    private Path out;
    /** An absolute path outside the sandbox that a hostile project names; it must never come to exist. */
    private final Path outside = Path.of(System.getProperty("java.io.tmpdir"), "leaklab-pwned-" + UUID.randomUUID());

    /** Everything under the output folder must match one of these (relative, with '/'). */
    private static final Pattern LEAKLAB_NAMES = Pattern.compile("(results\\.json|results\\.csv|report\\.html"
            + "|roc\\.png|roc-loglog\\.png|scores\\.png|frontier\\.png"
            + "|models|models/[0-9a-f]{32}(/(complete|members\\.bin|non-members\\.bin|model\\.json"
            + "|model|model/parameters\\.bin|model/model\\.json))?)");

    @BeforeEach
    void makeASandbox() throws IOException {
        projectDir = Files.createDirectories(sandbox.resolve("project"));
        victim = Files.createDirectories(sandbox.resolve("victim"));
        Files.writeString(victim.resolve("keep.txt"), "untouched");
        out = sandbox.resolve("out");
    }

    /** Strings built to become a path: parent steps, absolute paths, a NUL byte, a name too long for any disk. */
    private List<String> hostileStrings() {
        return List.of("../../victim/pwned", "../".repeat(40) + "tmp/pwned", victim.resolve("pwned").toString(),
                outside.toString(), "pwned\u0000.txt", "n".repeat(5000), "..", "/", "report.html/../../victim/pwned",
                "results.json", "a\r\nerror: forged line");
    }

    private String hostile(int i) {
        return hostileStrings().get(i % hostileStrings().size());
    }

    private static final String ID_FIELD = "../../victim/id";
    private static final List<Sample> SAMPLES = SyntheticCorpus.generate(new SyntheticCorpus.Spec(240, 11));

    /** 240 generated functions as JSON lines whose ids, CWEs and tags are all hostile. */
    private Path hostileDataset() throws IOException {
        List<Sample> samples = SAMPLES;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            ObjectNode record = Json.mapper().createObjectNode();
            record.put("func", samples.get(i).code());
            record.put("target", samples.get(i).label());
            record.put(ID_FIELD, hostile(i) + "#" + i);
            record.put("cwe", hostile(i + 1));
            record.put("project", hostile(i + 2));
            lines.append(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record))
                    .append('\n');
        }
        return Files.writeString(projectDir.resolve("data.jsonl"), lines, StandardCharsets.UTF_8);
    }

    /** A tiny experiment over the hostile dataset: two BiLSTMs of width 8, one epoch, cheap attacks. */
    private ObjectNode hostileProject() {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("schemaVersion", 2);
        p.put("name", String.join("", hostileStrings()));
        p.put("description", outside + " " + victim.resolve("pwned") + " ../../../../etc/passwd");
        ObjectNode dataset = p.putObject("dataset");
        dataset.putArray("paths").add("data.jsonl");
        dataset.put("format", "jsonl").put("idField", ID_FIELD).put("cweField", "cwe").put("encodingFallback", "latin1");
        p.putObject("split").put("conflicts", "drop");
        p.putObject("code").put("maxLength", 40).put("minFrequency", 1).put("keep", "head");
        p.putObject("model").put("arch", "bilstm").put("embedding", 8).put("hidden", 8).put("epochs", 1)
                .put("batchSize", 16).put("optimizer", "adam");
        ArrayNode attacks = p.putArray("attacks");
        attacks.addObject().put("attack", "loss-threshold");
        attacks.addObject().put("attack", "shadow-logistic").putArray("features").add("loss");
        p.putObject("attackModel").put("epochs", 2);
        ObjectNode defense = p.putObject("defense").put("sigma", 1.0).put("queries", 1).put("noise", "fresh");
        defense.putObject("masks").put("loss", "released");
        ObjectNode sweep = p.putObject("sweep").put("adaptive", false);
        sweep.putArray("sigmas").add(0).add(1);
        p.put("seed", 5);
        return p;
    }

    private Path write(ObjectNode project) throws IOException {
        return Files.write(projectDir.resolve("hostile.leaklab"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(project));
    }

    private Set<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void aRunWritesOnlyUnderTheOutputFolderUnderNamesLeakLabBuildsWhateverTheProjectAndItsDataSay()
            throws Exception {
        hostileDataset();
        Path file = write(hostileProject());
        Set<String> before = filesUnder(sandbox);

        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        Set<String> created = new TreeSet<>(filesUnder(sandbox));
        created.removeAll(before);
        assertThat(created).as("new files and folders").isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith("out"));
        assertThat(filesUnder(out)).as("every name under the output folder")
                .allSatisfy(p -> assertThat(p).matches(LEAKLAB_NAMES));
        assertThat(filesUnder(out)).anyMatch(p -> p.endsWith("/model/parameters.bin")).contains("report.html");
        assertThat(filesUnder(victim)).containsExactly("keep.txt");
        assertThat(outside).doesNotExist();
        assertThat(Files.readString(out.resolve("results.csv"))).doesNotContain("pwned", "victim");
    }

    /** The settings whose values LeakLab looks up by name; none may accept a path-like value. */
    private static final List<String> NAMED_SETTINGS = List.of("/attacks/0/attack", "/attacks/1/features/0",
            "/attacks/1/features", "/defense/noise", "/defense/masks/loss", "/model/arch", "/model/optimizer",
            "/split/conflicts", "/code/keep", "/dataset/format", "/dataset/encodingFallback");

    @TestFactory
    Stream<DynamicTest> aPathLikeValueInASettingThatNamesSomethingIsRefusedOnLoadingOneProblemALineWithTheFileAndLine() {
        List<DynamicTest> tests = new ArrayList<>();
        // why: one of each kind keeps the 13 settings under a few seconds: parent steps, absolute, NUL, long, CRLF
        List<Integer> kinds = List.of(0, 2, 4, 5, 10);
        for (String setting : NAMED_SETTINGS) {
            for (int h : kinds) {
                tests.add(DynamicTest.dynamicTest(setting + " := hostile " + h, () -> {
                    ObjectNode project = hostileProject();
                    set(project, setting, hostile(h));
                    assertRefusedOnLoading(project);
                }));
            }
        }
        for (String key : List.of("/defense/sigmas", "/defense/masks")) {
            for (int h : kinds) {
                tests.add(DynamicTest.dynamicTest(key + " keyed by hostile " + h, () -> {
                    ObjectNode project = hostileProject();
                    ObjectNode map = Json.mapper().createObjectNode();
                    if (key.endsWith("sigmas")) {
                        map.put(hostile(h), 1.0);
                    } else {
                        map.put(hostile(h), "withheld");
                    }
                    ((ObjectNode) project.get("defense")).set(key.substring(key.lastIndexOf('/') + 1), map);
                    assertRefusedOnLoading(project);
                }));
            }
        }
        return tests.stream();
    }

    /** Dataset and pretrained paths are read, so only an invalid one (a NUL byte) is refused on loading. */
    @Test
    void aReadPathWithANulByteIsRefusedOnLoadingWithTheFileLineAndSetting() throws Exception {
        for (String setting : List.of("/dataset/paths/0", "/model/pretrained")) {
            ObjectNode project = hostileProject();
            if (setting.equals("/model/pretrained")) {
                ((ObjectNode) project.get("model")).put("arch", "codebert").put("heads", 2);
            }
            set(project, setting, "data\u0000.jsonl");
            String err = assertRefusedWithoutWriting(project);
            assertThat(err).contains("not a valid path (it holds a NUL character): \"data\\u0000.jsonl\"");
        }
    }

    /** Read paths that lead nowhere fail at reading, naming what is missing, and nothing is written. */
    @TestFactory
    Stream<DynamicTest> aReadPathOutsideTheProjectThatLeadsNowhereFailsWithoutWritingAnything() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String value : List.of("../../victim/pwned", outside.toString(), "n".repeat(5000))) {
            for (String setting : List.of("/dataset/paths/0", "/model/pretrained")) {
                tests.add(DynamicTest.dynamicTest(setting + " := " + value.substring(0, Math.min(40, value.length())),
                        () -> {
                            hostileDataset();
                            ObjectNode project = hostileProject();
                            if (setting.equals("/model/pretrained")) {
                                ((ObjectNode) project.get("model")).put("arch", "codebert").put("heads", 2);
                            }
                            set(project, setting, value);
                            Path file = write(project);
                            Set<String> before = filesUnder(sandbox);
                            Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
                            assertThat(r.code()).as(r.err()).isEqualTo(2);
                            assertThat(r.err().lines().filter(line -> line.startsWith("error: "))).as(r.err())
                                    .hasSize(1);
                            assertThat(filesUnder(sandbox)).isEqualTo(before);
                            assertThat(outside).doesNotExist();
                        }));
            }
        }
        return tests.stream();
    }

    /** Loads the project, which must fail with every line of the message as {@code FILE:LINE: ...}. */
    private void assertRefusedOnLoading(ObjectNode project) throws Exception {
        Path file = write(project);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ProjectStore.load(file));
        assertThat(thrown).isInstanceOf(ProjectException.class);
        assertThat(thrown.getMessage().split("\n", -1)).as(thrown.getMessage()).allSatisfy(line -> assertThat(line)
                .matches(Pattern.quote(file.toString()) + ":[1-9][0-9]*: .+"));
    }

    /** Runs the project and checks it is refused, every error line as {@code error: FILE:LINE: ...}; the stderr. */
    private String assertRefusedWithoutWriting(ObjectNode project) throws Exception {
        Path file = write(project);
        Set<String> before = filesUnder(sandbox);
        Cli.Result r = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as(r.err()).isNotEmpty().first().asString().startsWith("error: " + file + ":");
        assertThat(lines).as(r.err()).allSatisfy(line -> assertThat(line)
                .matches("(error: )?" + Pattern.quote(file.toString()) + ":[1-9][0-9]*: .+"));
        assertThat(filesUnder(sandbox)).isEqualTo(before);
        assertThat(outside).doesNotExist();
        return r.err();
    }

    private static void set(ObjectNode root, String pointer, String value) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = root.at(p.head());
        String last = p.last().getMatchingProperty();
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).put(last, value);
        }
    }
}
