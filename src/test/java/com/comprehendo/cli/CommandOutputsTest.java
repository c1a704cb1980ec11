package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Sidecars;
import com.comprehendo.platform.BuildInfo;
import com.comprehendo.platform.SpecialFiles;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands write besides their results: a provenance sidecar with the right hashes, and
 * nothing at all where an output path is refused (a device, a FIFO, a link, a folder, an input).
 */
class CommandOutputsTest {

  @TempDir static Path fixtures;
  static Path model;
  static Path input;

  @TempDir Path work;

  @BeforeAll
  static void copyFixtures() throws IOException {
    model = copy("tinycnn.pt");
    input = copy("tinycnn_input.npy");
    Files.writeString(fixtures.resolve("tinycnn.json"),
        "{\"classes\": [\"cat\", \"dog\"], \"input_size\": [64, 64], \"mean\": [0.5, 0.5, 0.5], \"std\": [0.25, 0.25, 0.25]}");
  }

  private static Path copy(String name) throws IOException {
    try (InputStream in = CommandOutputsTest.class.getResourceAsStream("/captum-ref/" + name)) {
      Path target = fixtures.resolve(name);
      Files.copy(in, target);
      return target;
    }
  }

  @Test
  void attributeWritesASidecarThatReproducesTheRun() throws IOException {
    Path out = work.resolve("ig.npy");
    Instant before = Instant.now().minusSeconds(1);

    Run run = attribute("--method", "ig", "--n-steps", "16", "--target", "1", "--out", out.toString());

    assertEquals(0, run.exitCode(), run.err());
    JsonObject sidecar = Sidecars.of(out);
    assertEquals(BuildInfo.version(), sidecar.get("comprehendo_version").getAsString());
    assertNotEquals("unknown", BuildInfo.version(), "the build writes the version resource");
    Instant created = Instant.parse(sidecar.get("created").getAsString());
    assertTrue(!created.isBefore(before) && created.isBefore(Instant.now().plus(Duration.ofSeconds(1))), created.toString());
    assertEquals(List.of("comprehendo", "attribute", "--model", model.toString(), "--input", input.toString(),
        "--method", "ig", "--n-steps", "16", "--target", "1", "--out", out.toString()), strings(sidecar.get("command_line")));
    assertTrue(sidecar.get("explorer_action").isJsonNull());
    Sidecars.assertRecords(out, sidecar.getAsJsonObject("output"));
    Sidecars.assertRecords(model, sidecar.getAsJsonObject("model"));
    Sidecars.assertRecords(fixtures.resolve("tinycnn.json"), sidecar.getAsJsonObject("model").getAsJsonObject("sidecar"));
    Sidecars.assertRecords(input, sidecar.getAsJsonObject("inputs").getAsJsonObject("input"));
    assertEquals("ig", sidecar.get("method").getAsString());
    JsonObject parameters = sidecar.getAsJsonObject("parameters");
    assertEquals(16, parameters.get("n_steps").getAsInt());
    assertEquals("gausslegendre", parameters.get("method").getAsString());
    assertTrue(sidecar.get("seed").isJsonNull(), "IG draws nothing");
    assertEquals(1, sidecar.get("target").getAsInt());
    assertEquals("cpu", sidecar.get("device").getAsString());
    assertEquals("cpu", run.json().get("device").getAsString(), "the JSON names the device as --device takes it");
    assertEquals(out.resolveSibling("ig.npy.json").toString(), run.json().get("provenance").getAsString());
    assertEquals(List.of(out, out.resolveSibling("ig.npy.json")), SpecialFiles.list(work));
  }

