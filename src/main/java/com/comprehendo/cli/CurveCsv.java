package com.comprehendo.cli;

import com.comprehendo.analysis.metrics.FaithfulnessCurve;
import com.comprehendo.attribution.Baseline;
import com.comprehendo.data.CsvWriter;
import com.comprehendo.data.Provenance;
import com.comprehendo.model.ModelSpec;
import com.comprehendo.model.TorchScriptClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code evaluate --curve-out}: a deletion or insertion curve as CSV, one row a point, with its provenance sidecar. */
final class CurveCsv {

  static final List<String> HEADER = List.of("point", "fraction", "pixels_moved", "probability");

  private CurveCsv() {}

  /**
   * @param pixels the image's H·W (the last point has moved them all)
   * @param baselineText the baseline as the summary line names it
   */
  static void write(CommandSpec spec, Path curveOut, FaithfulnessCurve curve, int pixels, Baseline baseline,
      String baselineText, int targetClass, TorchScriptClassifier model, Path modelFile, Path input, Path attr)
      throws CommandFailure {
    List<List<String>> rows = new ArrayList<>();
    double[] probabilities = curve.probabilities();
    for (int i = 0; i < probabilities.length; i++) {
      long moved = Math.min(pixels, (long) i * curve.step());
      rows.add(List.of(Integer.toString(i), Double.toString(curve.fraction(i)), Long.toString(moved),
          Double.toString(probabilities[i])));
    }
    Provenance.Builder provenance = Provenance.builder()
        .setCommandLine(CommandOutputs.commandLine(spec))
        .optModel(modelFile, model.sha256(), ModelSpec.sidecarFile(modelFile).orElse(null))
        .optInput("input", input)
        .optInput("attr", attr);
    if (baseline instanceof Baseline.FromFile file) {
      provenance.optInput("baselines", file.path());
    }
    provenance.optTarget(targetClass)
        .optDevice(model.deviceName())
        .optSetting("metric", curve.kind().id())
        .optSetting("step", curve.step())
        .optSetting("baselines", baselineText)
        .optSetting("auc", curve.auc());
    CommandOutputs.write(provenance.build(),
        new CommandOutputs.Output("--curve-out", curveOut, CsvWriter.content(HEADER, rows)));
  }
}
