package com.comprehendo.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Provenance;
import com.comprehendo.model.LayerMaps;
import com.comprehendo.model.TorchScriptClassifier;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** {@code evaluate --attr}: the map judged, fitted to the input, and the target its provenance records. */
final class JudgedAttribution {

  private JudgedAttribution() {}

  /**
   * The map as 1×C×H×W: the input's shape (C×H×W is made 1×C×H×W); for deletion and insertion also one
   * channel, or a layer's smaller map (Grad-CAM's 1×h×w), upsampled as the explorer shows it.
   */
  static NpyArray read(Path attr, EvaluateMetric chosen, NpyArray image, TorchScriptClassifier model) throws CommandFailure {
    NpyArray values;
    try {
      values = NpyArray.read(attr);
    } catch (IOException e) {
      throw CommandFailure.work("--attr: " + e.getMessage());
    }
    int[] shape = values.shape();
    int[] expected = image.shape();
    int[] given = shape.length == 3 ? new int[] {1, shape[0], shape[1], shape[2]} : shape;
    boolean spatial = given.length == 4 && given[0] == 1 && given[2] == expected[2] && given[3] == expected[3];
    boolean channels = spatial && (given[1] == expected[1] || (given[1] == 1 && chosen.isCurve()));
    boolean layerMap = !spatial && chosen.isCurve() && given.length == 4 && given[0] == 1 && given[1] >= 1
        && given[2] >= 1 && given[3] >= 1 && given[2] <= expected[2] && given[3] <= expected[3];
    if (layerMap) {
      // A layer's map (Grad-CAM's 1×h×w): ranked as the explorer shows it and explain --metrics scores it.
      try (NDManager scope = model.manager().newSubManager()) {
        NDArray shown = LayerMaps.asShownOnInput(scope.create(values.data(), new Shape(given[0], given[1], given[2], given[3])),
            expected[2], expected[3]);
        return new NpyArray(new int[] {1, 1, expected[2], expected[3]}, shown.toFloatArray());
      }
    }
    if (!channels) {
      throw CommandFailure.usage("--attr: shape " + Arrays.toString(shape) + " does not fit the input "
          + Arrays.toString(expected) + (chosen.isCurve() ? " (one channel is accepted too, and a layer's smaller map)" : ""));
    }
    return new NpyArray(given, values.data());
  }

  /** The single target in {@code attr}'s provenance sidecar, when there is one. */
  static Optional<Integer> recordedTarget(Path attr) {
    if (attr == null) {
      return Optional.empty();
    }
    Optional<JsonElement> recorded = Provenance.read(attr);
    if (recorded.isEmpty() || !recorded.get().isJsonObject()) {
      return Optional.empty();
    }
    JsonElement value = recorded.get().getAsJsonObject().get("target");
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      return Optional.empty();
    }
    double number = value.getAsDouble(); // a hand-edited 2.5 or 1e20 is not a class index
    return number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE ? Optional.of((int) number) : Optional.empty();
  }
}
