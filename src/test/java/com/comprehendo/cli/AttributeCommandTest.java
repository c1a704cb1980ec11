package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.attribution.Baseline;
import com.comprehendo.data.NpyArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The attribute command as other tools call it: arguments in, .npy and one JSON line out. */
class AttributeCommandTest {

  @TempDir static Path dir;
  static Path model;
  static Path input;

  @BeforeAll
  static void copyFixtures() throws IOException {
    model = copy("tinycnn.pt");
    input = copy("tinycnn_input.npy");
    copy("tinycnn_ig_gausslegendre_attr.npy");
    Files.writeString(dir.resolve("tinycnn.json"),
        "{\"classes\": [\"cat\", \"dog\"], \"input_size\": [64, 64], \"mean\": [0.5, 0.5, 0.5], \"std\": [0.25, 0.25, 0.25]}");
  }

  private static Path copy(String name) throws IOException {
    try (InputStream in = AttributeCommandTest.class.getResourceAsStream("/captum-ref/" + name)) {
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    }
  }

  /** The exit code, stdout and stderr of one run. */
  record Run(int exitCode, String out, String err) {
    JsonObject json() {
      return JsonParser.parseString(out.strip()).getAsJsonObject();
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = ComprehendoCommand.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void integratedGradientsMatchesCaptumAndReportsTheRun() throws IOException {
    Path out = dir.resolve("ig.npy");
    Run run = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "ig",
        "--n-steps", "16", "--target", "1", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonObject summary = run.json();
    assertEquals(1, summary.get("target").getAsInt());
    assertEquals("dog", summary.get("target_class").getAsString());
    assertEquals(16, summary.get("backward_passes").getAsInt());
    assertEquals(16 + 2 + 1, summary.get("forward_passes").getAsInt());
    assertEquals(-1.3643503e-4, summary.getAsJsonArray("convergence_delta").get(0).getAsDouble(), 2e-5);
    assertTrue(summary.get("seconds").getAsDouble() > 0);
    NpyArray result = NpyArray.read(out);
    NpyArray expected = NpyArray.read(dir.resolve("tinycnn_ig_gausslegendre_attr.npy"));
    assertEquals(List.of(1, 3, 64, 64), summary.getAsJsonArray("shape").asList().stream().map(e -> e.getAsInt()).toList());
    double error = 0;
    double norm = 0;
    for (int i = 0; i < result.data().length; i++) {
      error += Math.pow(result.data()[i] - expected.data()[i], 2);
      norm += Math.pow(expected.data()[i], 2);
    }
    assertTrue(Math.sqrt(error / norm) < 1e-5);
  }

  @Test
  void integratedGradientsToAPrecisionStopsEarlyAndReportsItsSteps() throws IOException {
    Path out = dir.resolve("ig-precise.npy");
    Run run = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "ig",
        "--tolerance", "0.01", "--n-steps", "200", "--target", "1", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonObject summary = run.json();
    int steps = summary.get("n_steps_used").getAsInt();
    assertTrue(steps >= 16 && steps < 200, "stopped early, at " + steps + " steps");
    double delta = summary.getAsJsonArray("convergence_delta").get(0).getAsDouble();
    double sum = 0;
    for (float value : NpyArray.read(out).data()) {
      sum += value;
    }
    assertTrue(Math.abs(delta) <= 0.01 * Math.abs(sum - delta), "|δ| = " + delta + " within 1% of F(x) − F(b)");
    assertEquals(0.01, summary.getAsJsonObject("parameters").get("tolerance").getAsDouble());

    Run exact = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "ig",
        "--n-steps", "16", "--target", "1", "--out", dir.resolve("ig16.npy").toString());
    assertFalse(exact.json().has("n_steps_used"), "a fixed step count is reported as n_steps only");
  }

