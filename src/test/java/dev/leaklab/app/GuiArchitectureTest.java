package dev.leaklab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GUI's MVVM rules, on the compiled main classes of {@code dev.leaklab.app}. */
class GuiArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // why: the predefined DO_NOT_INCLUDE_TESTS only knows target/test-classes, and builds may use
        // another folder (-Dleaklab.buildDir)
        ImportOption mainOnly = location -> !location.contains("/test-classes/");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages("dev.leaklab.app");
    }

    @Test
    void viewModelsHoldNoNodesAndOpenNoWindows() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .or().haveSimpleNameEndingWith("Figures").or().haveSimpleName("SampleRow")
                .or().haveSimpleName("DialogService").or().haveSimpleName("BackgroundRunner")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.application..", "org.controlsfx..")
                .because("view models are tested without a display; dialogs and threads go through seams")
                .check(classes);
    }

    @Test
    void viewModelsDoNotKnowTheirViews() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("View")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Window")
                .check(classes);
    }
}
