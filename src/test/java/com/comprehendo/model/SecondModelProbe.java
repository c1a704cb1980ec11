package com.comprehendo.model;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.TorchScriptExplainer;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.platform.DjlSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Run in a process of its own by {@link OneDnnKernelsTest}: optionally a model that is safe with
 * oneDNN's fast kernels first (which makes oneDNN choose them for the process), then Layer IG at conv1
 * of the 4- and 5-channel {@code two-layers.pt} twelve times, printing each map's sum of magnitudes.
 * Arguments: the demo model or {@code -}, then the two-layers model, optionally a model opened (and run)
 * after it while it stays open.
 */
public final class SecondModelProbe {

  private SecondModelProbe() {}

  public static void main(String[] args) throws Exception {
    DjlSettings.configureOffline();
    if (!args[0].equals("-")) {
      try (TorchScriptExplainer first = TorchScriptExplainer.open(Path.of(args[0]), DeviceChoice.CPU)) {
        AttributionMethod saliency = MethodRegistry.builtIn().create("saliency", Map.of(), ModelFacts.UNKNOWN);
        first.attribute(new float[3 * 64 * 64], 0, saliency, ProgressListener.NONE, CancellationToken.NONE);
      }
    }
    try (TorchScriptExplainer explainer = TorchScriptExplainer.open(Path.of(args[1]), DeviceChoice.CPU);
        TorchScriptExplainer meanwhile = args.length > 2 ? TorchScriptExplainer.open(Path.of(args[2]), DeviceChoice.CPU)
            : null) {
      if (meanwhile != null) {
        AttributionMethod saliency = MethodRegistry.builtIn().create("saliency", Map.of(), ModelFacts.UNKNOWN);
        meanwhile.attribute(new float[3 * 64 * 64], 0, saliency, ProgressListener.NONE, CancellationToken.NONE);
      }
      float[] input = new float[3 * 8 * 8];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) Math.sin(i);
      }
      AttributionMethod layerIg = MethodRegistry.builtIn().create("layer-ig", Map.of("layer", "conv1"),
          ModelFacts.UNKNOWN);
      StringBuilder sums = new StringBuilder("SUMS");
      for (int repeat = 0; repeat < 12; repeat++) {
        AttributionResult result = explainer.attribute(input, 0, layerIg, ProgressListener.NONE, CancellationToken.NONE);
        double sum = 0;
        for (float value : result.values()) {
          sum += Math.abs(value);
        }
        sums.append(String.format(Locale.ROOT, " %.9g", sum));
      }
      System.out.println(sums);
    }
  }
}
