package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.data.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled demo tells its story: the model is accurate on correctly labelled images, and the images
 * labelled wrong on purpose are what the top losses show.
 */
class DemoDatasetTest {

  static final Path DEMO = Path.of("assets", "demo");

  @TempDir Path dir;

  @Test
  void predictOnTheDemoIsAccurateAndTopLossesRevealTheMislabelledImages() throws IOException {
    Path out = dir.resolve("demo.csv");
    Run run = AttributeCommandTest.run("predict", "--model", DEMO.resolve("model.pt").toString(),
        "--data", DEMO.resolve("images").toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());

    Map<String, List<String>> truth = new HashMap<>();
    List<List<String>> groundTruth = CsvReader.readAll(DEMO.resolve("ground-truth.csv"));
    assertEquals(List.of("file", "label", "true_label", "box"), groundTruth.get(0));
    for (List<String> row : groundTruth.subList(1, groundTruth.size())) {
      truth.put(row.get(0), row);
    }
    List<List<String>> rows = CsvReader.readAll(out);
    List<List<String>> predictions = rows.subList(1, rows.size());
    assertEquals(truth.size(), predictions.size(), "every demo image is readable and predicted");

    int correctlyLabelled = 0;
    int right = 0;
    int mislabelled = 0;
    for (List<String> row : predictions) {
      List<String> facts = truth.get(row.get(0));
      assertEquals(facts.get(1), row.get(1), "the folder is the given label: " + row);
      if (facts.get(1).equals(facts.get(2))) {
        correctlyLabelled++;
        right += row.get(2).equals(facts.get(2)) ? 1 : 0;
      } else {
        mislabelled++;
      }
    }
    double accuracy = (double) right / correctlyLabelled;
    assertTrue(accuracy >= 0.90, "accuracy on correctly labelled demo images: " + accuracy);
    assertTrue(mislabelled >= 0.03 * predictions.size() && mislabelled <= 0.08 * predictions.size(),
        "about 5% of labels are wrong on purpose: " + mislabelled + " of " + predictions.size());

    List<List<String>> byLoss = predictions.stream()
        .sorted(Comparator.comparingDouble((List<String> row) -> Double.parseDouble(row.get(4))).reversed())
        .toList();
    long mislabelledOnTop = byLoss.subList(0, mislabelled).stream()
        .filter(row -> !truth.get(row.get(0)).get(1).equals(truth.get(row.get(0)).get(2)))
        .count();
    assertTrue(mislabelledOnTop >= 0.7 * mislabelled,
        mislabelledOnTop + " of the top " + mislabelled + " losses are mislabelled images");
  }

  @Test
  void demoIsSmall() throws IOException {
    long bytes;
    try (var files = Files.walk(DEMO)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
    assertTrue(bytes <= 15L * 1024 * 1024, "assets/demo is " + bytes + " bytes");
  }
}
