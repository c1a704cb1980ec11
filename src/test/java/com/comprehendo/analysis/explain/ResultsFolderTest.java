package com.comprehendo.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.BoxesCsv;
import com.comprehendo.data.CsvReader;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.Provenance;
import com.comprehendo.data.Sidecars;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.TorchScriptClassifier;
import com.comprehendo.platform.Sha256;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results folder: its layout, resuming an interrupted run, and a dataset folder left alone. */
class ResultsFolderTest {

  @TempDir static Path shared;
  @TempDir Path dir;
  static TorchScriptClassifier model;
  static Preprocessing pre;
  static Path images;
  static List<ExplainItem> items;
  static Function<String, Optional<BoundingBox>> boxes;

  @BeforeAll
  static void load() throws Exception {
    model = ExplainFixtures.demoModel();
    pre = model.spec().preprocessing();
    images = ExplainFixtures.dataset(shared);
    items = ExplainFixtures.items(images, model);
    Map<String, BoundingBox> truth = BoxesCsv.read(ExplainFixtures.DEMO.resolve("ground-truth.csv"), images);
    boxes = key -> Optional.ofNullable(truth.get(key));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static ResultsFolder open(Path out, MethodRecipe recipe) throws IOException {
    String key = ResultsFolder.runKey(model.sha256(), pre, recipe, TargetChoice.PREDICTED);
    ResultsFolder.Run run = new ResultsFolder.Run(key, images, model.classNames(), recipe,
        () -> Provenance.builder().setCommandLine(List.of("comprehendo", "explain", "(test)")));
    return ResultsFolder.open(out, run, items.stream().map(ExplainItem::key).toList());
  }

  private static ResumableExplanation.Summary run(Path out, MethodRecipe recipe, int imagesPerCall,
      com.comprehendo.job.CancellationToken token) throws IOException {
    return run(out, recipe, imagesPerCall, token, (done, total) -> {});
  }

  private static ResumableExplanation.Summary run(Path out, MethodRecipe recipe, int imagesPerCall,
      com.comprehendo.job.CancellationToken token, com.comprehendo.job.ProgressListener progress) throws IOException {
    ResultsFolder results = open(out, recipe);
    ResumableExplanation.Plan plan = ResumableExplanation.plan(results, items, boxes, pre);
    BatchExplainer explainer = BatchExplainer.builder(model, recipe).optImagesPerCall(imagesPerCall)
        .optBoxes(boxes).optCancellation(token).optProgress(progress).build();
    return ResumableExplanation.explain(explainer, results, plan);
  }

  private static List<List<String>> index(Path out) throws IOException {
    return CsvReader.readAll(out.resolve(ResultsFolder.INDEX));
  }

  @Test
  void theFolderHoldsOneMapPerImageMirroringTheDatasetAndAnIndexWithTheReasonOfTheUnreadable() throws IOException {
    Path out = dir.resolve("results");
    ResumableExplanation.Summary summary = run(out, MethodRecipe.of("saliency", Map.of(), pre), 4, () -> false);
    assertEquals(new ResumableExplanation.Summary(0, items.size() - 1, 1), summary);
    List<List<String>> rows = index(out);
    assertEquals(ResultsFolder.COLUMNS, rows.get(0));
    assertEquals(items.size() + 1, rows.size());
    for (int i = 0; i < items.size(); i++) {
      List<String> row = rows.get(i + 1);
      String key = items.get(i).key();
      assertEquals(key, row.get(0), "dataset order");
      assertEquals(key.substring(0, key.indexOf('/')), row.get(1), "the folder is the label");
      assertEquals("saliency", row.get(5));
      if (key.equals(ExplainFixtures.BROKEN)) {
        assertTrue(row.get(11).startsWith("unreadable: not an image"), row.get(11));
        assertEquals(List.of("", "", "", "", "", "", "", ""), List.of(row.get(2), row.get(3), row.get(4), row.get(6),
            row.get(7), row.get(8), row.get(9), row.get(10)));
        continue;
      }
      assertEquals("maps/" + key + ".npy", row.get(11));
      assertEquals(row.get(2), row.get(6), "the target is the predicted class");
      double energy = Double.parseDouble(row.get(7));
      assertTrue(energy >= 0 && energy <= 1, row.toString());
      assertTrue(row.get(8).equals("1") || row.get(8).equals("0"), row.toString());
      assertEquals("", row.get(9), "deletion not asked for");
      NpyArray map = NpyArray.read(out.resolve(row.get(11)));
      assertEquals(List.of(3, 64, 64), List.of(map.shape()[0], map.shape()[1], map.shape()[2]));
      JsonObject sidecar = Sidecars.of(out.resolve(row.get(11)));
      Sidecars.assertRecords(images.resolve(key), sidecar.getAsJsonObject("inputs").getAsJsonObject("image"));
      assertEquals("saliency", sidecar.get("method").getAsString());
    }
    JsonObject indexProvenance = Sidecars.of(out.resolve(ResultsFolder.INDEX));
    assertEquals(Sha256.of(out.resolve(ResultsFolder.INDEX)),
        indexProvenance.getAsJsonObject("output").get("sha256").getAsString());
  }

  @Test
  void theExplorerReadsTheFolderBackWithoutComputing() throws Exception {
    Path out = dir.resolve("results");
    run(out, MethodRecipe.of("saliency", Map.of(), pre), 4, () -> false);
    ResultsIndex read = ResultsIndex.read(out);
    assertEquals(Optional.of(images), read.datasetRoot(), "the dataset folder from the index's provenance");
    List<List<String>> rows = index(out);
    assertEquals(items.size() - 1, read.rows().size(), "every map, not the unreadable image");
    for (ResultsIndex.Row row : read.rows()) {
      List<String> written = rows.stream().filter(r -> r.get(0).equals(row.key())).findFirst().orElseThrow();
      assertEquals("saliency", row.method());
      assertEquals(Double.parseDouble(written.get(7)), row.energyInBox().orElseThrow());
      assertEquals(Optional.of(written.get(8).equals("1")), row.pointingHit());
      NpyArray map = read.map(row);
      assertEquals(Sha256.of(out.resolve(written.get(11))), Sha256.of(out.resolve(row.map())));
      assertEquals(3 * 64 * 64, map.data().length);
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(images.resolve(row.key()).toFile());
      assertTrue(java.util.Arrays.equals(new int[] {image.getWidth(), image.getHeight()}, read.imageSize(row).orElseThrow()));
    }
    com.comprehendo.data.DatasetException none =
        assertThrows(com.comprehendo.data.DatasetException.class, () -> ResultsIndex.read(images));
    assertTrue(none.getMessage().contains("no results"), none.getMessage());
    assertTrue(ResultsIndex.isResults(out));
    assertTrue(!ResultsIndex.isResults(images));
  }

  @Test
  void anInterruptedRunResumedEndsLikeOneUninterruptedRun() throws IOException {
    MethodRecipe ig = MethodRecipe.of("ig", Map.of("n_steps", "4"), pre);
    Path whole = dir.resolve("whole");
    run(whole, ig, 3, () -> false);

    Path interrupted = dir.resolve("interrupted");
    AtomicInteger done = new AtomicInteger();
    // Stopped once two batches of two are done: in the third batch (in IG's passes or before them).
    assertThrows(CancelledException.class,
        () -> run(interrupted, ig, 2, () -> done.get() >= 4, (images, total) -> done.set((int) images)));
    List<List<String>> partial = index(interrupted);
    assertEquals(5, partial.size(), "the two finished batches are in the index: " + partial);
    for (List<String> row : partial.subList(1, partial.size())) {
      assertTrue(Files.isRegularFile(interrupted.resolve(row.get(11))), "every listed map exists: " + row);
    }
    assertEquals(4, countMaps(interrupted), "and nothing of the batch in progress");

    ResumableExplanation.Summary resumed = run(interrupted, ig, 3, () -> false);
    assertEquals(4, resumed.kept());
    assertEquals(items.size() - 4 - 1, resumed.explained());
    assertSameResults(whole, interrupted);

    ResumableExplanation.Summary again = run(interrupted, ig, 3, () -> false);
    assertEquals(items.size() - 1, again.kept(), "all done; only the unreadable file is tried again");
    assertSameResults(whole, interrupted);
  }

  @Test
  void otherParametersComputeEveryMapAgain() throws IOException {
    Path out = dir.resolve("results");
    run(out, MethodRecipe.of("saliency", Map.of(), pre), 4, () -> false);
    ResumableExplanation.Summary signed = run(out, MethodRecipe.of("saliency", Map.of("abs", "false"), pre), 4,
        () -> false);
    assertEquals(0, signed.kept());
    assertEquals(items.size() - 1, signed.explained());
    ResumableExplanation.Summary same = run(out, MethodRecipe.of("saliency", Map.of("abs", "false"), pre), 4,
        () -> false);
    assertEquals(items.size() - 1, same.kept());
  }

  @Test
  void theDatasetFolderIsNeverWritten() throws IOException {
    Map<String, String> before = snapshot(images);
    run(dir.resolve("results"), MethodRecipe.of("saliency", Map.of(), pre), 4, () -> false);
    run(dir.resolve("results"), MethodRecipe.of("saliency", Map.of(), pre), 4, () -> false);
    assertEquals(before, snapshot(images));
    IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
        () -> open(images.resolve("star").resolve("out"), MethodRecipe.of("saliency", Map.of(), pre)));
    assertTrue(inside.getMessage().contains("never written"), inside.getMessage());
    assertThrows(IllegalArgumentException.class, () -> open(images, MethodRecipe.of("saliency", Map.of(), pre)));
    assertEquals(before, snapshot(images));
  }

