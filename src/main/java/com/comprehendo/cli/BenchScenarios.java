package com.comprehendo.cli;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.Previews;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What {@code bench} times under each name: the registry's methods at their benchmark settings, and ways of running them. */
final class BenchScenarios {

  private BenchScenarios() {}

  /** What one timed name runs: a registered method at its benchmark settings, or a way of running one. */
  record Scenario(Supplier<AttributionMethod> method, String settings, boolean untilFirstEstimate,
      boolean refining) {}

  /** The scenario of one timed name. */
  static Scenario of(String name, MethodRegistry methods, ModelFacts facts, long[] rowShape) {
    switch (name) {
      case "ig-precision":
        Map<String, String> precise = Map.of("tolerance", "0.01", "n_steps", "256");
        return new Scenario(() -> methods.create("ig", precise, facts),
            "16, 32, ... steps until |delta| <= 1% of |F(x) - F(b)|", false, false);
      case "first-heatmap":
        return new Scenario(timed(methods, "ig", facts), "IG " + settings(methods, "ig", facts) + " until its first"
            + " estimate (" + Previews.IG_PREVIEW_STEPS + " steps: the explorer's first heatmap)", true, false);
      case "ig-refining":
        return new Scenario(timed(methods, "ig", facts), settings(methods, "ig", facts)
            + ", estimates every 0.3 s as the explorer shows them", false, true);
      case "first-heatmap-occlusion":
        AttributionMethod requested = timed(methods, "occlusion", facts).get();
        Optional<AttributionMethod> preview = requested.preview(rowShape);
        if (preview.isPresent()) {
          return new Scenario(preview::get, "preview of that Occlusion: "
              + preview.get().parameters().get("sliding_window_shapes") + " windows (the explorer's first heatmap)",
              false, false);
        }
        // Too few windows for a preview to pay: the first heat map is the run's first estimate.
        return new Scenario(() -> requested, "that Occlusion until its first estimate, or its result if that comes"
            + " first (too few windows for a preview)", true, false);
      default:
        return new Scenario(timed(methods, name, facts), settings(methods, name, facts), false, false);
    }
  }

  /** The registered methods bench times (those with benchmark settings), then the ways of running them. */
  static List<String> timedNames(MethodRegistry methods) {
    List<String> names = new ArrayList<>();
    for (MethodDescriptor method : methods.methods()) {
      if (!method.benchmarkValues(ModelFacts.UNKNOWN).isEmpty()) {
        names.add(method.id());
      }
    }
    names.addAll(List.of("ig-precision", "first-heatmap", "first-heatmap-occlusion", "ig-refining", "predict",
        "explain-saliency", "explain-ig", "explain-grad-cam"));
    return names;
  }

  private static Supplier<AttributionMethod> timed(MethodRegistry methods, String id, ModelFacts facts) {
    Map<String, String> values = methods.get(id).benchmarkValues(facts);
    return () -> methods.create(id, values, facts);
  }

  /** E.g. "n_steps=200". */
  private static String settings(MethodRegistry methods, String id, ModelFacts facts) {
    return methods.get(id).benchmarkValues(facts).entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
  }
}
