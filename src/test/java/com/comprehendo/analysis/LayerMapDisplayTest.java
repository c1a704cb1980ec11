package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.DeviceChoice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the explorer gets of a layer method: the layer's map summed over its channels and upsampled to
 * the image (one channel, the input's H×W), so it is drawn like any other map; the model's layers are
 * known to the explainer.
 */
class LayerMapDisplayTest {

  @TempDir Path dir;

  @Test
  void aLayerMapComesBackAtTheImagesSize() throws Exception {
    for (String name : List.of("two-layers.pt", "two-layers.json")) {
      try (InputStream in = LayerMapDisplayTest.class.getResourceAsStream("/layer-models/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    try (TorchScriptExplainer explainer = TorchScriptExplainer.open(dir.resolve("two-layers.pt"), DeviceChoice.CPU)) {
      assertEquals(List.of("conv2", "conv1"), explainer.layerNames());
      float[] input = new float[3 * 8 * 8];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) Math.sin(i);
      }
      for (String id : List.of("grad-cam", "layer-ig", "layer-gradient-x-activation")) {
        AttributionMethod method = MethodRegistry.builtIn().create(id, Map.of("layer", "conv1"), ModelFacts.UNKNOWN);
        AttributionResult result = explainer.attribute(input, 0, method, ProgressListener.NONE, CancellationToken.NONE);
        assertEquals(1, result.channels(), id);
        assertEquals(8, result.height(), id);
        assertEquals(8, result.width(), id);
        assertEquals(64, result.values().length, id);
        double sum = 0;
        for (float v : result.values()) {
          sum += Math.abs(v);
        }
        assertTrue(sum > 0, id + " gave an all-zero map");
        assertTrue(result.layerSource().orElseThrow().startsWith("conv1 · "), id + ": " + result.layerSource());
      }
      AttributionMethod saliency = MethodRegistry.builtIn().create("saliency", Map.of(), ModelFacts.UNKNOWN);
      assertTrue(explainer.attribute(input, 0, saliency, ProgressListener.NONE, CancellationToken.NONE)
          .layerSource().isEmpty(), "an input method's map is the input's own");
    }
  }

  @Test
  void theDemosGradCamIsUpsampledFromItsEightByEightLayer() throws Exception {
    Path demo = Path.of("assets/demo/model.pt");
    try (TorchScriptExplainer explainer = TorchScriptExplainer.open(demo, DeviceChoice.CPU)) {
      assertEquals(List.of("block4"), explainer.layerNames());
      AttributionMethod gradCam = MethodRegistry.builtIn().create("grad-cam", Map.of(), ModelFacts.UNKNOWN);
      AttributionResult result = explainer.attribute(new float[3 * 64 * 64], 2, gradCam, ProgressListener.NONE,
          CancellationToken.NONE);
      assertEquals(1, result.channels());
      assertEquals(64 * 64, result.values().length);
      assertEquals(Optional.of("block4 · 8×8"), result.layerSource(), "Grad-CAM sums its channels itself");
      LayerGrid grid = result.layerGrid().orElseThrow();
      assertEquals(List.of(8, 8, 1, 64), List.of(grid.rows(), grid.columns(), grid.channelsSummed(), 8 * 8),
          "the hover reads the layer's own 8×8 map");
      AttributionMethod layerGxA = MethodRegistry.builtIn().create("layer-gradient-x-activation", Map.of(), ModelFacts.UNKNOWN);
      assertEquals(Optional.of("block4 · 8×8, 96 channels summed"), explainer.attribute(new float[3 * 64 * 64], 2,
          layerGxA, ProgressListener.NONE, CancellationToken.NONE).layerSource());
    }
  }
}
