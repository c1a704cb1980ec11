package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.Previews;
import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.job.BatchBudget;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's report is complete and self-consistent (its speed is measured, not asserted). */
class BenchCommandTest {

  @TempDir Path dir;

  /** {@code bench --methods methods} on the small reference CNN at 32×32, one run each, as JSON. */
  private Run benchTinyModel(String methods) throws IOException {
    Path model = dir.resolve("tiny.pt");
    try (InputStream in = BenchCommandTest.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.copy(in, model);
    }
    return AttributeCommandTest.run("bench", "--model", model.toString(), "--input-shape", "1,3,32,32",
        "--batch-sizes", "1,2", "--repeats", "1", "--methods", methods, "--json");
  }

  @Test
  void reportsFloorAndEveryMethodAgainstIt() throws IOException {
    Run run = benchTinyModel("gradient-shap,ig-precision,first-heatmap");
    assertEquals(0, run.exitCode(), run.err());
    JsonObject report = run.json();
    assertEquals(2, report.getAsJsonArray("floor").size());
    JsonArray methods = report.getAsJsonArray("methods");
    assertEquals(3, methods.size());
    for (JsonElement element : methods) {
      JsonObject method = element.getAsJsonObject();
      double seconds = method.get("seconds").getAsDouble();
      double floor = method.get("floor_seconds").getAsDouble();
      assertTrue(seconds > 0 && floor > 0);
      assertEquals(seconds / floor, method.get("ratio_to_floor").getAsDouble(), 1e-3 * seconds / floor);
    }
    assertEquals(Previews.IG_PREVIEW_STEPS, methods.get(2).getAsJsonObject().get("gradient_passes").getAsInt());
    assertTrue(methods.get(1).getAsJsonObject().get("steps_used").getAsInt() >= 16);
  }

  @Test
  void occlusionsFirstHeatmapIsItsFirstEstimateWhenAPreviewWouldNotPay() throws IOException {
    // 32×32 with 15×15 windows at stride 8: 4 × 4 windows (Captum rounds the shifts up), too few for a
    // coarser preview to pay or for an estimate (after the 16th window, none left): the first heat map
    // is the result.
    Run run = benchTinyModel("first-heatmap-occlusion");

    assertEquals(0, run.exitCode(), run.err());
    JsonObject timing = run.json().getAsJsonArray("methods").get(0).getAsJsonObject();
    assertTrue(timing.get("settings").getAsString().contains("until its first estimate"), timing.toString());
    assertEquals(17, timing.get("forward_passes").getAsInt(), "the unoccluded pass and the 16 windows");
    assertEquals(0, timing.get("gradient_passes").getAsInt());
  }

