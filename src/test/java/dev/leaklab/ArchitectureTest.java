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
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .because("DL4J and ND4J load hundreds of megabytes of natives; only the adapter may pull them in")
                .check(classes);
    }

    @Test
    void onlyTheOnnxAdapterTouchesOnnxRuntime() {
        noClasses().that().resideOutsideOfPackage("dev.leaklab.core.model.onnx..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..")
                .because("ONNX Runtime loads its native library on first use; only its adapter may")
                .check(classes);
    }

    @Test
    void onlyOurEngineAndTheDl4jAdapterLoadNativeCode() {
        noClasses().that().resideOutsideOfPackages("dev.leaklab.core.model.array..", "dev.leaklab.core.model.dl4j..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
                .because("our engine calls OpenBLAS directly; DL4J's HDF5 and ND4J come through JavaCPP too")
                .check(classes);
    }

    @Test
    void ourEngineDoesNotUseDl4jOrOnnx() {
        noClasses().that().resideInAPackage("dev.leaklab.core.model.array..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..",
                        "ai.onnxruntime..", "dev.leaklab.core.model.dl4j..", "dev.leaklab.core.model.onnx..")
                .because("the engine that trains stands alone; imported models run beside it")
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
