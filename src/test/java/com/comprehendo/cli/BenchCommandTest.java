package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.cli.AttributeCommandTest.Run;
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

  @Test
  void reportsFloorAndEveryMethodAgainstIt() throws IOException {
    Path model = dir.resolve("tiny.pt");
    try (InputStream in = BenchCommandTest.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.copy(in, model);
    }
    Run run = AttributeCommandTest.run("bench", "--model", model.toString(), "--input-shape", "1,3,32,32",
        "--batch-sizes", "1,2", "--repeats", "1", "--methods", "gradient-shap,ig-precision,first-heatmap", "--json");
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
    assertEquals(8, methods.get(2).getAsJsonObject().get("gradient_passes").getAsInt());
    assertTrue(methods.get(1).getAsJsonObject().get("steps_used").getAsInt() >= 16);
  }

  @Test
  void unknownMethodIsAUsageError() {
    Run run = AttributeCommandTest.run("bench", "--model", "x.pt", "--methods", "lime");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--methods: unknown 'lime'"), run.err());
  }
}
