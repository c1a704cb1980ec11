package com.comprehendo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.comprehendo.analysis.explain.ResultsFolder;
import com.comprehendo.cli.ComprehendoCommand;
import com.comprehendo.data.CsvReader;
import com.comprehendo.data.NpyArray;
import com.comprehendo.platform.SpecialFiles;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark job in local mode ({@code local[2]}) against {@code comprehendo explain} on demo images:
 * the same index and maps, a corrupt image recorded with its reason, a rerun that skips finished images;
 * a bad input, output or number refused in one line (exit 2) before anything is written.
 */
class SparkExplainJobTest {

  private static final Path DEMO = Path.of("assets", "demo");
  private static final List<String> IMAGES = List.of("circle/img_0000.png", "circle/img_0060.png",
      "cross/img_0001.png", "cross/img_0261.png", "star/img_0091.png", "star/img_0235.png",
      "triangle/img_0062.png", "triangle/img_0296.png");

  private static final Set<String> NUMERIC = Set.of("probability", "loss", "energy_in_box", "deletion_auc", "insertion_auc");

  @TempDir static Path shared;
  @TempDir Path dir;
  private static Path images;
  private static SparkSession spark;

  private record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void start() throws IOException {
    images = shared.resolve("images");
    for (String image : IMAGES) {
      Files.createDirectories(images.resolve(image).getParent());
      Files.copy(DEMO.resolve("images").resolve(image), images.resolve(image));
    }
    Files.writeString(images.resolve("cross/broken.png"), "not an image");
    spark = SparkSession.builder().master("local[2]").appName("comprehendo-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    // One partition per task slot at least: the images of one run go through different tasks.
    assertEquals(2, ClusterRun.partitions(9, spark.sparkContext().defaultParallelism()));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Run job(Path out, String... more) {
    return job(DEMO.resolve("model.pt"), out, more);
  }

  private static Run job(Path model, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("--model", model.toString(),
        "--data", images.toString(), "--out", out.toString()));
    args.addAll(List.of(more));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = SparkExplainJob.run(spark, args.toArray(String[]::new), new PrintWriter(stdout), new PrintWriter(stderr));
    return new Run(code, stdout.toString(), stderr.toString());
  }

  private static Run explain(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("explain", "--model", DEMO.resolve("model.pt").toString(),
        "--data", images.toString(), "--out", out.toString()));
    args.addAll(List.of(more));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = ComprehendoCommand.commandLine().setOut(new PrintWriter(stdout)).setErr(new PrintWriter(stderr))
        .execute(args.toArray(String[]::new));
    return new Run(code, stdout.toString(), stderr.toString());
  }

  private static List<List<String>> rows(Path out) throws IOException {
    List<List<String>> all = CsvReader.readAll(out.resolve(ResultsFolder.INDEX));
    assertEquals(ResultsFolder.COLUMNS, all.get(0));
    return all.subList(1, all.size());
  }

  @Test
  void givesTheIndexAndMapsOfExplainAndRecordsTheCorruptImage() throws IOException {
    for (String[] method : List.of(new String[] {"--method", "noise-tunnel", "--nt-samples", "3", "--stdevs", "0.2",
        "--seed", "7"}, new String[] {"--method", "saliency", "--boxes", DEMO.resolve("ground-truth.csv").toString()})) {
      Path single = dir.resolve(method[1] + "-explain");
      Path cluster = dir.resolve(method[1] + "-spark");
      Run reference = explain(single, method);
      assertEquals(0, reference.exitCode(), reference.err());
      Run run = job(cluster, method);
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(run.out().contains("explained 8 images"), run.out());
      assertTrue(run.out().contains("1 unreadable"), run.out());
      assertSameResults(single, cluster);

      List<Row> parquet = spark.read().parquet(cluster.resolve(IndexTable.PARQUET).toString()).collectAsList();
      assertEquals(9, parquet.size());
      assertEquals(ResultsFolder.COLUMNS, List.of(parquet.get(0).schema().fieldNames()));
    }
  }

