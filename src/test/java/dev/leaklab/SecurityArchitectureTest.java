package dev.leaklab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile project, experiment or model file could use to run code or write where it likes, banned
 * from the compiled main classes: Java serialisation, {@code XMLDecoder}, Jackson's polymorphic default typing
 * and class-name type ids, and archive readers without a zip-slip check. Each rule is also run against a small
 * fixture that breaks it, so a rule that silently matches nothing would fail here.
 */
class SecurityArchitectureTest {

    /**
     * Main classes allowed to read zip, jar or tar archives. A class goes here only together with a check that
     * every entry's normalised path stays inside the folder it is extracted to (or that nothing is extracted),
     * and a test with a crafted archive whose entries name {@code ../} and absolute paths. The NumPy reader
     * extracts nothing: it reads each {@code .npz} entry into memory, refuses entry names that hold a path, and
     * {@code HostileNumpyFilesTest} tries it with crafted archives.
     */
    private static final Set<String> ARCHIVE_READERS_WITH_A_ZIP_SLIP_CHECK =
            Set.of("dev.leaklab.core.model.dl4j.Nd4jNumpyReader");

    private static final Set<String> DEFAULT_TYPING_SWITCHES = Set.of("activateDefaultTyping",
            "activateDefaultTypingAsProperty", "enableDefaultTyping", "enableDefaultTypingAsProperty",
            "setDefaultTyping");

    private static JavaClasses main;

    private static boolean resolvedBefore;

    @BeforeAll
    static void importMainClasses() {
        // why: these rules look only at the names of what classes use, so the seconds ArchUnit spends resolving
        // every library class from the class path buy nothing here; the setting is put back after the class
        resolvedBefore = ArchConfiguration.get().resolveMissingDependenciesFromClassPath();
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        // why: as ArchitectureTest; the predefined option only knows target/test-classes
        ImportOption mainOnly = location -> !location.contains("/test-classes/");
        main = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.leaklab");
        assertThat(main).as("main classes imported").hasSizeGreaterThan(100);
    }

    @AfterAll
    static void restoreTheArchUnitSetting() {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(resolvedBefore);
    }

    // ------------------------------------------------------------------ rules

    static ArchRule noJavaDeserialisation() {
        return noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.beans.XMLDecoder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.beans.XMLEncoder")
                .because("a project, experiment or model file must never name classes to instantiate");
    }

    static ArchRule noJacksonDefaultTyping() {
        DescribedPredicate<JavaAccess<?>> defaultTyping = DescribedPredicate.describe(
                "a Jackson method that switches on polymorphic default typing " + DEFAULT_TYPING_SWITCHES,
                access -> access.getTargetOwner().getPackageName().startsWith("com.fasterxml.jackson")
                        && DEFAULT_TYPING_SWITCHES.contains(access.getTarget().getName()));
        return noClasses().should().accessTargetWhere(defaultTyping)
                .because("with default typing a JSON file names the classes Jackson instantiates (gadget chains)");
    }

    static ArchRule noClassNameTypeIds() {
        return classes().should(notNameClassesInJsonTypeInfo())
                .because("@JsonTypeInfo(use = CLASS or MINIMAL_CLASS) lets a JSON file name the class to instantiate");
    }