  @Test
  void aNpyBaselineIsRecordedByItsHashAndTheSeedIsKept() throws IOException {
    Path baselines = work.resolve("baselines.npy");
    new NpyArray(new int[] {2, 3, 64, 64}, new float[2 * 3 * 64 * 64]).write(baselines);
    Path out = work.resolve("shap.npy");

    Run run = attribute("--method", "gradient-shap", "--baselines", baselines.toString(), "--n-samples", "2",
        "--seed", "9", "--out", out.toString());

    assertEquals(0, run.exitCode(), run.err());
    JsonObject sidecar = Sidecars.of(out);
    JsonObject baseline = sidecar.getAsJsonObject("parameters").getAsJsonObject("baselines");
    Sidecars.assertRecords(baselines, baseline);
    assertEquals(9, sidecar.get("seed").getAsInt());
    assertEquals(2, sidecar.getAsJsonObject("parameters").get("n_samples").getAsInt());
  }

  @Test
  void renderRecordsItsInputsIncludingTheAttributionsOwnProvenance() throws IOException {
    Path attr = work.resolve("ig.npy");
    assertEquals(0, attribute("--method", "ig", "--n-steps", "8", "--out", attr.toString()).exitCode());
    Path png = work.resolve("heat.png");
    Path normalized = work.resolve("n.npy");

    Run run = AttributeCommandTest.run("render", "--attr", attr.toString(), "--sign", "positive", "--out", png.toString(),
        "--normalized-out", normalized.toString());

    assertEquals(0, run.exitCode(), run.err());
    for (Path output : List.of(png, normalized)) {
      JsonObject sidecar = Sidecars.of(output);
      Sidecars.assertRecords(output, sidecar.getAsJsonObject("output"));
      JsonObject attrRecord = sidecar.getAsJsonObject("inputs").getAsJsonObject("attr");
      Sidecars.assertRecords(attr, attrRecord);
      assertEquals("ig", attrRecord.getAsJsonObject("provenance").get("method").getAsString());
      assertEquals("positive", sidecar.getAsJsonObject("settings").get("sign").getAsString());
      assertEquals("render", strings(sidecar.get("command_line")).get(1));
    }
  }

  @Test
  void predictRecordsTheModelAndTheFolder() throws IOException {
    Path images = Files.createDirectories(work.resolve("images/cat"));
    ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
    Path out = work.resolve("p.csv");

    Run run = AttributeCommandTest.run("predict", "--model", model.toString(), "--data",
        work.resolve("images").toString(), "--labels", "none", "--out", out.toString());

    assertEquals(0, run.exitCode(), run.err());
    JsonObject sidecar = Sidecars.of(out);
    Sidecars.assertRecords(out, sidecar.getAsJsonObject("output"));
    Sidecars.assertRecords(model, sidecar.getAsJsonObject("model"));
    JsonObject data = sidecar.getAsJsonObject("inputs").getAsJsonObject("data");
    assertEquals(work.resolve("images").toString(), data.get("folder").getAsString());
    assertEquals(1, data.get("images").getAsInt());
  }

  @Test
  void predictRefusesToOverwriteItsLabels() throws IOException {
    Path images = Files.createDirectories(work.resolve("images/cat"));
    ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
    Path labels = Files.writeString(work.resolve("labels.csv"), "file,label\ncat/a.png,cat\n");

    Run run = AttributeCommandTest.run("predict", "--model", model.toString(), "--data",
        work.resolve("images").toString(), "--labels", "csv:" + labels, "--out", labels.toString());

    assertRefused(run, "predict: --out: " + labels + " is the same file as --labels");
    assertEquals("file,label\ncat/a.png,cat\n", Files.readString(labels));
  }

  @Test
  void aFifoAtOutIsRefusedWithoutBlocking() throws Exception {
    Path fifo = work.resolve("out.npy");
    assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");

    Run run = attribute("--method", "saliency", "--out", fifo.toString());

    assertRefused(run, "attribute: --out: cannot write " + fifo + ": is a FIFO (named pipe)");
    assertEquals(SpecialFiles.FIFO, SpecialFiles.type(fifo));
    assertEquals(List.of(fifo), SpecialFiles.list(work));
  }

