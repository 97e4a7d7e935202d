package org.slicewise.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Enforces the module arrows app → io → core-model and keeps DJL and JavaFX where they belong. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.slicewise");
    }

    @Test
    void allModulesImported() {
        // guards against a vacuous pass: each module must actually be on the classpath
        org.junit.jupiter.api.Assertions.assertTrue(classes.contain("org.slicewise.core.volume.Volume"));
        org.junit.jupiter.api.Assertions.assertTrue(classes.contain("org.slicewise.app.Main"));
        org.junit.jupiter.api.Assertions.assertTrue(
                classes.stream().anyMatch(c -> c.getPackageName().startsWith("org.slicewise.io")));
    }

    @Test
    void coreModelDependsOnNeitherIoNorApp() {
        noClasses().that().resideInAPackage("org.slicewise.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.slicewise.io..", "org.slicewise.app..")
                .check(classes);
    }

    @Test
    void ioDoesNotDependOnApp() {
        noClasses().that().resideInAPackage("org.slicewise.io..")
                .should().dependOnClassesThat().resideInAPackage("org.slicewise.app..").check(classes);
    }

    @Test
    void noJavaFxOutsideApp() {
        noClasses().that().resideInAnyPackage("org.slicewise.core..", "org.slicewise.io..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..").check(classes);
    }

    @Test
    void djlOnlyInsideTheEnginePackage() {
        noClasses().that().resideOutsideOfPackage("org.slicewise.core.seg.djl..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "ai.onnxruntime..")
                .check(classes);
    }

    @Test
    void uiDoesNotTouchIoInternalsOrEngines() {
        noClasses().that().resideInAPackage("org.slicewise.app.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.slicewise.core.seg.djl..").check(classes);
    }
}