  /**
   * Same rows in the same order, the same maps and map provenance but for time and place. Numbers agree
   * within 1e-6, not bit for bit: the rows of a model pass differ (a task's batches hold its partition's
   * images, explain's the folder's; and the rows per pass are measured as a run goes, so even NoiseTunnel,
   * image by image, splits its samples into passes differently from run to run), and libtorch's CPU
   * kernels sum in another order for another batch size: float32 rounding (maps differed in the last
   * digit). A loss is compared as the label's probability exp(−loss), what the model computed: the
   * logarithm turned a 6e-7 difference of that probability into 1.8e-6 of the loss here.
   */
  private static void assertSameResults(Path single, Path cluster) throws IOException {
    List<List<String>> expected = rows(single);
    assertSameRows(expected, rows(cluster));
    for (List<String> row : expected) {
      String map = row.get(ResultsFolder.COLUMNS.indexOf("map"));
      if (map.startsWith(ResultsFolder.UNREADABLE)) {
        assertEquals("cross/broken.png", row.get(0));
        continue;
      }
      NpyArray a = NpyArray.read(single.resolve(map));
      NpyArray b = NpyArray.read(cluster.resolve(map));
      assertArrayEquals(a.shape(), b.shape(), map);
      double difference = 0;
      double norm = 0;
      for (int i = 0; i < a.data().length; i++) {
        difference += Math.pow(a.data()[i] - b.data()[i], 2);
        norm += Math.pow(a.data()[i], 2);
      }
      assertTrue(Math.sqrt(difference) <= 1e-6 * Math.sqrt(norm), map + ": relative L2 " + Math.sqrt(difference / norm));
      JsonObject sa = sidecar(single.resolve(map + ".json"));
      JsonObject sb = sidecar(cluster.resolve(map + ".json"));
      for (String field : List.of("method", "parameters", "seed", "target", "device", "settings", "model", "inputs")) {
        assertEquals(sa.get(field), sb.get(field), field + " of " + map);
      }
      assertEquals(cluster.resolve(map).toAbsolutePath().toString(),
          sb.getAsJsonObject("output").get("file").getAsString());
    }
    assertEquals(files(single), files(cluster), "the same files, and no others (such as Hadoop's .crc files)");
    JsonObject ia = sidecar(single.resolve(ResultsFolder.INDEX + ".json"));
    JsonObject ib = sidecar(cluster.resolve(ResultsFolder.INDEX + ".json"));
    for (String field : List.of("method", "parameters", "device", "settings", "model", "inputs")) {
      assertEquals(ia.get(field), ib.get(field), field + " of the index");
    }
  }

