package com.comprehendo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integrated Gradients on a CNN with 12-channel convolutions equals Captum's (tools/make_onednn_reference.py)
 * on this machine's CPU: libtorch 2.7.1's oneDNN kernels for AVX-512 and AVX2 got its input gradients 45–90 %
 * wrong, and {@link ConvolutionKernels} limits oneDNN to SSE4.1 for such a model. In a JVM of its own, started
 * like the command line: oneDNN chooses its kernels once per process, and this suite's other models run first.
 */
class OneDnnKernelsTest {

  @TempDir Path dir;

  @Test
  void integratedGradientsOnOddChannelCountsEqualCaptums() throws Exception {
    Path fixture = resource("onednn/twelve-channels.pt").getParent();
    Path out = dir.resolve("ig.npy");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "com.comprehendo.Launcher", "attribute",
        "--model", fixture.resolve("twelve-channels.pt").toString(), "--input", fixture.resolve("input.npy").toString(),
        "--method", "ig", "--n-steps", "16", "--ig-method", "riemann_trapezoid", "--target", "0",
        "--out", out.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile());
    builder.environment().remove("ONEDNN_MAX_CPU_ISA");
    Process process = builder.start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "attribute finished");
    String log = Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), log);

    float[] expected = NpyArray.read(fixture.resolve("captum-ig16-trapezoid.npy")).data();
    float[] actual = NpyArray.read(out).data();
    assertEquals(expected.length, actual.length);
    double difference = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      difference += Math.pow(expected[i] - actual[i], 2);
      norm += Math.pow(expected[i], 2);
    }
    double relative = Math.sqrt(difference / norm);
    assertTrue(relative <= 1e-5, "relative L2 " + relative + " against Captum");
  }

  @Test
  void aModelThatNeedsTheSafeKernelsAfterAFastModelStillGetsRightGradients() throws Exception {
    // The demo model (channels in multiples of 16) first makes oneDNN choose its fast kernels for the
    // process; the 4- and 5-channel model after it gave a wrong Layer IG sum on about a third of the
    // repeats with them. Against the same model loaded first (the SSE4.1 kernels), in processes of their own.
    Path twoLayers = Path.of(resource("layer-models/two-layers.pt").toString());
    List<String> alone = probe("-", twoLayers);
    String demo = Path.of("assets", "demo", "model.pt").toString();
    List<String> second = probe(demo, twoLayers);
    // And with a fast model opened after it while it is still open: oneDNN stays off until it is closed.
    List<String> meanwhile = probe(demo, twoLayers, demo);
    assertEquals(12, alone.size());
    assertEquals(1, alone.stream().distinct().count(), "the safe kernels repeat themselves: " + alone);
    double right = Double.parseDouble(alone.get(0));
    for (String sum : second) {
      // libtorch's own convolutions round differently from oneDNN's: equal to float rounding.
      assertEquals(right, Double.parseDouble(sum), 1e-6 * right, "after a fast model: " + second);
    }
    for (String sum : meanwhile) {
      assertEquals(right, Double.parseDouble(sum), 1e-6 * right, "with a fast model opened meanwhile: " + meanwhile);
    }
  }

  /** The probe's twelve sums, from a process of its own. */
  private List<String> probe(String first, Path twoLayers, String... meanwhile) throws Exception {
    Path log = dir.resolve("probe-" + first.hashCode() + "-" + meanwhile.length + ".txt");
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), SecondModelProbe.class.getName(), first,
        twoLayers.toString()));
    command.addAll(List.of(meanwhile));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("ONEDNN_MAX_CPU_ISA");
    Process process = builder.start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe finished");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    String line = output.lines().filter(l -> l.startsWith("SUMS ")).findFirst().orElseThrow(() -> new AssertionError(output));
    return List.of(line.substring(5).split(" "));
  }

  @Test
  void aModelNeedsTheSafeKernelsWhenAConvolutionMissesTheBlock() throws Exception {
    try (TorchScriptClassifier twelve = TorchScriptClassifier.load(resource("onednn/twelve-channels.pt"),
        ai.djl.Device.cpu())) {
      String reason = ConvolutionKernels.unsafeConvolution(twelve.block());
      assertTrue(reason != null && reason.contains("3 input and 12 output channels"), String.valueOf(reason));
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(OneDnnKernelsTest.class.getClassLoader().getResource(name).toURI());
  }
}