    static ArchRule noArchiveReadersWithoutAZipSlipCheck() {
        return noClasses().that(notIn(ARCHIVE_READERS_WITH_A_ZIP_SLIP_CHECK))
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.zip.ZipInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.zip.ZipFile")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.jar.JarFile")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.jar.JarInputStream")
                .orShould().dependOnClassesThat().resideInAPackage("org.apache.commons.compress.archivers..")
                // why: DL4J's own checkpoint format is a zip of Java-serialised objects
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.deeplearning4j.util.ModelSerializer")
                .because("an archive entry named ../x or /x writes outside the target folder (zip slip); a new "
                        + "archive reader must come with a check and a crafted-archive test, and join the allowed list");
    }

    static ArchRule noTemporaryFilesInTheSystemTemporaryFolder() {
        DescribedPredicate<JavaAccess<?>> systemTemp = DescribedPredicate.describe(
                "a method that makes a temporary file or folder in the system temporary folder",
                access -> {
                    String owner = access.getTargetOwner().getFullName();
                    String name = access.getTarget().getName();
                    boolean noFolderGiven = access.getTarget() instanceof com.tngtech.archunit.core.domain.AccessTarget
                            .CodeUnitAccessTarget unit && !unit.getRawParameterTypes().isEmpty()
                            && unit.getRawParameterTypes().get(0).isEquivalentTo(String.class);
                    return owner.equals("java.io.File") && name.equals("createTempFile")
                            || owner.equals("java.nio.file.Files") && noFolderGiven
                            && (name.equals("createTempFile") || name.equals("createTempDirectory"));
                });
        return noClasses().should().accessTargetWhere(systemTemp)
                .because("LeakLab writes only under the folders the user chose; a temporary file goes beside its"
                        + " target (see ProjectSpec)");
    }

    /** Violated where a class, or a field, method, constructor or parameter of it, lets JSON name a class. */
    private static ArchCondition<JavaClass> notNameClassesInJsonTypeInfo() {
        return new ArchCondition<>("not use @JsonTypeInfo with use = Id.CLASS or Id.MINIMAL_CLASS") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<HasAnnotations<?>> annotated = new ArrayList<>();
                List<String> where = new ArrayList<>();
                annotated.add(c);
                where.add(c.getName());
                c.getFields().forEach(f -> {
                    annotated.add(f);
                    where.add(f.getFullName());
                });
                for (JavaCodeUnit unit : c.getCodeUnits()) {
                    annotated.add(unit);
                    where.add(unit.getFullName());
                    for (JavaParameter p : unit.getParameters()) {
                        annotated.add(p);
                        where.add(unit.getFullName() + " parameter " + p.getIndex());
                    }
                }
                for (int i = 0; i < annotated.size(); i++) {
                    for (JavaAnnotation<?> a : annotated.get(i).getAnnotations()) {
                        if (a.getRawType().isEquivalentTo(JsonTypeInfo.class) && namesClasses(a)) {
                            events.add(SimpleConditionEvent.violated(c, where.get(i) + " is annotated with " + a
                                    .getRawType().getSimpleName() + "(use = " + a.get("use").orElse("?") + ")"));
                        }
                    }
                }
            }
        };
    }

    private static boolean namesClasses(JavaAnnotation<?> a) {
        Object use = a.get("use").orElse(null);
        return use instanceof JavaEnumConstant e && (e.name().equals(JsonTypeInfo.Id.CLASS.name())
                || e.name().equals(JsonTypeInfo.Id.MINIMAL_CLASS.name()));
    }

    private static DescribedPredicate<JavaClass> notIn(Set<String> allowed) {
        return DescribedPredicate.describe("are not allowed archive readers " + allowed,
                (JavaClass c) -> !allowed.contains(c.getName()));
    }

    // ------------------------------------------------------------------ the rules hold for LeakLab

    @Test
    void noMainClassUsesJavaSerialisationOrXmlDecoder() {
        noJavaDeserialisation().check(main);
    }

    @Test
    void noMainClassSwitchesOnJacksonDefaultTyping() {
        noJacksonDefaultTyping().check(main);
    }

    @Test
    void noMainClassLetsJsonNameAClassThroughJsonTypeInfo() {
        noClassNameTypeIds().check(main);
    }

    @Test
    void noMainClassReadsArchivesUnlessItIsAnAllowedReaderWithAZipSlipCheck() {
        noArchiveReadersWithoutAZipSlipCheck().check(main);
    }

    @Test
    void noMainClassWritesTemporaryFilesIntoTheSystemTemporaryFolder() {
        noTemporaryFilesInTheSystemTemporaryFolder().check(main);
    }

    // ------------------------------------------------------------------ each rule catches what it bans

    @Test
    void eachRuleRejectsAClassThatBreaksIt() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(Deserialising.class, XmlDecoding.class,
                TypingMapper.class, TypingMapperByReference.class, ClassNamedOnType.class,
                MinimalClassNamedOnField.class, ZipReading.class, SystemTemporaryFile.class, Harmless.class);
        List<ArchRule> rules = List.of(noJavaDeserialisation(), noJacksonDefaultTyping(), noClassNameTypeIds(),
                noArchiveReadersWithoutAZipSlipCheck(), noTemporaryFilesInTheSystemTemporaryFolder());
        assertViolations(noJavaDeserialisation(), fixtures, Deserialising.class, XmlDecoding.class);
        assertViolations(noJacksonDefaultTyping(), fixtures, TypingMapper.class, TypingMapperByReference.class);
        assertViolations(noClassNameTypeIds(), fixtures, ClassNamedOnType.class, MinimalClassNamedOnField.class);
        assertViolations(noArchiveReadersWithoutAZipSlipCheck(), fixtures, ZipReading.class);
        assertViolations(noTemporaryFilesInTheSystemTemporaryFolder(), fixtures, SystemTemporaryFile.class);
        JavaClasses harmless = new ClassFileImporter().importClasses(Harmless.class);
        rules.forEach(rule -> rule.check(harmless));
    }

    private static void assertViolations(ArchRule rule, JavaClasses fixtures, Class<?>... offenders) {
        assertThatThrownBy(() -> rule.check(fixtures)).isInstanceOf(AssertionError.class)
                .satisfies(e -> {
                    for (Class<?> offender : offenders) {
                        assertThat(e.getMessage()).contains(offender.getName());
                    }
                    assertThat(e.getMessage()).doesNotContain(Harmless.class.getName());
                });
    }

    // ------------------------------------------------------------------ fixtures: each breaks one rule

    static final class Deserialising {
        Object read(InputStream in) throws IOException, ClassNotFoundException {
            return new ObjectInputStream(in).readObject();
        }
    }

    static final class XmlDecoding {
        Object read(InputStream in) {
            return new java.beans.XMLDecoder(in).readObject();
        }
    }

    static final class TypingMapper {
        ObjectMapper mapper() {
            return new ObjectMapper().activateDefaultTyping(LaissezFaireSubTypeValidator.instance,
                    ObjectMapper.DefaultTyping.NON_FINAL);
        }
    }

    static final class TypingMapperByReference {
        Consumer<ObjectMapper> typing() {
            return ObjectMapper::enableDefaultTyping;
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    static final class ClassNamedOnType {
    }

    static final class MinimalClassNamedOnField {
        @JsonTypeInfo(use = JsonTypeInfo.Id.MINIMAL_CLASS)
        Object value;
    }

    static final class ZipReading {
        Object first(InputStream in) throws IOException {
            return new ZipInputStream(in).getNextEntry();
        }
    }

    static final class SystemTemporaryFile {
        java.nio.file.Path scratch() throws IOException {
            return java.nio.file.Files.createTempFile("leaklab-", ".png");
        }
    }

    /** Breaks none: a logical type name, reading a plain stream and a temporary file beside its target are fine. */
    static final class Harmless {
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
        Object value;

        int read(InputStream in) throws IOException {
            return in.read();
        }

        java.nio.file.Path beside(java.nio.file.Path target) throws IOException {
            return java.nio.file.Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        }
    }
}
