package dev.leaklab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of docs/style.md, enforced on the compiled main classes. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // why: the predefined option only knows target/test-classes; builds may use another folder
        ImportOption mainOnly = location -> !location.contains("/test-classes/");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.leaklab");
    }

    @Test
    void coreIsToolkitFree() {
        noClasses().that().resideInAPackage("dev.leaklab.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..",
                        "org.controlsfx..", "org.jfree..", "dev.leaklab.app..", "dev.leaklab.cli..")
                .because("the core runs headless, under the CLI and in tests")
                .check(classes);
    }

    @Test
    void onlyTheDl4jAdapterTouchesDl4jOrNd4j() {
        noClasses().that().resideOutsideOfPackage("dev.leaklab.core.model.dl4j..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..",
                        "org.bytedeco..")
                .because("DL4J loads hundreds of megabytes of natives; only the adapter may pull them in")
                .check(classes);
    }

    @Test
    void onlyTheCliWritesToTheStandardStreams() {
        noClasses().that().resideOutsideOfPackage("dev.leaklab.cli..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("everything else reports through return values, listeners and slf4j")
                .check(classes);
    }

    @Test
    void theCliDoesNotReachIntoTheGui() {
        noClasses().that().resideInAPackage("dev.leaklab.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.leaklab.app..")
                .check(classes);
    }

    @Test
    void nothingUsesJavaSerialisation() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectOutputStream")
                .because("a project or dataset file must never be able to instantiate classes")
                .check(classes);
    }
}
