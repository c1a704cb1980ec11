package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.cli.AttributeCommandTest.Run;
import com.comprehendo.data.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NaN and infinity never pass silently: a non-finite input or baseline is refused before any work (exit
 * 2), and a model whose outputs are not finite (bad-input/model/nan-output.pt: class b is always NaN)
 * makes {@code attribute} write nothing and exit 1 unless {@code --allow-nan}, and {@code predict}
 * count the images and exit 1 unless {@code --allow-nan}.
 */
class NonFiniteTest {

  @TempDir static Path dir;
  static Path nanModel;
  static Path finiteInput;

  @BeforeAll
  static void fixtures() throws IOException {
    for (String name : new String[] {"nan-output.pt", "nan-output.json"}) {
      try (InputStream in = NonFiniteTest.class.getResourceAsStream("/bad-input/model/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    nanModel = dir.resolve("nan-output.pt");
    finiteInput = write("ones.npy", new float[3 * 8 * 8], 1f);
  }

  private static Path write(String name, float[] values, float fill) throws IOException {
    Arrays.fill(values, fill);
    Path file = dir.resolve(name);
    new NpyArray(new int[] {1, 3, 8, 8}, values).write(file);
    return file;
  }

  @Test
  void aNanInputIsRefusedWithWhereItIs() throws IOException {
    float[] values = new float[3 * 8 * 8];
    Path input = write("nan-input.npy", values, 0f);
    values[8 * 8 + 2 * 8 + 5] = Float.NaN; // channel 1, row 2, column 5
    new NpyArray(new int[] {1, 3, 8, 8}, values).write(input);
    Path out = dir.resolve("never.npy");

    Run run = AttributeCommandTest.run("attribute", "--model", nanModel.toString(), "--input", input.toString(),
        "--method", "saliency", "--target", "0", "--out", out.toString());

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--input: ") && run.err().contains("1 non-finite value (NaN, at [0, 1, 2, 5])"), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void anInfiniteBaselineFileIsRefused() throws IOException {
    float[] values = new float[3 * 8 * 8];
    Path baseline = write("inf-baseline.npy", values, 0f);
    values[0] = Float.POSITIVE_INFINITY;
    values[1] = Float.NEGATIVE_INFINITY;
    new NpyArray(new int[] {1, 3, 8, 8}, values).write(baseline);
    Path out = dir.resolve("never-ig.npy");

    Run run = AttributeCommandTest.run("attribute", "--model", nanModel.toString(), "--input", finiteInput.toString(),
        "--method", "ig", "--n-steps", "2", "--baselines", baseline.toString(), "--target", "0", "--out", out.toString());

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--baselines: ") && run.err().contains("2 non-finite values (the first, Infinity"),
        run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aModelWithNanOutputsWritesNothingUnlessAllowed() {
    Path refused = dir.resolve("refused.npy");
    Run run = AttributeCommandTest.run("attribute", "--model", nanModel.toString(), "--input", finiteInput.toString(),
        "--method", "saliency", "--out", refused.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("the model's output for --input holds 1 NaN or infinite value of 2"), run.err());
    assertTrue(run.err().contains("--allow-nan"), run.err());
    assertEquals(1, run.err().lines().filter(line -> !line.contains("note:")).count(), run.err());
    assertFalse(Files.exists(refused));

    Path allowed = dir.resolve("allowed.npy");
    Run anyway = AttributeCommandTest.run("attribute", "--model", nanModel.toString(), "--input", finiteInput.toString(),
        "--method", "saliency", "--allow-nan", "--out", allowed.toString());
    assertEquals(0, anyway.exitCode(), anyway.err());
    assertTrue(anyway.err().contains("attribute: warning: the model's output"), anyway.err());
    assertTrue(anyway.json().get("non_finite").getAsString().contains("the attribution holds"), anyway.out());
    assertTrue(Files.isRegularFile(allowed));
  }

  @Test
  void predictCountsImagesWithNanOutputs() throws IOException {
    Path data = dir.resolve("images");
    for (String label : new String[] {"a", "b"}) {
      Files.createDirectories(data.resolve(label));
      Files.copy(NonFiniteTest.class.getResourceAsStream("/images/orientation6.jpg"), data.resolve(label + "/x.jpg"));
    }
    Path csv = dir.resolve("predictions.csv");
    Run run = AttributeCommandTest.run("predict", "--model", nanModel.toString(), "--data", data.toString(),
        "--out", csv.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.out().contains("2 with NaN or infinite outputs"), run.out());
    assertTrue(run.err().contains("NaN or infinite values for 2 of 2 images"), run.err());
    assertTrue(Files.isRegularFile(csv), "the predictions are written either way");

    Run allowed = AttributeCommandTest.run("predict", "--model", nanModel.toString(), "--data", data.toString(),
        "--allow-nan", "--out", dir.resolve("predictions-allowed.csv").toString());
    assertEquals(0, allowed.exitCode(), allowed.err());
    assertTrue(allowed.err().contains("predict: warning: "), allowed.err());
  }
}
