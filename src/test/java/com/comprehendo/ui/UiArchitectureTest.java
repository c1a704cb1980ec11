package com.comprehendo.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The view/view-model split, checked: view-models and services hold state and logic, never controls. */
class UiArchitectureTest {

  private static final JavaClasses UI = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.comprehendo.ui");

  @Test
  void viewModelsAndServicesDoNotTouchTheSceneGraph() {
    noClasses().that().haveSimpleNameEndingWith("ViewModel")
        .or().resideInAnyPackage("..ui.service..", "..ui.support..", "..ui.task..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
        .check(UI);
  }

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("com.comprehendo.ui.(*)..").should().beFreeOfCycles().check(UI);
  }

  /**
   * The slices above leave out the classes directly in {@code ui}: the main window and view-model, which
   * compose the feature packages. A feature using one of them would close a cycle through the top.
   */
  @Test
  void featurePackagesDoNotUseTheWindowThatComposesThem() {
    noClasses().that().resideInAPackage("com.comprehendo.ui.*..")
        .should().dependOnClassesThat().resideInAPackage("com.comprehendo.ui")
        .because("what the features share lives in ui.support, below them")
        .check(UI);
  }

  @Test
  void nothingPrintsToTheConsole() {
    noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err").check(UI);
  }
}
