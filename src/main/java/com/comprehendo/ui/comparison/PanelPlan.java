package com.comprehendo.ui.comparison;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.ui.explain.AttributionViewModel;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.MethodChoice;
import com.comprehendo.ui.service.ModelSession;
import com.comprehendo.ui.support.CurrentImage;
import com.comprehendo.ui.support.Formats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which panels a comparison shows, each with its method, settings, target, title and subtitle. */
final class PanelPlan {

  private PanelPlan() {}

  /**
   * One panel per chosen method that runs on the model, in the registry's order, for Explain's target:
   * each method with the settings it last had in Explain, one never set up there with its suggested
   * settings, every parameter named in the subtitle (the user sees what ran); the layer
   * methods on {@code layer} where one is chosen (their subtitles name it).
   *
   * @param layer the layer for the layer methods; null for each one's own (Explain's, else the first)
   */
  static List<ComparisonPanel> forMethods(ModelSession currentSession, CurrentImage current, List<String> methods,
      AttributionViewModel attribution, String layer) {
    List<ComparisonPanel> result = new ArrayList<>();
    List<String> classNames = currentSession.explainer().classNames();
    Optional<Integer> target = attribution.resolveTarget();
    if (target.isEmpty()) {
      return result;
    }
    Set<String> wanted = new LinkedHashSet<>(methods);
    for (String id : MethodRegistry.builtIn().ids()) {
      // A layer method is not drawn for a model without a split (the Explain panel says why).
      if (!wanted.contains(id) || !MethodRegistry.builtIn().get(id).runsOn(currentSession.facts())) {
        continue;
      }
      MethodChoice choice = attribution.lastChoice(id).orElseGet(() -> MethodChoice.suggested(id, currentSession.facts()));
      if (layer != null) {
        choice = choice.onLayer(layer);
      }
      AttributionKey key = new AttributionKey(current.entry().path(), target.get(), choice);
      String parameters = choice.parameterList();
      result.add(new ComparisonPanel(key, choice.descriptor().displayName(),
          "“" + classNames.get(target.get()) + "”" + (parameters.isEmpty() ? "" : " · " + parameters)));
    }
    return result;
  }

  /**
   * One panel per class, Explain's method on each: the predicted class, the true class, then the
   * runners-up, at most {@link ComparisonViewModel#MAX_CLASS_PANELS}.
   */
  static List<ComparisonPanel> forClasses(
      ModelSession currentSession, CurrentImage current, Prediction p, AttributionViewModel attribution) {
    List<ComparisonPanel> result = new ArrayList<>();
    if (p == null) {
      return result;
    }
    List<String> classNames = currentSession.explainer().classNames();
    MethodChoice choice = attribution.choiceProperty().get() != null
        ? attribution.choiceProperty().get()
        : MethodChoice.suggested("ig", currentSession.facts());
    Set<Integer> targets = new LinkedHashSet<>();
    targets.add(p.predictedIndex());
    current.trueClass().ifPresent(targets::add);
    for (Prediction.RankedClass ranked : p.top(classNames.size())) {
      if (targets.size() >= ComparisonViewModel.MAX_CLASS_PANELS) {
        break;
      }
      targets.add(ranked.index());
    }
    for (int target : targets) {
      List<String> roles = new ArrayList<>();
      if (target == p.predictedIndex()) {
        roles.add("predicted");
      }
      if (current.trueClass().isPresent() && current.trueClass().getAsInt() == target) {
        roles.add("true class");
      }
      roles.add(Formats.percent(p.probability(target)));
      AttributionKey key = new AttributionKey(current.entry().path(), target, choice);
      result.add(new ComparisonPanel(key, "“" + classNames.get(target) + "”",
          String.join(" · ", roles) + " · " + choice.descriptor().displayName()));
    }
    return result;
  }
}
