package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.NpyArray;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.Colormap;
import com.comprehendo.render.HeatmapRenderer;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.RgbImage;
import com.comprehendo.render.Sign;
import com.comprehendo.render.VisualizationMethod;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class RenderCommandTest {

  @TempDir Path folder;

  private Path attr;
  private Path out;
  private final StringWriter stdout = new StringWriter();
  private final StringWriter stderr = new StringWriter();

  @BeforeEach
  void copyAttribution() throws IOException {
    attr = folder.resolve("attr.npy");
    try (InputStream in =
        getClass().getResourceAsStream("/captum-ref/tinycnn_ig_gausslegendre_attr.npy")) {
      assertNotNull(in);
      Files.copy(in, attr);
    }
    out = folder.resolve("heat.png");
  }

  @Test
  void heatMapWritesPngAndNormalizedMapEqualToTheLibrary() throws IOException {
    Path normalized = folder.resolve("n.npy");

    int exit =
        run("--attr", attr.toString(), "--method", "heat_map", "--sign", "all",
            "--outlier-perc", "1", "--out", out.toString(), "--normalized-out",
            normalized.toString());

    assertEquals(0, exit, stderr.toString());
    assertEquals("", stderr.toString());
    NpyArray attribution = NpyArray.read(attr);
    NormalizedMap expected =
        AttributionNormalizer.normalize(attribution.data(), attribution.shape(), Sign.ALL, 1);
    NpyArray written = NpyArray.read(normalized);
    assertArrayEquals(new int[] {64, 64}, written.shape());
    assertArrayEquals(expected.values(), written.data());
    BufferedImage png = ImageIO.read(out.toFile());
    assertEquals(64, png.getWidth());
    assertEquals(64, png.getHeight());
    int[] pixels =
        HeatmapRenderer.render(expected, null, VisualizationMethod.HEAT_MAP, null, 0.5);
    assertArrayEquals(pixels, png.getRGB(0, 0, 64, 64, null, 0, 64));
    assertEquals(
        "{\"out\":\"" + out + "\",\"threshold\":" + expected.threshold()
            + ",\"width\":64,\"height\":64}",
        stdout.toString().strip());
  }

  @Test
  void defaultsAreCaptums() throws IOException {
    int exit = run("--attr", attr.toString(), "--out", out.toString());

    assertEquals(0, exit, stderr.toString());
    NpyArray attribution = NpyArray.read(attr);
    NormalizedMap expected =
        AttributionNormalizer.normalize(
            attribution.data(), attribution.shape(), Sign.ABSOLUTE_VALUE, 2);
    int[] pixels =
        HeatmapRenderer.render(expected, null, VisualizationMethod.HEAT_MAP, null, 0.5);
    assertArrayEquals(pixels, ImageIO.read(out.toFile()).getRGB(0, 0, 64, 64, null, 0, 64));
  }

  @Test
  void blendedHeatMapResizesTheImageAndSaysSo() throws IOException {
    Path image = folder.resolve("photo.png");
    BufferedImage photo = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        photo.setRGB(x, y, (x * 8) << 16 | (y * 16) << 8 | 0x40);
      }
    }
    ImageIO.write(photo, "png", image.toFile());

    int exit =
        run("--attr", attr.toString(), "--image", image.toString(), "--method",
            "blended_heat_map", "--sign", "positive", "--alpha-overlay", "0.7", "--cmap",
            "viridis", "--out", out.toString());

    assertEquals(0, exit, stderr.toString());
    assertTrue(stderr.toString().contains("resized (bilinear) to 64×64"), stderr.toString());
    NpyArray attribution = NpyArray.read(attr);
    NormalizedMap map =
        AttributionNormalizer.normalize(attribution.data(), attribution.shape(), Sign.POSITIVE, 2);
    RgbImage resized = RgbImage.fromBufferedImage(photo).resizeBilinear(64, 64);
    int[] expected =
        HeatmapRenderer.render(
            map, resized, VisualizationMethod.BLENDED_HEAT_MAP,
            Colormap.named("viridis"), 0.7);
    assertArrayEquals(expected, ImageIO.read(out.toFile()).getRGB(0, 0, 64, 64, null, 0, 64));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown sign | --sign=abs | --sign: unknown sign 'abs'; allowed: all, positive, negative,"
            + " absolute_value",
        "unknown method | --method=overlay | --method: unknown method 'overlay'; allowed: heat_map,"
            + " blended_heat_map, original_image, masked_image, alpha_scaling",
        "unknown cmap | --cmap=jet | --cmap: unknown colormap 'jet'; allowed: Blues",
        "outlier 100 | --outlier-perc=100 | --outlier-perc: 100.0 is outside the allowed [0, 100)",
        "outlier negative | --outlier-perc=-1 | --outlier-perc: -1.0 is outside the allowed",
        "alpha above 1 | --alpha-overlay=1.5 | --alpha-overlay: 1.5 is outside the allowed [0, 1]",
        "image missing | --method=blended_heat_map | --image is required for --method"
            + " blended_heat_map",
        "sign all masked | --method=masked_image --sign=all --image=IMAGE | --method masked_image"
            + " does not accept --sign all",
        "missing image file | --method=original_image --image=NOWHERE | --image: no such file",
      })
  void wrongArgumentsExitWithTwoAndWriteNothing(String name, String arguments, String message)
      throws IOException {
    Path image = folder.resolve("photo.png");
    ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
    List<String> args =
        new ArrayList<>(List.of("--attr", attr.toString(), "--out", out.toString()));
    for (String argument : arguments.split(" ")) {
      args.add(
          argument
              .replace("IMAGE", image.toString())
              .replace("NOWHERE", folder.resolve("none.png").toString()));
    }

    int exit = run(args.toArray(String[]::new));

    assertEquals(2, exit, stderr.toString());
    assertOneLineError(message);
    assertNoOutput();
  }

  @Test
  void missingAttributionFileIsAUsageError() throws IOException {
    int exit = run("--attr", folder.resolve("none.npy").toString(), "--out", out.toString());

    assertEquals(2, exit);
    assertOneLineError("--attr: no such file");
    assertNoOutput();
  }

  @Test
  void badAttributionShapeIsAUsageError() throws IOException {
    Path batch = folder.resolve("batch.npy");
    new NpyArray(new int[] {2, 3, 4, 4}, new float[96]).write(batch);

    int exit = run("--attr", batch.toString(), "--out", out.toString());

    assertEquals(2, exit);
    assertOneLineError("--attr: attribution shape [2, 3, 4, 4] holds a batch of 2");
    assertNoOutput();
  }

  @Test
  void theImageIsDrawnUprightAsAttributeSawIt() throws Exception {
    // A JPEG whose EXIF orientation (6) rotates it: attribute and the explorer decode it upright, so
    // render must draw the map over the upright photo too, not the stored pixel order.
    Path image = folder.resolve("orientation6.jpg");
    try (java.io.InputStream in = RenderCommandTest.class.getResourceAsStream("/images/orientation6.jpg")) {
      Files.copy(in, image);
    }

    int exit = run("--attr", attr.toString(), "--image", image.toString(), "--method", "original_image",
        "--out", out.toString());

    assertEquals(0, exit, stderr.toString());
    NpyArray attribution = NpyArray.read(attr);
    NormalizedMap map = AttributionNormalizer.normalize(attribution.data(), attribution.shape(), Sign.ABSOLUTE_VALUE, 2);
    RgbImage upright = RgbImage.fromBufferedImage(com.comprehendo.data.ImageDecoder.createDefault().decode(image))
        .resizeBilinear(64, 64);
    RgbImage stored = RgbImage.fromBufferedImage(ImageIO.read(image.toFile())).resizeBilinear(64, 64);
    int[] expected = HeatmapRenderer.render(map, upright, VisualizationMethod.ORIGINAL_IMAGE, Colormap.named("viridis"), 0.5);
    int[] unrotated = HeatmapRenderer.render(map, stored, VisualizationMethod.ORIGINAL_IMAGE, Colormap.named("viridis"), 0.5);
    int[] written = ImageIO.read(out.toFile()).getRGB(0, 0, 64, 64, null, 0, 64);
    assertArrayEquals(expected, written);
    assertFalse(java.util.Arrays.equals(unrotated, written), "the stored (unrotated) pixels would differ");
  }

  @Test
  void scaleDrawsEachMapCellAsAFlatBlock() throws IOException {
    int exit = run("--attr", attr.toString(), "--scale", "4", "--out", out.toString());

    assertEquals(0, exit, stderr.toString());
    BufferedImage png = ImageIO.read(out.toFile());
    assertEquals(256, png.getWidth());
    assertEquals(256, png.getHeight());
    assertEquals(0, run("--attr", attr.toString(), "--out", folder.resolve("small.png").toString()), stderr.toString());
    BufferedImage small = ImageIO.read(folder.resolve("small.png").toFile());
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        assertEquals(small.getRGB(x / 4, y / 4), png.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
    assertTrue(stdout.toString().contains("\"width\":256"), stdout.toString());
  }

  @Test
  void aLayerMapSmallerThanThePhotoIsDrawnInBlocksOverTheFullPhoto() throws IOException {
    Path layerMap = folder.resolve("grad-cam.npy");
    float[] values = new float[7 * 7];
    values[3 * 7 + 4] = 1f; // one hot cell
    new NpyArray(new int[] {1, 1, 7, 7}, values).write(layerMap);
    Path image = folder.resolve("photo224.png");
    ImageIO.write(new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB), "png", image.toFile());

    int exit = run("--attr", layerMap.toString(), "--image", image.toString(), "--method", "blended_heat_map",
        "--out", out.toString());

    assertEquals(0, exit, stderr.toString());
    assertTrue(stderr.toString().contains("the 7×7 map is drawn in 32×32-pixel blocks over the 224×224 image"),
        stderr.toString());
    BufferedImage png = ImageIO.read(out.toFile());
    assertEquals(224, png.getWidth());
    assertEquals(224, png.getHeight());
    // The hot cell (row 3, column 4) covers pixels 128..159 × 96..127, and only those.
    assertEquals(png.getRGB(130, 100), png.getRGB(159, 127));
    assertTrue(png.getRGB(130, 100) != png.getRGB(127, 100), "the block ends at the cell's edge");
  }

  @Test
  void sizeAndColorBarShapeThePicture() throws IOException {
    int exit = run("--attr", attr.toString(), "--size", "100x50", "--colorbar", "--out", out.toString());

    assertEquals(0, exit, stderr.toString());
    BufferedImage png = ImageIO.read(out.toFile());
    assertEquals(100, png.getWidth());
    assertTrue(png.getHeight() > 50 + 8, "the bar and its labels sit under the 50 rows: " + png.getHeight());
    assertEquals(0xFFFFFFFF, png.getRGB(0, png.getHeight() - 1), "the bar's strip is white");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "zero scale        | --scale=0            | --scale: must be a number above 0 and at most 1024, got 0.0",
      "negative scale    | --scale=-1           | --scale: must be a number above 0",
      "NaN scale         | --scale=NaN          | --scale: must be a number above 0",
      "absurd scale      | --scale=2147483648   | --scale: must be a number above 0",
      "huge by scale     | --scale=1000         | --scale: a 64000×64000 picture is outside what render draws",
      "zero size         | --size=0x5           | --size: a 0×5 picture is outside",
      "huge size         | --size=100000x100000 | --size: a 100000×100000 picture is outside",
      "absurd size       | --size=99999999999x2 | --size: '99999999999x2' is not WIDTHxHEIGHT",
      "words             | --size=big           | --size: 'big' is not WIDTHxHEIGHT",
  })
  void badPictureSizesExitWithTwoAndWriteNothing(String name, String option, String message) throws IOException {
    int exit = run("--attr", attr.toString(), option, "--out", out.toString());

    assertEquals(2, exit, stderr.toString());
    assertOneLineError(message);
    assertNoOutput();
  }

  @Test
  void scaleAndSizeTogetherAreRefused() throws IOException {
    assertEquals(2, run("--attr", attr.toString(), "--scale", "2", "--size", "9x9", "--out", out.toString()));
    assertOneLineError("--scale and --size: give one of them");
  }

  @Test
  void unreadableImageIsAFailure() throws IOException {
    Path image = folder.resolve("broken.png");
    Files.writeString(image, "not an image");

    int exit =
        run("--attr", attr.toString(), "--image", image.toString(), "--method",
            "original_image", "--out", out.toString());

    assertEquals(1, exit);
    assertOneLineError("--image: ");
    assertNoOutput();
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    int exit = run("--attr", attr.toString());

    assertEquals(2, exit);
    assertTrue(stderr.toString().contains("--out"), stderr.toString());
  }

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new RenderCommand());
    commandLine.setOut(new PrintWriter(stdout, true));
    commandLine.setErr(new PrintWriter(stderr, true));
    return commandLine.execute(args);
  }

  private void assertOneLineError(String expectedPart) {
    String text = stderr.toString();
    assertEquals(1, text.strip().lines().count(), text);
    assertTrue(text.startsWith("render: "), text);
    assertTrue(text.contains(expectedPart), text);
    assertEquals("", stdout.toString());
  }

  private void assertNoOutput() throws IOException {
    assertFalse(Files.exists(out));
    try (Stream<Path> files = Files.list(folder)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().contains("heat.png")),
          "no partial output");
    }
  }
}
