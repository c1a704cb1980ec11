package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.data.CsvReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predict command on a small generated ImageFolder dataset. */
class PredictCommandTest {

  @TempDir static Path dir;
  static Path model;
  static Path images;

  @BeforeAll
  static void makeDataset() throws IOException {
    model = dir.resolve("tinycnn.pt");
    try (InputStream in = PredictCommandTest.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.copy(in, model);
    }
    Files.writeString(dir.resolve("tinycnn.json"), "{\"classes\": [\"cat\", \"dog\"], \"input_size\": 64}");
    images = dir.resolve("images");
    for (String label : List.of("cat", "dog")) {
      Files.createDirectories(images.resolve(label));
      for (int i = 0; i < 5; i++) {
        BufferedImage picture = new BufferedImage(40 + i, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
          for (int x = 0; x < 40 + i; x++) {
            picture.setRGB(x, y, label.equals("cat") ? (x * 6) << 16 | (i * 40) : (y * 8) << 8 | (x * 3));
          }
        }
        ImageIO.write(picture, "png", images.resolve(label).resolve(label + "_" + i + ".png").toFile());
      }
    }
    Files.writeString(images.resolve("dog").resolve("broken.png"), "not a png");
  }

  @Test
  void writesOneRowPerReadableImageAndReportsAccuracyAndUnreadableFiles() throws IOException {
    Path out = dir.resolve("predictions.csv");
    Run run = AttributeCommandTest.run("predict", "--model", model.toString(), "--data", images.toString(),
        "--out", out.toString(), "--batch-size", "3");
    assertEquals(0, run.exitCode(), run.err());
    List<List<String>> rows = CsvReader.readAll(out);
    assertEquals(List.of("path", "label", "predicted", "probability", "loss"), rows.get(0));
    assertEquals(11, rows.size(), "header + 10 readable images");
    int correct = 0;
    for (List<String> row : rows.subList(1, rows.size())) {
      assertTrue(row.get(0).startsWith(row.get(1) + "/"), "label from the folder: " + row);
      double probability = Double.parseDouble(row.get(3));
      assertTrue(probability >= 0.5 && probability <= 1, row.toString());
      double loss = Double.parseDouble(row.get(4));
      boolean isCorrect = row.get(1).equals(row.get(2));
      correct += isCorrect ? 1 : 0;
      if (isCorrect) {
        assertEquals(-Math.log(probability), loss, 1e-5, "loss of a correct prediction is -ln p");
      } else {
        assertTrue(loss > -Math.log(0.5) - 1e-6, "a wrong prediction costs more than ln 2");
      }
    }
    assertTrue(run.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", correct / 10.0)), run.out());
    assertTrue(run.out().contains("unreadable: dog/broken.png: not an image"), run.out());
    assertTrue(run.out().contains("most confused"), run.out());
  }

  @Test
  void anAbsurdBatchSizeIsLoweredToTheBudgetNotAllocated() throws IOException {
    Path out = dir.resolve("huge-batch.csv");
    Run run = AttributeCommandTest.run("predict", "--model", model.toString(), "--data", images.toString(),
        "--out", out.toString(), "--batch-size", "1000000000");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("--batch-size 1000000000 lowered to"), run.err());
    assertEquals(11, CsvReader.readAll(out).size(), "header + 10 readable images, as with a small batch");
  }

  @Test
  void aFileNameWithANewlineStaysOnOneSummaryLine() throws IOException {
    Path folder = dir.resolve("odd-names");
    Files.createDirectories(folder.resolve("cat"));
    Files.copy(images.resolve("cat").resolve("cat_0.png"), folder.resolve("cat").resolve("cat_0.png"));
    Files.writeString(folder.resolve("cat").resolve("evil\nname.png"), "not a png");
    Path out = dir.resolve("odd-names.csv");

    Run run = AttributeCommandTest.run("predict", "--model", model.toString(), "--data", folder.toString(),
        "--labels", "folders", "--out", out.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().lines().anyMatch(line -> line.startsWith("unreadable: cat/evil\\nname.png: ")), run.out());
    assertFalse(run.out().lines().anyMatch(line -> line.startsWith("name.png")), run.out());
    assertEquals("a\\tb\\u0007c\\\\d", PredictCommand.printable("a\tb\u0007c\\d"));
  }