  @Test
  void targetDefaultsToThePredictedClass() {
    Run run = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "saliency",
        "--out", dir.resolve("s.npy").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(run.json().get("predicted").getAsInt(), run.json().get("target").getAsInt());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "noise-tunnel|--nt-inner saliency --nt-samples 3 --stdevs 0.2 --seed 4",
      "noise-tunnel|--nt-type vargrad --nt-samples 2 --n-steps 4",
      "occlusion|--sliding-window-shapes 3,15,15 --strides 8",
      "occlusion|--sliding-window-shapes 1,8,8 --strides 1,8,8 --baselines 0.5 --perturbations-per-eval 4",
      "input-x-gradient|",
      "saliency|--abs false",
      "ig|--ig-method riemann_trapezoid --n-steps 5 --internal-batch-size 2 --multiply-by-inputs false"})
  void everyMethodRunsFromTheCommandLine(String method, String options) throws IOException {
    Path out = dir.resolve(method + Math.abs(java.util.Objects.hashCode(options)) + ".npy");
    List<String> args = new ArrayList<>(List.of("attribute", "--model", model.toString(), "--input", input.toString(),
        "--method", method, "--target", "0", "--out", out.toString()));
    if (options != null && !options.isBlank()) {
      args.addAll(List.of(options.trim().split("\\s+")));
    }
    Run run = run(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    NpyArray result = NpyArray.read(out);
    assertEquals(3 * 64 * 64, result.data().length);
    boolean nonZero = false;
    for (float value : result.data()) {
      assertTrue(Float.isFinite(value));
      nonZero |= value != 0;
    }
    assertTrue(nonZero, method + " gave an all-zero attribution");
  }

  @Test
  void gradientShapTakesABaselineDistributionAndIsSeeded() throws IOException {
    Path baselines = dir.resolve("baselines.npy");
    float[] values = new float[4 * 3 * 64 * 64];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 97) / 97f - 0.5f;
    }
    new NpyArray(new int[] {4, 3, 64, 64}, values).write(baselines);
    Path first = dir.resolve("gs1.npy");
    Path second = dir.resolve("gs2.npy");
    for (Path out : List.of(first, second)) {
      Run run = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "gradient-shap",
          "--baselines", baselines.toString(), "--n-samples", "4", "--seed", "9", "--out", out.toString());
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(9, run.json().getAsJsonObject("parameters").get("seed").getAsInt());
    }
    assertEquals(NpyArray.read(first), NpyArray.read(second));
  }

  @Test
  void blurredBaselineEqualsTheBlurredInputGivenAsFile() throws IOException {
    Path blurred = dir.resolve("blurred-input.npy");
    NpyArray x = NpyArray.read(input);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray inputs = manager.create(x.data(), new Shape(x.longShape()));
      new NpyArray(x.shape(), Baseline.blurred(2.5).materialize(manager, inputs).toFloatArray()).write(blurred);
    }
    Path fromWord = dir.resolve("ig-blur.npy");
    Path fromFile = dir.resolve("ig-blur-file.npy");
    Run word = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "ig",
        "--n-steps", "8", "--target", "1", "--baselines", "blur:2.5", "--out", fromWord.toString());
    assertEquals(0, word.exitCode(), word.err());
    assertEquals("blur:2.5", word.json().getAsJsonObject("parameters").get("baselines").getAsString());
    Run file = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "ig",
        "--n-steps", "8", "--target", "1", "--baselines", blurred.toString(), "--out", fromFile.toString());
    assertEquals(0, file.exitCode(), file.err());
    assertArrayEquals(NpyArray.read(fromFile).data(), NpyArray.read(fromWord).data(), 1e-6f);
  }

  @Test
  void blackFollowsTheSidecarsNormalization() throws IOException {
    // The sidecar says mean 0.5, std 0.25: black is (0 − 0.5) / 0.25 = −2 in every channel.
    Path black = dir.resolve("occ-black.npy");
    Path minusTwo = dir.resolve("occ-minus-two.npy");
    for (Object[] run : new Object[][] {{"black", black}, {"-2", minusTwo}}) {
      Run result = run("attribute", "--model", model.toString(), "--input", input.toString(), "--method", "occlusion",
          "--sliding-window-shapes", "3,16,16", "--strides", "16", "--target", "0", "--baselines", (String) run[0],
          "--out", run[1].toString());
      assertEquals(0, result.exitCode(), result.err());
    }
    // Equal up to float rounding: each run measures its own fastest batch size, and batch sizes change
    // the order of float additions inside the model.
    assertArrayEquals(NpyArray.read(minusTwo).data(), NpyArray.read(black).data(), 1e-6f);
  }

  @Test
  void baselinesHelpListsTheImageBaselines() {
    String help = run("attribute", "--help").out().replaceAll("\\s+", ""); // picocli wraps the lines
    assertTrue(help.contains("blur[:SIGMA]") && help.contains("noise[:SEED]") && help.contains("black"), help);
  }

  @Test
  void imageInputIsPreprocessedBySidecar() throws IOException {
    Path image = dir.resolve("photo.png");
    java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(90, 70, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 70; y++) {
      for (int x = 0; x < 90; x++) {
        picture.setRGB(x, y, (x * 2) << 16 | (y * 3) << 8 | 40);
      }
    }
    javax.imageio.ImageIO.write(picture, "png", image.toFile());
    Path out = dir.resolve("photo.npy");
    Run run = run("attribute", "--model", model.toString(), "--input", image.toString(), "--method", "saliency",
        "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of(1, 3, 64, 64), run.json().getAsJsonArray("shape").asList().stream().map(e -> e.getAsInt()).toList());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--method magic|--method: unknown method 'magic'",
      "--method saliency --n-steps 10|--n-steps does not apply to saliency (its options: --abs)",
      "--method ig --n-steps 0|--n-steps must be at least 1",
      "--method ig --n-steps ten|--n-steps: 'ten' is not a whole number",
      "--method ig --ig-method simpson|--ig-method: unknown integration method 'simpson'",
      "--method ig --ig-method riemann_left --n-steps 1|--n-steps must be at least 2 for Riemann rules",
      "--method ig --multiply-by-inputs maybe|--multiply-by-inputs: 'maybe' is not allowed (allowed: true, false)",
      "--method occlusion|--sliding-window-shapes is required for occlusion",
      "--method occlusion --sliding-window-shapes 3,15|--sliding-window-shapes has 2 entries",
      "--method occlusion --sliding-window-shapes 3,99,99|--sliding-window-shapes [3, 99, 99] is larger than the input",
      "--method occlusion --sliding-window-shapes 1,8,8 --strides 8|--strides [8, 8, 8] exceed the window",
      "--method occlusion --sliding-window-shapes 3,15,15 --strides 0|--strides needs one positive value",
      "--method noise-tunnel --nt-type loud|--nt-type: unknown nt_type 'loud'",
      "--method noise-tunnel --nt-inner occlusion|--nt-inner: 'occlusion' is not allowed",
      "--method noise-tunnel --stdevs -1|--stdevs must be a finite number",
      "--method gradient-shap|--baselines is required for gradient-shap",
      "--method gradient-shap --baselines 0|--baselines: gradient-shap needs a distribution",
      "--method ig --baselines nothing.npy|--baselines: 'nothing.npy' is neither a number nor an existing .npy file",
      "--method ig --baselines blur:0|--baselines: 'blur:0': the blur sigma must be a positive number of pixels",
      "--method ig --baselines noise:x|--baselines: 'noise:x': the noise seed must be a whole number",
      "--method saliency --target 2|--target: 2 is outside 0..1",
      "--method saliency --device tpu|--device: unknown device 'tpu'",
      "--method saliency --memory-budget lots|--memory-budget: unreadable memory budget 'lots'",
      "--method ig --tolerance 0|--tolerance must be positive",
      "--method ig --tolerance tight|--tolerance: 'tight' is not a number",
      "--method noise-tunnel --tolerance 0.01|--tolerance does not apply to noise-tunnel over ig",
      "--method saliency --tolerance 0.01|--tolerance does not apply to saliency"})
  void wrongArgumentsNameTheArgumentAndExitWithTwo(String options, String expectedMessage) {
    Path out = dir.resolve("never.npy");
    List<String> args = new ArrayList<>(List.of("attribute", "--model", model.toString(), "--input", input.toString(),
        "--out", out.toString()));
    args.addAll(List.of(options.split("\\s+")));
    Run run = run(args.toArray(String[]::new));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains(expectedMessage), "stderr was: " + run.err());
    assertFalse(Files.exists(out), "nothing is written on failure");
  }

  @Test
  void missingRequiredOptionExitsWithTwo() {
    Run run = run("attribute", "--model", model.toString(), "--method", "ig", "--out", dir.resolve("x.npy").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--input"), run.err());
  }

  @Test
  void textFileNamedPtIsRefusedWithExportAdvice() throws IOException {
    Path bad = dir.resolve("notes.pt");
    Files.writeString(bad, "these are not weights");
    Run run = failing(bad, input);
    assertTrue(run.err().contains("not a TorchScript archive"), run.err());
    assertTrue(run.err().contains("torch.jit.trace"), run.err());
  }

  @Test
  void fastaiPickleIsRefusedWithExplanation() throws IOException {
    Path pickle = dir.resolve("export.pkl");
    Files.write(pickle, new byte[] {(byte) 0x80, 0x04, (byte) 0x95, 0, 0, 0});
    Run run = failing(pickle, input);
    assertTrue(run.err().contains("Python pickle"), run.err());
    assertTrue(run.err().contains("learn.export()"), run.err());
  }

  @Test
  void stateDictIsRefusedAsHoldingNoCode() throws IOException {
    Path stateDict = dir.resolve("weights.pth");
    try (OutputStream file = Files.newOutputStream(stateDict); ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(new byte[] {(byte) 0x80, 0x02});
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("archive/data/0"));
      zip.write(new byte[16]);
      zip.closeEntry();
    }
    Run run = failing(stateDict, input);
    assertTrue(run.err().contains("torch.save"), run.err());
  }

  @Test
  void emptyModelFileIsRefused() throws IOException {
    Path empty = dir.resolve("empty.pt");
    Files.write(empty, new byte[0]);
    assertTrue(failing(empty, input).err().contains("empty"));
  }

  @Test
  void classCountMismatchWithSidecarIsReported() throws IOException {
    Path copy = dir.resolve("three.pt");
    Files.copy(model, copy);
    Files.writeString(dir.resolve("three.json"), "{\"classes\": [\"a\", \"b\", \"c\"], \"input_size\": 64}");
    Run run = failing(copy, input);
    assertTrue(run.err().contains("has 2 outputs but its sidecar lists 3 classes"), run.err());
  }

  @Test
  void malformedSidecarIsReported() throws IOException {
    Path copy = dir.resolve("broken.pt");
    Files.copy(model, copy);
    Files.writeString(dir.resolve("broken.json"), "{\"classes\": [\"a\", ");
    assertTrue(failing(copy, input).err().contains("not valid JSON"));
  }

  @Test
  void inputOfWrongChannelCountIsReported() throws IOException {
    Path gray = dir.resolve("gray.npy");
    new NpyArray(new int[] {1, 1, 64, 64}, new float[64 * 64]).write(gray);
    Run run = failing(model, gray);
    assertTrue(run.err().contains("the model rejected the input of shape [1, 1, 64, 64]"), run.err());
  }

  @Test
  void unreadableImageIsReported() throws IOException {
    Path broken = dir.resolve("broken.jpg");
    Files.writeString(broken, "not a jpeg");
    Run run = failing(model, broken);
    assertTrue(run.err().contains("--input: cannot read"), run.err());
  }

  private static Run failing(Path modelFile, Path inputFile) {
    Path out = dir.resolve("failed.npy");
    Run run = run("attribute", "--model", modelFile.toString(), "--input", inputFile.toString(), "--method", "saliency",
        "--out", out.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.err().strip().lines().filter(line -> !line.contains("note:")).count(),
        "one line, no stack trace: " + run.err());
    assertFalse(Files.exists(out));
    return run;
  }
}
