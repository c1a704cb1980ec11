package com.comprehendo.ui.service;

import com.comprehendo.analysis.Explainer;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.data.Provenance;
import com.comprehendo.model.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provenance of the explorer's exports (see {@link Provenance}): the action, the model and its
 * sidecar, the image, the method with its parameters, the target, the device and the display
 * settings. Hashes files, so call it in the background, never on the FX thread.
 *
 * <pre>{@code
 * Provenance provenance = ExportProvenance.attribution("export attribution as .npy", explainer, key, Map.of());
 * provenance.write(file, array::write);   // file and file.json, together
 * }</pre>
 */
public final class ExportProvenance {

  private ExportProvenance() {}

  /**
   * An export of one image's attribution (or of the image alone when {@code key} is null).
   *
   * @param explainer the model; null when none is open
   * @param image the image shown, used when {@code key} is null
   * @param settings what else the file depends on, e.g. the heat map's sign and colormap
   */
  public static Provenance attribution(
      String action, Explainer explainer, Path image, AttributionKey key, Map<String, ?> settings) {
    Provenance.Builder builder = start(action, explainer);
    Path input = key == null ? image : key.image();
    if (input != null) {
      builder.optInput("input", input);
    }
    if (key != null) {
      builder.optMethod(key.method().methodId(), effectiveParameters(key.method(), explainer), key.method().parameters());
      builder.optTarget(key.target());
    }
    settings.forEach(builder::optSetting);
    return builder.build();
  }

  /** An export of a comparison: one image, several methods or targets, each panel recorded. */
  public static Provenance comparison(
      String action, Explainer explainer, List<AttributionKey> panels, Map<String, ?> settings) {
    Provenance.Builder builder = start(action, explainer);
    if (!panels.isEmpty()) {
      builder.optInput("input", panels.get(0).image());
    }
    List<Map<String, Object>> recorded = new ArrayList<>();
    for (AttributionKey key : panels) {
      Map<String, Object> panel = new LinkedHashMap<>();
      panel.put("method", key.method().methodId());
      panel.put("parameters", Provenance.parameters(effectiveParameters(key.method(), explainer), key.method().parameters()));
      panel.put("target", key.target());
      recorded.add(panel);
    }
    builder.optSetting("panels", recorded);
    settings.forEach(builder::optSetting);
    return builder.build();
  }

  /** An export of the dataset's predictions. */
  public static Provenance dataset(String action, Explainer explainer, Map<String, ?> dataset) {
    return start(action, explainer).optInput("data", dataset).build();
  }

  private static Provenance.Builder start(String action, Explainer explainer) {
    Provenance.Builder builder = Provenance.builder().setExplorerAction(action);
    if (explainer != null) {
      Path model = explainer.file();
      builder.optModel(model, ModelSpec.sidecarFile(model).orElse(null)).optDevice(explainer.device());
    }
    return builder;
  }

  /**
   * Every parameter the method used, defaults included; the text the user gave when the method can
   * no longer be built (e.g. its baseline file was removed since).
   */
  private static Map<String, ?> effectiveParameters(MethodChoice choice, Explainer explainer) {
    if (explainer == null) {
      return choice.parameters();
    }
    try {
      return choice.create(ModelFacts.of(explainer.preprocessing())).parameters();
    } catch (IllegalArgumentException e) {
      return choice.parameters();
    }
  }
}
