package com.comprehendo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of DEVELOPERS.md, checked on the compiled classes: dependencies point one way. */
class LayeringTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("com.comprehendo");
  }

  @Test
  void layersDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("com.comprehendo..")
        .withOptionalLayers(true)
        .layer("launcher").definedBy("com.comprehendo")
        .layer("ui").definedBy("com.comprehendo.ui..")
        .layer("cli").definedBy("com.comprehendo.cli..")
        .layer("spark").definedBy("com.comprehendo.spark..")
        .layer("analysis").definedBy("com.comprehendo.analysis..")
        .layer("attribution").definedBy("com.comprehendo.attribution..")
        .layer("model").definedBy("com.comprehendo.model..")
        .layer("data").definedBy("com.comprehendo.data..")
        .layer("render").definedBy("com.comprehendo.render..")
        .layer("job").definedBy("com.comprehendo.job..")
        .layer("platform").definedBy("com.comprehendo.platform..")
        .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
        // spark (the cluster job, outside the desktop jar) sits beside cli and reuses its option parsing.
        .whereLayer("spark").mayNotBeAccessedByAnyLayer()
        .whereLayer("ui").mayOnlyBeAccessedByLayers("launcher")
        .whereLayer("cli").mayOnlyBeAccessedByLayers("launcher", "spark")
        .whereLayer("analysis").mayOnlyBeAccessedByLayers("cli", "ui", "spark")
        .whereLayer("attribution").mayOnlyBeAccessedByLayers("analysis", "cli", "ui", "spark")
        .whereLayer("model").mayOnlyBeAccessedByLayers("attribution", "analysis", "cli", "ui", "spark")
        .whereLayer("data").mayOnlyBeAccessedByLayers("model", "attribution", "analysis", "cli", "ui", "spark")
        .whereLayer("render").mayOnlyBeAccessedByLayers("analysis", "cli", "ui")
        .whereLayer("job").mayOnlyBeAccessedByLayers("launcher", "model", "attribution", "analysis", "cli", "ui", "spark")
        // platform is the bottom: settings, JSON, and the one way files are written (AtomicFiles).
        .check(classes);
  }

  @Test
  void onlyTheUiUsesJavaFx() {
    noClasses().that().resideOutsideOfPackage("com.comprehendo.ui..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..", "org.kordamp..")
        .because("JavaFX lives only in the ui package")
        .check(classes);
  }

  @Test
  void onlyTheClusterJobUsesSparkAndHadoop() {
    noClasses().that().resideOutsideOfPackage("com.comprehendo.spark..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
        .because("Spark is provided by a cluster: the desktop jar and the core must run without it")
        .check(classes);
  }

  @Test
  void renderingAndDataArePureJava() {
    noClasses().that().resideInAnyPackage("com.comprehendo.render..", "com.comprehendo.data..")
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
        .because("image math and decoding must not need the engine")
        .check(classes);
  }

  @Test
  void theEngineStaysBelowTheInterface() {
    // Where DJL may be, rather than where not: a new package starts without it.
    noClasses().that().resideOutsideOfPackages("com.comprehendo.model..", "com.comprehendo.attribution..",
            "com.comprehendo.analysis..", "com.comprehendo.cli..", "com.comprehendo.spark..")
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
        .because("DJL belongs to model, attribution and analysis, and to the commands beside them (attribute,"
            + " bench, evaluate run passes themselves; the Spark job names the device it ran on); the explorer, the"
            + " launcher and the low layers work on host arrays")
        .check(classes);
  }

  @Test
  void onlyCommandLineEntryPointsPrint() {
    noClasses().that().resideOutsideOfPackages("com.comprehendo.cli..")
        .and().doNotHaveFullyQualifiedName("com.comprehendo.Launcher")
        .and().doNotHaveFullyQualifiedName("com.comprehendo.spark.SparkExplainJob")
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .because("logging goes through SLF4J; only the command line writes to the console")
        .check(classes);
  }
}
