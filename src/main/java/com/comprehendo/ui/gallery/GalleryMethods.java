package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.ParameterSpec;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.Formats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Which methods the gallery offers, with which settings, and what they cost for the whole grid. */
final class GalleryMethods {

  /** Gallery settings of a method where the explorer's own would cost too much per image. */
  private static final Map<String, Map<String, String>> GALLERY_VALUES = Map.of("ig", Map.of("n_steps", "16"));

  private GalleryMethods() {}

  /**
   * The method's explorer values, with a cheaper setting where one image would cost too much, and
   * {@code given} over both (e.g. {@code n_steps=32}); a suggested value of a parameter that {@code
   * given} makes inapplicable (Saliency's {@code abs} once {@code nt_inner=ig}) is left out.
   */
  static Map<String, String> galleryValues(String id, ModelFacts facts, Map<String, String> given) {
    MethodDescriptor descriptor = MethodRegistry.builtIn().get(id);
    Map<String, String> values = new LinkedHashMap<>(descriptor.suggestedValues(facts));
    values.putAll(GALLERY_VALUES.getOrDefault(descriptor.id(), Map.of()));
    values.putAll(given);
    Set<String> applying = descriptor.parametersFor(values).stream().map(ParameterSpec::name).collect(Collectors.toSet());
    values.keySet().removeIf(name -> !given.containsKey(name) && !applying.contains(name));
    return values;
  }

  /**
   * The method with its gallery settings, as the dataset's faithfulness runs it.
   *
   * @throws IllegalArgumentException naming the parameter at fault
   */
  static MethodRecipe recipe(String id, ModelFacts facts) {
    return recipe(id, facts, Map.of());
  }

  /**
   * The method with its gallery settings and {@code given} over them, as the gallery runs it. Built on
   * the UI thread, so a {@code .npy} baseline is read when the first map is made, on the model worker
   * (the settings editor reads it in the background before it applies it).
   *
   * @throws IllegalArgumentException naming the parameter at fault
   */
  static MethodRecipe recipe(String id, ModelFacts facts, Map<String, String> given) {
    return MethodRecipe.readingFilesLater(id, galleryValues(id, facts, given), facts);
  }

  /** The registry's methods that run on a model with {@code facts}. */
  static List<String> available(ModelFacts facts) {
    List<String> ids = new ArrayList<>();
    for (MethodDescriptor descriptor : MethodRegistry.builtIn().methods()) {
      if (descriptor.runsOn(facts)) {
        ids.add(descriptor.id());
      }
    }
    return ids;
  }

  /** Grad-CAM when the model offers it (one pass per image), else Saliency. */
  static String defaultMethod(ModelSession model) {
    if (model != null) {
      Optional<MethodDescriptor> gradCam = MethodRegistry.builtIn().find("grad-cam");
      if (gradCam.isPresent() && gradCam.get().runsOn(model.facts())) {
        return gradCam.get().id();
      }
    }
    return "saliency";
  }

  /**
   * The passes for one image as the gallery runs the method: without IG's convergence delta (two
   * forward passes per image that no tile shows; {@link MapSource}), so 64 steps cost twice 32.
   *
   * @throws IllegalArgumentException when the values do not build the method
   */
  private static PassCount runCost(String id, ModelFacts facts, Map<String, String> values) {
    MethodRegistry registry = MethodRegistry.builtIn();
    return registry.get(id).create(values, facts, registry).withoutConvergenceDelta().cost(1, facts.rowShapeOrDefault());
  }

  /**
   * The method's cost for one image with its gallery settings and {@code given} over them: built once per
   * edit, then told for any number of images ({@link PerImageCost#forImages}) without building it again.
   *
   * @throws IllegalArgumentException naming the parameter at fault
   */
  static PerImageCost perImage(ModelSession model, String id, Map<String, String> given) {
    Map<String, String> values = galleryValues(id, model.facts(), given);
    PassCount passes = runCost(id, model.facts(), values);
    return new PerImageCost(model, id, MethodRegistry.builtIn().get(id).summary(values), passes);
  }

  /** A method (its id), its settings in a few words ({@code summary}, may be blank) and its passes for one image. */
  record PerImageCost(ModelSession model, String id, String summary, PassCount passes) {

    /**
     * E.g. "16 steps, gausslegendre · 5,120 passes for 320 images · about 6 s"; the time from the
     * model's speed as measured so far (in passes images share, once the gallery has run some), when it
     * has been.
     */
    String forImages(int images) {
      return (summary.isBlank() ? "" : summary + " · ") + Formats.count(passes.total() * images) + " passes for "
          + Formats.count(images) + " images" + model.estimatedDatasetSeconds(id, passes.times(images)).stream()
              .mapToObj(seconds -> " · about " + Formats.duration(seconds)).findFirst().orElse("");
    }
  }
}