  @Test
  void aDeviceAtOutIsRefusedAndLeftAsItIs() throws Exception {
    Path device = SpecialFiles.characterDevice(work.resolve("fake-null"));

    Run run = attribute("--method", "saliency", "--out", device.toString());

    assertRefused(run, "attribute: --out: cannot write " + device + ": is a character device");
    assertEquals(SpecialFiles.CHARACTER_DEVICE, SpecialFiles.type(device));
    if (device.startsWith(work)) {
      assertEquals(List.of(device), SpecialFiles.list(work));
    }
  }

  @Test
  void aSymbolicLinkAtOutIsRefusedAndItsTargetKept() throws IOException {
    Path victim = Files.writeString(work.resolve("victim.txt"), "precious");
    Path link = Files.createSymbolicLink(work.resolve("out.npy"), victim);

    Run run = attribute("--method", "saliency", "--out", link.toString());

    assertRefused(run, "attribute: --out: cannot write " + link + ": is a symbolic link");
    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(List.of(link, victim), SpecialFiles.list(work));
  }

  @Test
  void outEqualToInputIsRefusedHoweverSpelt() throws IOException {
    Path copy = Files.copy(input, work.resolve("x.npy"));
    byte[] before = Files.readAllBytes(copy);
    Path otherSpelling = work.resolve("sub/../x.npy");
    Files.createDirectory(work.resolve("sub"));

    Run run = AttributeCommandTest.run("attribute", "--model", model.toString(), "--input", copy.toString(),
        "--method", "saliency", "--out", otherSpelling.toString());

    assertRefused(run, "attribute: --out: " + otherSpelling + " is the same file as --input");
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(copy)));
  }

  @Test
  void aSidecarThatWouldOverwriteTheModelsIsRefused() throws IOException {
    // --out "tinycnn" would put its sidecar at tinycnn.json, the model's own sidecar.
    Path out = fixtures.resolve("tinycnn");
    String modelSidecar = Files.readString(fixtures.resolve("tinycnn.json"));

    Run run = attribute("--method", "saliency", "--out", out.toString());

    assertRefused(run, "is the same file as the model's sidecar tinycnn.json");
    assertEquals(modelSidecar, Files.readString(fixtures.resolve("tinycnn.json")));
    assertFalse(Files.exists(out));
  }

  @Test
  void renderWritesNeitherOutputWhenTheSecondIsAFolder() throws IOException {
    Path attr = Files.copy(input, work.resolve("attr.npy"));
    Path png = work.resolve("heat.png");
    Path folder = Files.createDirectory(work.resolve("n.npy"));

    Run run = AttributeCommandTest.run("render", "--attr", attr.toString(), "--out", png.toString(),
        "--normalized-out", folder.toString());

    assertRefused(run, "render: --normalized-out: cannot write " + folder + ": is a directory");
    assertEquals(List.of(attr, folder), SpecialFiles.list(work));
  }

  @Test
  void renderRefusesAFifoAndOneFileForTwoOutputs() throws Exception {
    Path attr = Files.copy(input, work.resolve("attr.npy"));
    Path same = work.resolve("same.npy");

    Run twice = AttributeCommandTest.run("render", "--attr", attr.toString(), "--out", same.toString(),
        "--normalized-out", same.toString());
    assertRefused(twice, "render: --normalized-out: " + same + " is also written for --out");

    Path fifo = work.resolve("heat.png");
    assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
    Run run = AttributeCommandTest.run("render", "--attr", attr.toString(), "--out", fifo.toString());
    assertRefused(run, "render: --out: cannot write " + fifo + ": is a FIFO (named pipe)");
    assertEquals(List.of(attr, fifo), SpecialFiles.list(work));
  }

  private static Run attribute(String... arguments) {
    String[] all = new String[arguments.length + 5];
    all[0] = "attribute";
    all[1] = "--model";
    all[2] = model.toString();
    all[3] = "--input";
    all[4] = input.toString();
    System.arraycopy(arguments, 0, all, 5, arguments.length);
    return AttributeCommandTest.run(all);
  }

  private static void assertRefused(Run run, String message) {
    assertEquals(2, run.exitCode(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains(message), run.err());
    assertEquals("", run.out());
  }

  private static List<String> strings(JsonElement array) {
    return array.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList();
  }
}
