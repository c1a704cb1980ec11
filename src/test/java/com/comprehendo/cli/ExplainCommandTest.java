package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.data.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code comprehendo explain}: the results folder, the selections, resuming, and one line for every bad option. */
class ExplainCommandTest {

  static final Path DEMO = Path.of("assets", "demo");
  static final List<String> IMAGES = List.of("circle/img_0000.png", "circle/img_0011.png", "cross/img_0261.png",
      "star/img_0091.png", "star/img_0235.png", "triangle/img_0062.png", "triangle/img_0296.png");

  @TempDir static Path shared;
  @TempDir Path dir;
  static Path images;

  @BeforeAll
  static void dataset() throws IOException {
    images = shared.resolve("images");
    for (String image : IMAGES) {
      Files.createDirectories(images.resolve(image).getParent());
      Files.copy(DEMO.resolve("images").resolve(image), images.resolve(image));
    }
    Files.writeString(images.resolve("cross/broken.png"), "not an image");
  }

  private static Run explain(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("explain", "--model", DEMO.resolve("model.pt").toString(),
        "--data", images.toString(), "--out", out.toString()));
    args.addAll(List.of(more));
    return AttributeCommandTest.run(args.toArray(String[]::new));
  }

  private static List<List<String>> rows(Path out) throws IOException {
    List<List<String>> all = CsvReader.readAll(out.resolve(ResultsFolder.INDEX));
    assertEquals(ResultsFolder.COLUMNS, all.get(0));
    return all.subList(1, all.size());
  }

  @Test
  void explainsEveryImageWithBoxesAndResumesWithoutRecomputing() throws IOException {
    Path out = dir.resolve("results");
    Run first = explain(out, "--boxes", DEMO.resolve("ground-truth.csv").toString());
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("explained 7 images"), first.out());
    assertTrue(first.out().contains("1 unreadable"), first.out());
    assertTrue(first.out().contains("localization over 7 images"), first.out());
    assertFalse(first.err().contains("\r"), "plain progress lines when not on a terminal");
    assertTrue(first.err().contains("explain: 100%"), first.err());
    List<List<String>> rows = rows(out);
    assertEquals(8, rows.size());
    for (List<String> row : rows) {
      if (row.get(0).equals("cross/broken.png")) {
        assertTrue(row.get(11).startsWith(ResultsFolder.UNREADABLE), row.toString());
      } else {
        assertEquals("saliency", row.get(5));
        assertFalse(row.get(7).isEmpty(), "every demo image has a box: " + row);
        assertTrue(Files.isRegularFile(out.resolve(row.get(11))), row.toString());
      }
    }
    Run second = explain(out, "--boxes", DEMO.resolve("ground-truth.csv").toString());
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("explained 0 images"), second.out());
    assertTrue(second.out().contains("7 kept from before"), second.out());
    assertEquals(rows, rows(out));
  }

  @Test
  void metricsFillDeletionAndInsertionAsEvaluateComputesThemAlsoForMapsMadeBefore() throws IOException {
    Path out = dir.resolve("results");
    assertEquals(0, explain(out, "--limit", "1").exitCode());
    assertTrue(rows(out).stream().allMatch(row -> row.get(9).isEmpty() && row.get(10).isEmpty()), "not asked for");
    Run withMetrics = explain(out, "--limit", "1", "--metrics", "deletion,insertion");
    assertEquals(0, withMetrics.exitCode(), withMetrics.err());
    assertTrue(withMetrics.out().contains("explained 0 images"), "the maps are kept: " + withMetrics.out());
    assertTrue(withMetrics.out().contains("deletion_auc: mean"), withMetrics.out());
    List<List<String>> rows = rows(out);
    int checked = 0;
    for (List<String> row : rows) {
      if (!row.get(11).endsWith(".npy")) {
        assertEquals("", row.get(9), "no map, no metric: " + row);
        continue;
      }
      for (String metric : List.of("deletion", "insertion")) {
        Run evaluate = AttributeCommandTest.run("evaluate", "--model", DEMO.resolve("model.pt").toString(),
            "--input", images.resolve(row.get(0)).toString(), "--attr", out.resolve(row.get(11)).toString(),
            "--metric", metric);
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        double expected = evaluate.json().get("auc").getAsDouble();
        assertEquals(expected, Double.parseDouble(row.get(metric.equals("deletion") ? 9 : 10)), 1e-6, metric + " " + row);
        checked++;
      }
    }
    assertEquals(2, checked, "one map, two metrics");
    Run again = explain(out, "--limit", "1", "--metrics", "deletion");
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.err().contains("deletion for 0 maps"), "nothing left to compute: " + again.err());
    assertEquals(rows, rows(out));
  }

  @Test
  void selectsTheTopLossesAndTheMispredicted() throws IOException {
    Path top = dir.resolve("top");
    Run run = explain(top, "--only", "top-losses:2", "--method", "ig", "--n-steps", "4");
    assertEquals(0, run.exitCode(), run.err());
    List<List<String>> rows = rows(top);
    // circle/img_0011 (a star in the circle folder) and star/img_0235 (a circle) have the highest losses.
    assertEquals(List.of("circle/img_0011.png", "star/img_0235.png", "cross/broken.png"),
        rows.stream().map(r -> r.get(0)).toList());
    assertTrue(Double.parseDouble(rows.get(0).get(4)) >= Double.parseDouble(rows.get(1).get(4)), "by loss");

    Path wrong = dir.resolve("wrong");
    assertEquals(0, explain(wrong, "--only", "mispredicted", "--limit", "3").exitCode());
    List<List<String>> mispredicted = rows(wrong);
    assertEquals(4, mispredicted.size(), "three and the unreadable file: " + mispredicted);
    for (List<String> row : mispredicted.subList(0, 3)) {
      assertFalse(row.get(1).equals(row.get(2)), row.toString());
    }
  }

  @Test
  void badOptionsGetOneLineAndExitCode2() {
    Path out = dir.resolve("results");
    String[][] cases = {
        {"--only", "0"}, {"--only", "-1"}, {"--only", "NaN"}, {"--only", "top-losses:0"}, {"--only", "top-losses:-1"},
        {"--only", "top-losses:NaN"}, {"--only", "top-losses:2147483648"}, {"--only", "top-losses:"},
        {"--limit", "0"}, {"--limit", "-1"}, {"--limit", "NaN"}, {"--limit", "2147483648"}, {"--limit", "1e3"},
        {"--metrics", "nope"}, {"--metrics", ""}, {"--metrics", "deletion,"}, {"--metrics", "NaN"}, {"--target", "-1"}, {"--target", "NaN"}, {"--target", "2147483648"},
        {"--target", "4"}, {"--method", "nope"}, {"--method", "ig", "--n-steps", "0"}, {"--method", "ig", "--n-steps", "NaN"},
        {"--method", "ig", "--n-steps", "-1"}, {"--method", "ig", "--n-steps", "2147483648"}, {"--abs", "maybe"}, {"--n-steps", "5"}, {"--memory-budget", "0"},
        {"--memory-budget", "-1"}, {"--memory-budget", "NaN"}, {"--device", "tpu"}, {"--boxes", "missing.csv"},
    };
    for (String[] bad : cases) {
      Run run = explain(out, bad);
      assertEquals(2, run.exitCode(), String.join(" ", bad) + ": " + run.err());
      // One line; the options read while parsing (picocli's converters) add the shared "See … --help".
      assertEquals(1, run.err().strip().lines().filter(line -> !line.startsWith("explain: note"))
          .filter(line -> !line.equals("See 'comprehendo explain --help'.")).count(), String.join(" ", bad) + ": " + run.err());
      assertTrue(run.err().startsWith("explain: ") || run.err().startsWith("comprehendo explain: "), run.err());
    }
    assertFalse(Files.exists(out), "nothing written for a refused command");
    String negative = explain(out, "--limit", "-1").err();
    assertTrue(negative.contains("--limit: must be at least 1, got -1"), "−1 is a whole number, only too small: " + negative);
  }

  @Test
  void aBadMethodOptionIsRefusedBeforeTheModelIsLoaded() throws IOException {
    Path notAModel = Files.writeString(dir.resolve("model.pt"), "not a TorchScript model");
    Run run = AttributeCommandTest.run("explain", "--model", notAModel.toString(), "--data", images.toString(),
        "--out", dir.resolve("results").toString(), "--method", "ig", "--baselines", "black", "--n-steps", "0");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("explain: --n-steps must be at least 1, got 0", run.err().strip());
  }

  @Test
  void theDatasetFolderIsRefusedAsTheResultsFolder() throws IOException {
    Run inside = explain(images.resolve("star").resolve("results"));
    assertEquals(2, inside.exitCode(), inside.err());
    assertTrue(inside.err().contains("never written"), inside.err());
    assertFalse(Files.exists(images.resolve("star").resolve("results")));
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertEquals(2, explain(file).exitCode());
  }

  @Test
  void aResultsFolderThatIsALinkADeviceOrAFifoIsRefusedBeforeAnyWork() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), elsewhere);
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("absent"));
    Path fifo = dir.resolve("fifo");
    new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
    for (Path out : List.of(link, dangling, Path.of("/dev/null"), fifo)) {
      Run run = explain(out);
      assertEquals(2, run.exitCode(), out + ": " + run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().contains("--out: cannot write " + out + ": is a "), run.err());
    }
    assertTrue(explain(link).err().contains("give the folder it points to"));
    try (var written = Files.list(elsewhere)) {
      assertEquals(0, written.count(), "nothing written through the link");
    }
    assertFalse(Files.exists(dir.resolve("absent")), "nor through the dangling one");
  }

  @Test
  void aBoxesFileThatCannotBeUsedIsToldBeforeTheModelLoads() throws IOException {
    Path boxesFile = Files.writeString(dir.resolve("boxes.csv"), "name,where\na.png,1 2 3 4\n");
    Path corruptModel = Files.writeString(dir.resolve("model.pt"), "not a model");
    Run run = AttributeCommandTest.run("explain", "--model", corruptModel.toString(), "--data", images.toString(),
        "--boxes", boxesFile.toString(), "--out", dir.resolve("results").toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--boxes: "), run.err());
    assertFalse(run.err().contains("--model"), "the model is not loaded: " + run.err());
    assertFalse(Files.exists(dir.resolve("results")), "nothing written");
  }

  @Test
  void aBoxesPathThatIsNotAFileIsNamedForWhatItIs() {
    Run run = explain(dir.resolve("results"), "--boxes", dir.toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--boxes: " + dir + " is a directory, not a CSV file"), run.err());
  }
}
