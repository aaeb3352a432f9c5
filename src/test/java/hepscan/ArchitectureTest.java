package hepscan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the package dependencies pointing one way, as in DESIGN.md. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("hepscan");
  }

  @Test
  void rootioDependsOnNothingElseInHepscan() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.rootio..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "hepscan.cli..",
            "hepscan.config..",
            "hepscan.data..",
            "hepscan.model..",
            "hepscan.scan..",
            "hepscan.slurm..",
            "hepscan.report..",
            "hepscan.output..",
            "hepscan.util..")
        .because("rootio must be extractable as its own artifact")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void configDependsOnlyOnTheJdkJacksonAndUtil() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "hepscan.cli..",
            "hepscan.data..",
            "hepscan.model..",
            "hepscan.scan..",
            "hepscan.report..",
            "hepscan.rootio..",
            "ai.djl..",
            "org.tribuo..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void dataKnowsNothingOfTrainingOrScans() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "hepscan.cli..", "hepscan.model..", "hepscan.scan..", "hepscan.report..", "ai.djl..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void modelKnowsNothingOfScansOrTheCli() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "hepscan.cli..", "hepscan.scan..", "hepscan.report..", "hepscan.config..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void scanDoesNotKnowTheReportOrTheParametersFile() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.scan..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("hepscan.cli..", "hepscan.report..", "hepscan.config..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void theScanKnowsNeitherTheWorkflowNorSlurm() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.scan..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("hepscan.workflow..", "hepscan.slurm..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void theWorkflowKnowsNeitherSlurmNorTheCli() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.workflow..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("hepscan.slurm..", "hepscan.cli..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void nothingDependsOnTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("hepscan.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("hepscan.cli..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void testOutputsKnowNeitherSlurmNorTheCli() {
    noClasses()
        .that()
        .resideInAPackage("hepscan.output..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("hepscan.slurm..", "hepscan.cli..", "hepscan.scan..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void nothingBelowTheTestOutputsUsesThem() {
    noClasses()
        .that()
        .resideOutsideOfPackages("hepscan.output..", "hepscan.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("hepscan.output..")
        .allowEmptyShould(true)
        .check(classes);
  }
}