  private static void assertSameResults(Path expected, Path actual) throws IOException {
    List<List<String>> a = index(expected);
    List<List<String>> b = index(actual);
    assertEquals(a.size(), b.size());
    for (int r = 0; r < a.size(); r++) {
      for (int c = 0; c < ResultsFolder.COLUMNS.size(); c++) {
        String x = a.get(r).get(c);
        String y = b.get(r).get(c);
        if (r > 0 && (c == 3 || c == 4 || c == 7) && !x.isEmpty()) {
          // Other batch sizes round differently (see BatchExplainer): equal to float rounding.
          assertEquals(Double.parseDouble(x), Double.parseDouble(y), 2e-6 * Math.max(1, Math.abs(Double.parseDouble(x))),
              "row " + r + " column " + c);
        } else {
          assertEquals(x, y, "row " + r + " column " + c);
        }
      }
      if (r > 0 && a.get(r).get(11).endsWith(".npy")) {
        NpyArray mapA = NpyArray.read(expected.resolve(a.get(r).get(11)));
        NpyArray mapB = NpyArray.read(actual.resolve(b.get(r).get(11)));
        double distance = ExplainFixtures.relativeL2(mapA.data(), mapB.data());
        assertTrue(distance < 1e-5, a.get(r).get(0) + ": " + distance);
      }
    }
  }

  private static long countMaps(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out.resolve(ResultsFolder.MAPS))) {
      return files.filter(f -> f.toString().endsWith(".npy")).count();
    }
  }

  /** Every path under {@code folder} with its content's hash and modification time. */
  private static Map<String, String> snapshot(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) all::iterator) {
        FileTime modified = Files.getLastModifiedTime(file);
        files.put(folder.relativize(file).toString(),
            (Files.isRegularFile(file) ? Sha256.of(file) : "folder") + " " + modified);
      }
    }
    return files;
  }
}