  @Test
  void datasetPredictionsAreComparedWithTheFloorAndWithForwardPassesTimedRightAfter() throws IOException {
    Path model = dir.resolve("tinycnn.pt");
    try (InputStream in = BenchCommandTest.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.copy(in, model);
    }
    Files.writeString(dir.resolve("tinycnn.json"), "{\"classes\": [\"cat\", \"dog\"], \"input_size\": 64}");
    Path images = dir.resolve("images");
    Files.createDirectories(images);
    for (int i = 0; i < 12; i++) {
      java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(50, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
      picture.setRGB(i, i, 0xffffff);
      javax.imageio.ImageIO.write(picture, "jpg", images.resolve("photo_" + i + ".jpg").toFile());
    }
    Run run = AttributeCommandTest.run("bench", "--model", model.toString(), "--batch-sizes", "2,4", "--repeats", "2",
        "--methods", "predict,explain-ig", "--dataset", images.toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonObject predict = run.json().getAsJsonArray("methods").get(0).getAsJsonObject();
    assertEquals("predict", predict.get("method").getAsString());
    assertEquals(12, predict.get("forward_passes").getAsInt(), "one forward row per image");
    JsonArray paired = predict.getAsJsonArray("paired_ratios");
    assertEquals(2, paired.size());
    for (JsonElement ratio : paired) {
      assertTrue(ratio.getAsDouble() > 0 && Double.isFinite(ratio.getAsDouble()));
    }
    double low = Math.min(paired.get(0).getAsDouble(), paired.get(1).getAsDouble());
    double high = Math.max(paired.get(0).getAsDouble(), paired.get(1).getAsDouble());
    assertEquals((low + high) / 2, predict.get("paired_ratio").getAsDouble(), 1e-5 * high, "the median of two runs");

    JsonObject explain = run.json().getAsJsonArray("methods").get(1).getAsJsonObject();
    assertEquals("explain-ig", explain.get("method").getAsString());
    assertEquals(12 * 32, explain.get("gradient_passes").getAsInt(), "32 steps per image");
    assertEquals(12, explain.get("forward_passes").getAsInt(), "the prediction only: explain runs IG without its delta");
    assertEquals(2, explain.getAsJsonArray("paired_ratios").size());
    assertTrue(explain.get("ratio_to_floor").getAsDouble() > 0);
    assertEquals(12, explain.get("images").getAsInt());
    double forwardBackward = explain.get("forward_backward_floor_seconds").getAsDouble();
    double bestGradient = 0;
    for (JsonElement row : run.json().getAsJsonArray("floor")) {
      bestGradient = Math.max(bestGradient, row.getAsJsonObject().get("gradient_images_per_s").getAsDouble());
    }
    assertEquals(12 / bestGradient, forwardBackward, 1e-9 * forwardBackward, "one forward and backward pass per image");
    assertEquals(explain.get("seconds").getAsDouble() / forwardBackward,
        explain.get("ratio_to_forward_backward_floor").getAsDouble(), 1e-9);

    Run noSplit = AttributeCommandTest.run("bench", "--model", model.toString(), "--repeats", "1",
        "--methods", "explain-grad-cam", "--dataset", images.toString());
    assertEquals(1, noSplit.exitCode(), noSplit.err());
    assertTrue(noSplit.err().contains("explain-grad-cam: this model has no split"), noSplit.err());
    assertFalse(noSplit.err().contains("\tat "), "no stack trace: " + noSplit.err());

    Run withoutFolder = AttributeCommandTest.run("bench", "--model", model.toString(), "--methods", "explain-saliency");
    assertEquals(2, withoutFolder.exitCode());
    assertTrue(withoutFolder.err().contains("need --dataset"), withoutFolder.err());
  }

  @Test
  void absurdSizesAreOneLineNotAnAllocation() throws IOException {
    Path model = dir.resolve("tiny.pt");
    try (InputStream in = BenchCommandTest.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.copy(in, model);
    }
    Run huge = AttributeCommandTest.run("bench", "--model", model.toString(), "--input-shape", "1,3,100000,100000",
        "--methods", "first-heatmap", "--json");
    assertEquals(2, huge.exitCode(), huge.err());
    assertTrue(huge.err().contains("--input-shape: one input of 3×100000×100000 floats is more than the memory budget"),
        huge.err());
    assertFalse(huge.err().contains("\tat "), "no stack trace: " + huge.err());

    Run manyRows = AttributeCommandTest.run("bench", "--model", model.toString(), "--input-shape", "1,3,32,32",
        "--batch-sizes", "100000000", "--repeats", "1", "--methods", "first-heatmap", "--memory-budget", "64m", "--json");
    assertEquals(0, manyRows.exitCode(), manyRows.err());
    assertTrue(manyRows.err().contains("batch 100000000 lowered to"), manyRows.err());
    int measured = manyRows.json().getAsJsonArray("floor").get(0).getAsJsonObject().get("batch").getAsInt();
    assertTrue(measured >= 1 && measured <= BatchBudget.MAX_ROWS, "measured at " + measured);
  }

  @Test
  void aCaptumTimingFileSetsEachMethodItHasAgainstCaptum() throws IOException {
    Path timings = dir.resolve("captum.json");
    Files.writeString(timings, "{\"methods\": {\"saliency\": {\"captum_median\": 0.5, \"paired_ratio\": 0.9,"
        + " \"captum_settings\": \"Saliency abs=True\"}, \"ig\": {\"captum_median\": 20.0}}}");
    Path model = dir.resolve("tiny.pt");
    try (InputStream in = BenchCommandTest.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.copy(in, model);
    }
    Run run = AttributeCommandTest.run("bench", "--model", model.toString(), "--input-shape", "1,3,32,32",
        "--batch-sizes", "1", "--repeats", "1", "--methods", "saliency,gradient-shap", "--json",
        "--captum-timings", timings.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonArray methods = run.json().getAsJsonArray("methods");
    JsonObject saliency = methods.get(0).getAsJsonObject();
    assertEquals(0.5, saliency.get("captum_seconds").getAsDouble());
    assertEquals(saliency.get("seconds").getAsDouble() / 0.5, saliency.get("ratio_to_captum").getAsDouble(), 1e-9);
    assertEquals(0.9, saliency.get("captum_paired_ratio").getAsDouble());
    assertFalse(methods.get(1).getAsJsonObject().has("ratio_to_captum"), "gradient-shap is not in the file");

    for (String content : new String[] {"not json", "{}", "{\"methods\": {\"ig\": {\"captum_median\": -1}}}",
        "{\"methods\": {\"ig\": {\"captum_median\": \"NaN\"}}}", "{\"methods\": [1]}"}) {
      Files.writeString(timings, content);
      Run bad = AttributeCommandTest.run("bench", "--model", model.toString(), "--methods", "saliency",
          "--captum-timings", timings.toString());
      assertEquals(2, bad.exitCode(), content + ": " + bad.err());
      assertTrue(bad.err().contains("--captum-timings: "), bad.err());
      assertFalse(bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }
    Run missing = AttributeCommandTest.run("bench", "--model", model.toString(), "--captum-timings", dir.resolve("none").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("--captum-timings: no such file"), missing.err());
    Run folder = AttributeCommandTest.run("bench", "--model", model.toString(), "--captum-timings", dir.toString());
    assertEquals(2, folder.exitCode());
    assertTrue(folder.err().contains("is not a regular file"), "a folder is not called missing: " + folder.err());
  }

  @Test
  void unknownMethodIsAUsageError() {
    Run run = AttributeCommandTest.run("bench", "--model", "x.pt", "--methods", "lime");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--methods: unknown 'lime'"), run.err());
  }
}