  @Test
  void withoutLabelsItPredictsOnly() throws IOException {
    Path out = dir.resolve("unlabelled.csv");
    Run run = AttributeCommandTest.run("predict", "--model", model.toString(), "--data", images.toString(),
        "--labels", "none", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<List<String>> rows = CsvReader.readAll(out);
    assertTrue(rows.subList(1, rows.size()).stream().allMatch(row -> row.get(1).isEmpty() && row.get(4).isEmpty()));
    assertTrue(run.out().contains("no labels"), run.out());
  }

  @Test
  void labelsThatAreNotModelClassesAreReportedNotGuessed() throws IOException {
    Path other = dir.resolve("other");
    Files.createDirectories(other.resolve("cat"));
    Files.createDirectories(other.resolve("horse"));
    Files.copy(images.resolve("cat/cat_0.png"), other.resolve("cat/a.png"));
    Files.copy(images.resolve("cat/cat_1.png"), other.resolve("horse/b.png"));
    Path out = dir.resolve("mismatch.csv");
    Run run = AttributeCommandTest.run("predict", "--model", model.toString(), "--data", other.toString(),
        "--out", out.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("horse"), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aModelGivenAsALinkReadsTheSidecarBesideTheFileItPointsTo() throws IOException {
    // Before: no sidecar beside the link, so classes "0" and "1", and the folders cat and dog matched none (exit 1).
    Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("linked")).resolve("model.pt"), model);
    Path out = dir.resolve("linked.csv");
    Run run = AttributeCommandTest.run("predict", "--model", link.toString(), "--data", images.toString(),
        "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("over 10 labelled images"), run.out());
  }

  @Test
  void aLabelsFileThatCannotBeUsedIsNamedAsTheLabelsOption() throws IOException {
    // Before: "predict: --data: labels.csv has no 'file' column; …", exit 1, as if the folder were wrong.
    Path folder = dir.resolve("csv-labelled");
    Files.createDirectories(folder);
    Files.copy(images.resolve("cat").resolve("cat_0.png"), folder.resolve("cat_0.png"));
    Path wrongColumns = Files.writeString(dir.resolve("wrong-columns.csv"), "name,kind\ncat_0.png,cat\n");
    Path notText = Files.write(dir.resolve("not-text.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    Path shortRow = Files.writeString(dir.resolve("short-row.csv"), "file,label\ncat_0.png\n");
    Files.writeString(folder.resolve("labels.csv"), "garbage\n");
    String[][] cases = {
        {"csv:" + wrongColumns, "wrong-columns.csv has no 'file' column; its header is: name, kind (expected columns"
            + " file,label)"},
        {"csv:" + notText, "not-text.csv is not UTF-8 text (save it as a UTF-8 CSV file)"},
        {"csv:" + shortRow, "short-row.csv line 2: expected 2 fields, found 1"},
        {"auto", "labels.csv has no 'file' column; its header is: garbage (expected columns file,label)"}};
    for (String[] labelsCase : cases) {
      for (String command : List.of("predict", "explain")) {
        Path out = dir.resolve(command.equals("predict") ? "labels-refused.csv" : "labels-refused");
        Run run = AttributeCommandTest.run(command, "--model", model.toString(), "--data", folder.toString(),
            "--labels", labelsCase[0], "--out", out.toString());
        String lastLine = run.err().strip().lines().reduce((first, second) -> second).orElse("");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(command + ": --labels: " + labelsCase[1], lastLine, run.err());
        assertFalse(Files.exists(out), command + " " + labelsCase[0]);
      }
    }
  }

  @Test
  void wrongArgumentsExitWithTwo() {
    Run badRule = AttributeCommandTest.run("predict", "--model", model.toString(), "--data", images.toString(),
        "--labels", "astrology", "--out", dir.resolve("x.csv").toString());
    assertEquals(2, badRule.exitCode());
    assertTrue(badRule.err().contains("--labels"), badRule.err());
    Run noFolder = AttributeCommandTest.run("predict", "--model", model.toString(), "--data", dir.resolve("nope").toString(),
        "--out", dir.resolve("x.csv").toString());
    assertEquals(2, noFolder.exitCode());
    assertTrue(noFolder.err().contains("--data: no such folder"), noFolder.err());
  }
}
