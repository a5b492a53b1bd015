package org.igdlab.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seams of design.md, enforced on the runner's byte code. */
class ArchitectureTest {

    private static JavaClasses runner;

    @BeforeAll
    static void importRunner() {
        runner = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.igdlab.runner");
    }

    @Test
    void theRunnerNeverDependsOnTheTwin() {
        noClasses().that().resideInAPackage("org.igdlab.runner..")
                .should().dependOnClassesThat().resideInAPackage("org.igdlab.twin..")
                .because("the runner reaches hosts only through SSH; the twin is just another host (design.md, seam 1)")
                .check(runner);
    }

    @Test
    void onlyTheSshPackageUsesSshj() {
        noClasses().that().resideInAPackage("org.igdlab.runner..")
                .and().resideOutsideOfPackage("org.igdlab.runner.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus..")
                .because("runner code depends on RemoteShell, not on a product (style.md, rule 3)")
                .check(runner);
    }

    @Test
    void thereAreNoGrabBagPackages() {
        noClasses().should().resideInAnyPackage("..util..", "..utils..", "..helpers..", "..common..")
                .because("packages are by capability (style.md, rule 1)")
                .check(runner);
    }
}
