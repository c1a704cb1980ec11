package com.comprehendo.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.cli.AttributeCommand;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.ui.parameters.ParameterField;
import com.comprehendo.ui.service.BaselineForm;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Walks the registry: every method is declared completely, so the command line, the explorer, bench and
 * the cost estimate can rely on it. A method added to {@link BuiltInMethods} fails here until it has CLI
 * options, editor fields, a cost, a default that validates, and a reference test in {@link #REFERENCE_TESTS}.
 */
class MethodRegistrationTest {

  /** The tests that compare each method with Captum or with a closed form; keep in step with the registry. */
  private static final Map<String, List<Class<?>>> REFERENCE_TESTS = Map.ofEntries(
      Map.entry("ig", List.of(CaptumIntegratedGradientsTest.class, AnalyticAttributionTest.class)),
      Map.entry("noise-tunnel", List.of(CaptumReferenceCasesTest.class, AnalyticAttributionTest.class)),
      Map.entry("occlusion", List.of(CaptumReferenceCasesTest.class, AnalyticAttributionTest.class)),
      Map.entry("gradient-shap", List.of(CaptumReferenceCasesTest.class, AnalyticAttributionTest.class)),
      Map.entry("saliency", List.of(CaptumReferenceCasesTest.class, AnalyticAttributionTest.class)),
      Map.entry("input-x-gradient", List.of(CaptumReferenceCasesTest.class, AnalyticAttributionTest.class)),
      Map.entry("grad-cam", List.of(CaptumLayerReferenceTest.class, LayerMethodsTest.class)),
      Map.entry("grad-cam-plus-plus", List.of(ClassActivationMapTest.class)),
      Map.entry("hires-cam", List.of(ClassActivationMapTest.class)),
      Map.entry("score-cam", List.of(ClassActivationMapTest.class)),
      Map.entry("layer-cam", List.of(ClassActivationMapTest.class)),
      Map.entry("layer-ig", List.of(CaptumLayerReferenceTest.class, LayerMethodsTest.class)),
      Map.entry("layer-conductance", List.of(CaptumLayerReferenceTest.class)),
      Map.entry("layer-gradient-x-activation", List.of(CaptumLayerReferenceTest.class, LayerMethodsTest.class)));

  private static final MethodRegistry METHODS = MethodRegistry.builtIn();
  private static final ModelFacts IMAGENET = ModelFacts.of(Preprocessing.imagenetDefault());

  static Stream<MethodDescriptor> methods() {
    return METHODS.methods().stream();
  }

  @Test
  void everyRegisteredMethodHasAReferenceTestAndNoTestNamesAnUnknownMethod() {
    assertEquals(new TreeSet<>(METHODS.ids()), new TreeSet<>(REFERENCE_TESTS.keySet()));
    for (List<Class<?>> classes : REFERENCE_TESTS.values()) {
      for (Class<?> test : classes) {
        assertTrue(Arrays.stream(test.getDeclaredMethods()).anyMatch(MethodRegistrationTest::isTest), test + " has no test");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void theReferenceSetHasCasesForEveryMethodItIsNamedFor(MethodDescriptor method) {
    if (REFERENCE_TESTS.get(method.id()).contains(CaptumReferenceCasesTest.class)) {
      assertFalse(CaptumReference.cases(method.id().replace('-', '_')).isEmpty(), method.id());
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void everyMethodIsDescribedWithItsPaper(MethodDescriptor method) {
    assertFalse(method.displayName().isBlank());
    assertTrue(method.description().matches(".*\\(.*\\d{4}\\)\\.$"), method.description());
    assertFalse(method.targets().isEmpty());
    assertTrue(method.runsOn(new ModelFacts(null, List.of(), Set.of(MethodDescriptor.Requirement.values()))));
    for (ParameterSpec parameter : method.parameters()) {
      assertFalse(parameter.help().isBlank(), parameter.name());
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void everyParameterIsACommandLineOption(MethodDescriptor method) {
    CommandSpec attribute = new CommandLine(new AttributeCommand()).getCommandSpec();
    for (ParameterSpec parameter : method.parameters()) {
      assertNotNull(attribute.findOption(parameter.option()), method.id() + ": " + parameter.option());
      String help = attribute.findOption(parameter.option()).description()[0];
      assertTrue(help.matches("(.*[ ,])?" + java.util.regex.Pattern.quote(method.id()) + "[:, (].*"),
          parameter.option() + " does not name " + method.id() + ": " + help);
    }
    List<String> methodChoices = java.util.stream.StreamSupport.stream(
        attribute.findOption("--method").completionCandidates().spliterator(), false).toList();
    assertTrue(methodChoices.contains(method.id()));
  }

  @ParameterizedTest
  @MethodSource("methods")
  void theDefaultsValidateCostPassesAndMakeEditorFields(MethodDescriptor method) {
    Map<String, String> suggested = method.suggestedValues(IMAGENET);
    assertEquals(java.util.Optional.empty(), method.validate(suggested, IMAGENET, METHODS), method.id());
    assertTrue(method.cost(suggested, IMAGENET, METHODS).total() > 0, method.id());
    for (ParameterSpec parameter : method.parametersFor(suggested)) {
      ParameterField field = new ParameterField(parameter, IMAGENET, parameter.suggested(IMAGENET));
      assertEquals(parameter.suggested(IMAGENET), field.value());
      if (parameter.kind() == ParameterSpec.Kind.BASELINE) {
        assertEquals(parameter.baselineKinds(), field.baselineKinds().stream().map(BaselineForm.Kind::engineKind).toList());
      }
      if (parameter.kind() == ParameterSpec.Kind.CHOICE || parameter.kind() == ParameterSpec.Kind.BOOLEAN) {
        assertTrue(field.choices().contains(parameter.engineDefault()) || parameter.engineDefault().isEmpty(),
            parameter.name());
      }
      if (!parameter.engineDefault().isEmpty()) {
        parameter.check(parameter.engineDefault(), IMAGENET);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void everyVariantOfAWrappingMethodValidatesWithItsDefaults(MethodDescriptor method) {
    for (ParameterSpec parameter : method.parameters()) {
      parameter.condition().ifPresent(condition -> {
        for (String value : condition.values()) {
          Map<String, String> values = new java.util.LinkedHashMap<>();
          method.parameters().stream().filter(p -> p.condition().isEmpty() && !p.suggested(IMAGENET).isBlank())
              .forEach(p -> values.put(p.name(), p.suggested(IMAGENET)));
          values.put(condition.parameter(), value);
          method.parametersFor(values).stream().filter(p -> !p.suggested(IMAGENET).isBlank())
              .forEach(p -> values.putIfAbsent(p.name(), p.suggested(IMAGENET)));
          assertEquals(java.util.Optional.empty(), method.validate(values, IMAGENET, METHODS), method.id() + " " + values);
        }
      });
    }
  }

  @Test
  void aLayerChoiceOffersTheModelsLayersAndRefusesOthers() {
    ParameterSpec layer = ParameterSpec.modelChoice("layer").help("the layer").build();
    ModelFacts facts = new ModelFacts(null, List.of("conv1", "layer4"), Set.of());
    assertEquals(List.of("conv1", "layer4"), new ParameterField(layer, facts, "layer4").choices());
    layer.check("layer4", facts);
    IllegalArgumentException error =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> layer.check("fc", facts));
    assertEquals("layer: 'fc' is not a layer of this model (its layers: conv1, layer4)", error.getMessage());
  }

  @Test
  void layerMethodsNameTheModelsLayerWhereTheySummarizeTheirSettings() {
    ModelFacts facts = new ModelFacts(null, List.of("block4", "block3"), Set.of(MethodDescriptor.Requirement.SPLIT_MODEL));
    for (MethodDescriptor descriptor : MethodRegistry.builtIn().methods()) {
      if (descriptor.parameters().stream().anyMatch(p -> p.name().equals("layer"))) {
        Map<String, String> suggested = descriptor.suggestedValues(facts);
        assertEquals("block4", suggested.get("layer"), descriptor.id() + ": the first layer, by its name");
        assertTrue(descriptor.summary(suggested).startsWith("block4"), descriptor.id() + ": " + descriptor.summary(suggested));
        assertFalse(descriptor.suggestedValues(ModelFacts.UNKNOWN).containsKey("layer"), "no layer named when none is known");
      }
    }
  }

  @Test
  void aMethodThatNeedsASplitModelSaysSo() {
    MethodDescriptor gradCam = MethodDescriptor.builder("grad-cam").displayName("Grad-CAM")
        .description("Class activation maps from gradients (Selvaraju et al. 2017).")
        .requires(MethodDescriptor.Requirement.SPLIT_MODEL).factory(p -> new Saliency()).build();
    assertFalse(gradCam.runsOn(IMAGENET));
    assertTrue(gradCam.runsOn(new ModelFacts(null, List.of(), Set.of(MethodDescriptor.Requirement.SPLIT_MODEL))));
  }

  private static boolean isTest(Method method) {
    return method.isAnnotationPresent(Test.class) || method.isAnnotationPresent(ParameterizedTest.class);
  }
}