  /** The same rows in the same order, numbers within 1e-6 (see {@link #assertSameResults}). */
  private static void assertSameRows(List<List<String>> expected, List<List<String>> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      for (int column = 0; column < ResultsFolder.COLUMNS.size(); column++) {
        String a = expected.get(i).get(column);
        String b = actual.get(i).get(column);
        String where = ResultsFolder.COLUMNS.get(column) + " of " + expected.get(i).get(0);
        if (NUMERIC.contains(ResultsFolder.COLUMNS.get(column)) && !a.isEmpty() && !b.isEmpty()) {
          boolean loss = ResultsFolder.COLUMNS.get(column).equals("loss");
          double x = loss ? Math.exp(-Double.parseDouble(a)) : Double.parseDouble(a);
          double y = loss ? Math.exp(-Double.parseDouble(b)) : Double.parseDouble(b);
          assertTrue(Math.abs(x - y) <= 1e-6, where + ": " + a + " vs " + b);
        } else {
          assertEquals(a, b, where);
        }
      }
    }
  }

  /** The files of a results folder but the Parquet index and its sidecar, relative to it. */
  private static Set<String> files(Path folder) throws IOException {
    try (var walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).map(file -> folder.relativize(file).toString())
          .filter(name -> !name.startsWith(IndexTable.PARQUET)).collect(java.util.stream.Collectors.toSet());
    }
  }

  private static JsonObject sidecar(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void partitionsKeepEverySlotBusyInTasksOfAboutSixtyFourImages() {
    assertEquals(1, ClusterRun.partitions(1, 2), "never more tasks than images");
    assertEquals(2, ClusterRun.partitions(9, 2));
    assertEquals(6, ClusterRun.partitions(320, 2), "5 tasks of 64 rounded up to a multiple of the 2 slots");
    assertEquals(16, ClusterRun.partitions(1000, 8));
    assertEquals(32, ClusterRun.partitions(100, 32), "at least one per slot");
  }

  @Test
  void refusesABadInputOrOutputOrNumberInOneLineBeforeAnyWork() throws Exception {
    Path out = dir.resolve("results");
    Path folder = Files.createDirectories(dir.resolve("a-folder"));
    Path fifo = dir.resolve("fifo");
    assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
    Path device = SpecialFiles.characterDevice(dir.resolve("null"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), folder);
    Path file = Files.writeString(dir.resolve("file.txt"), "text");

    assertRefused(job(out, "--boxes", folder.toString()), "--boxes: " + folder + " is a directory, not a CSV file");
    assertRefused(job(out, "--boxes", fifo.toString()), "--boxes: " + fifo + " is a FIFO (named pipe), not a CSV file");
    assertRefused(job(out, "--boxes", device.toString()), "--boxes: " + device + " is a character device, not a CSV file");
    assertRefused(job(out, "--boxes", dir.resolve("missing.csv").toString()), "--boxes: no such file: ");
    assertRefused(job(out, "--boxes", ""), "--boxes: '' is not a path");
    assertRefused(job(folder, out), "--model: " + folder + " is a directory, not a TorchScript file");
    assertRefused(job(fifo, out), "--model: " + fifo + " is a FIFO (named pipe), not a TorchScript file");
    assertRefused(job(fifo), "--out: cannot write " + fifo + ": is a FIFO (named pipe); give a folder");
    assertRefused(job(device), "--out: cannot write " + device + ": is a character device; give a folder");
    assertRefused(job(link), "--out: cannot write " + link + ": is a symbolic link");
    assertRefused(job(file), "--out: cannot write " + file + ": is a file; give a folder");
    for (String bad : List.of("0", "-1", "NaN", "2147483648", "99999999999999999999", "")) {
      assertRefused(job(out, "--limit", bad), "--limit: ");
      assertRefused(job(out, "--index-every", bad), "--index-every: ");
    }
    for (String bad : List.of("0", "-1", "NaN", "-2147483648", "1e-9", "lots")) {
      assertRefused(job(out, "--memory-budget", bad), "--memory-budget: ");
    }
    assertRefused(job(out, "--device", "tpu"), "--device: unknown device 'tpu'");
    assertRefused(job(out, "--only", "top-losses:0"), "--only: ");
    for (String bad : List.of("0", "-1", "NaN", "2147483648")) {
      assertRefused(job(out, "--method", "ig", "--n-steps", bad), "--n-steps");
    }
    assertEquals(List.of(), SpecialFiles.list(folder), "nothing written through the link");
    assertEquals(SpecialFiles.FIFO, SpecialFiles.type(fifo), "the FIFO is left as it was");
  }

  /**
   * A bad method or method option is refused as {@code explain} refuses it, in its words, before the model
   * is read: the model here is no TorchScript file, which loading (or adding to the job) would fail on.
   */
  @Test
  void refusesABadMethodOptionAsExplainDoesBeforeTheModelIsRead() throws IOException {
    Path notAModel = Files.writeString(dir.resolve("model.pt"), "not a TorchScript model");
    for (List<String> bad : List.of(List.of("--method", "ig", "--n-steps", "0"),
        List.of("--method", "ig", "--n-steps", "2147483648"),
        List.of("--method", "ig", "--baselines", "black", "--n-steps", "NaN"),
        List.of("--method", "ig", "--baselines", "grey"),
        List.of("--method", "occlusion", "--sliding-window-shapes", "3,x,15"),
        List.of("--method", "noise-tunnel", "--nt-samples", "-1"),
        List.of("--method", "saliency", "--n-steps", "8"),
        List.of("--method", "lime"))) {
      Run reference = explain(dir.resolve("explain-results"), bad.toArray(String[]::new));
      assertEquals(2, reference.exitCode(), reference.err());
      Run run = job(notAModel, dir.resolve("results"), bad.toArray(String[]::new));
      assertRefused(run, "");
      assertEquals(reference.err().replaceFirst("^explain: ", ""), run.err().replaceFirst("^comprehendo-spark: ", ""));
    }
    Path sidecar = Files.writeString(dir.resolve("model.json"), "{\"input_size\": [224,");
    Run malformed = job(notAModel, dir.resolve("results"), "--method", "ig", "--n-steps", "0");
    assertEquals(1, malformed.exitCode(), malformed.err());
    assertTrue(malformed.err().startsWith("comprehendo-spark: --model: " + sidecar + " is not valid JSON"), malformed.err());
    assertFalse(CollectionConverters.asJava(spark.sparkContext().listFiles()).stream()
        .anyMatch(file -> file.endsWith(notAModel.getFileName().toString()) && file.contains(dir.toString())),
        "the model is not added to the job");
  }

  /** Exit 2 with one line that starts with {@code start} after the job's name, nothing written. */
  private void assertRefused(Run run, String start) {
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("comprehendo-spark: " + start), run.err());
    assertEquals(1, run.err().lines().count(), "one line: " + run.err());
    assertFalse(Files.exists(dir.resolve("results")), "nothing written before the options are checked");
  }

  @Test
  void rerunSkipsFinishedImages() throws IOException {
    Path out = dir.resolve("results");
    Run first = job(out);
    assertEquals(0, first.exitCode(), first.err());
    List<List<String>> rows = rows(out);
    Path kept = out.resolve(ResultsFolder.mapName("circle/img_0000.png"));
    Files.setLastModifiedTime(kept, FileTime.fromMillis(1_000_000_000_000L));
    Files.delete(out.resolve(ResultsFolder.mapName("star/img_0235.png")));

    Run second = job(out);
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("explained 1 images"), second.out());
    assertTrue(second.out().contains("7 kept from before"), second.out());
    assertEquals(FileTime.fromMillis(1_000_000_000_000L), Files.getLastModifiedTime(kept), "a kept map is not written again");
    assertTrue(Files.isRegularFile(out.resolve(ResultsFolder.mapName("star/img_0235.png"))));
    List<List<String>> again = rows(out);
    // The explained image's numbers within float32 rounding (alone in its pass now), the kept rows as they were.
    assertSameRows(rows, again);
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).get(0).equals("star/img_0235.png")) {
        assertEquals(rows.get(i), again.get(i));
      }
    }
  }
}
