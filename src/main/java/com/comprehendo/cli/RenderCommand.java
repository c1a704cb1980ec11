package com.comprehendo.cli;

import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Provenance;
import com.comprehendo.platform.IoErrors;
import com.comprehendo.platform.Json;
import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.ColorBar;
import com.comprehendo.render.Colormap;
import com.comprehendo.render.HeatmapRenderer;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.PngWriter;
import com.comprehendo.render.RgbImage;
import com.comprehendo.render.Sign;
import com.comprehendo.render.VisualizationMethod;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comprehendo render}: draws a saved attribution as Captum's {@code visualize_image_attr}
 * would and writes a PNG (see {@link HeatmapRenderer} for the pixels).
 *
 * <p>Exit codes: 0 on success, with one JSON line on stdout ({@code {"out":…, "threshold":…,
 * "width":…, "height":…}}); 2 for wrong arguments (unknown names, values out of range, a missing
 * file, an attribution of the wrong shape), with a one-line message on stderr; 1 when the work
 * fails (an unreadable image or {@code .npy}, non-finite attributions, a write error). Outputs are
 * written atomically, so a failure leaves no partial file.
 */
@Command(
    name = "render",
    description = "Render a saved attribution like Captum's visualize_image_attr and write a PNG.")
public final class RenderCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  @Option(
      names = "--attr",
      required = true,
      paramLabel = "A.npy",
      description = "Attribution, float32 .npy of shape 1×C×H×W, C×H×W or H×W.")
  private Path attr;

  @Option(
      names = "--image",
      paramLabel = "IMG",
      description =
          "Original image (PNG, JPEG, BMP, GIF, WebP, TIFF; EXIF orientation applied); resized bilinearly to H×W if needed. "
              + "Required by every method but heat_map.")
  private Path image;

  @Option(
      names = "--method",
      defaultValue = "heat_map",
      paramLabel = "METHOD",
      description =
          "heat_map, blended_heat_map, original_image, masked_image or alpha_scaling "
              + "(default: ${DEFAULT-VALUE}).")
  private String method;

  @Option(
      names = "--sign",
      defaultValue = "absolute_value",
      paramLabel = "SIGN",
      description = "all, positive, negative or absolute_value (default: ${DEFAULT-VALUE}).")
  private String sign;

  @Option(
      names = "--outlier-perc",
      defaultValue = "2",
      paramLabel = "P",
      description =
          "Percentage of attribution mass that saturates, in [0, 100) (default: ${DEFAULT-VALUE}).")
  private double outlierPerc;

  @Option(
      names = "--cmap",
      paramLabel = "NAME",
      description =
          "Colormap: Blues, Greens, Reds, RdWhGn, viridis, custom_blue, gray or Greys "
              + "(default: Captum's for the sign).")
  private String cmap;

  @Option(
      names = "--alpha-overlay",
      defaultValue = "0.5",
      paramLabel = "A",
      description = "Heat map opacity for blended_heat_map, in [0, 1] (default: ${DEFAULT-VALUE}).")
  private double alphaOverlay;

  @Option(
      names = "--scale",
      paramLabel = "K",
      description = "Draw the PNG K times the attribution's size (e.g. 4: a 64×64 map becomes 256×256); each map "
          + "cell stays a flat block, the image is resized from its full resolution.")
  private Double scale;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      description = "Draw the PNG at W×H pixels (instead of --scale).")
  private String size;

  @Option(
      names = "--colorbar",
      description = "Add a colour bar under the picture, labelled with the attribution values its ends stand for.")
  private boolean colorbar;

  @Option(names = "--out", required = true, paramLabel = "H.png", description = "PNG to write." + CommandOutputs.REPLACES)
  private Path out;

  @Option(
      names = "--normalized-out",
      paramLabel = "N.npy",
      description = "Also write the H×W normalized map as float32 .npy." + CommandOutputs.REPLACES)
  private Path normalizedOut;

  @Override
  public Integer call() {
    try {
      return render();
    } catch (CommandFailure e) {
      return fail(e.exitCode(), e.getMessage());
    }
  }

  private int render() throws CommandFailure {
    VisualizationMethod visualization = parse("--method", () -> VisualizationMethod.parse(method));
    Sign visualSign = parse("--sign", () -> Sign.parse(sign));
    Colormap colormap =
        cmap == null
            ? Colormap.defaultFor(visualSign)
            : parse("--cmap", () -> Colormap.named(cmap));
    if (!(outlierPerc >= 0 && outlierPerc < 100)) {
      throw CommandFailure.usage("--outlier-perc: " + outlierPerc + " is outside the allowed [0, 100)");
    }
    if (!(alphaOverlay >= 0 && alphaOverlay <= 1)) {
      throw CommandFailure.usage("--alpha-overlay: " + alphaOverlay + " is outside the allowed [0, 1]");
    }
    if (!visualization.accepts(visualSign)) {
      throw CommandFailure.usage(
          "--method " + visualization + " does not accept --sign all; allowed signs: positive, "
              + "negative, absolute_value");
    }
    if (visualization.needsImage() && image == null) {
      throw CommandFailure.usage("--image is required for --method " + visualization);
    }
    CommandInputs.requireFile("--attr", attr, "an .npy file");
    if (image != null) {
      CommandInputs.requireFile("--image", image, "an image file");
    }
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("--out", out);
    outputs.put("--normalized-out", normalizedOut);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("--attr", attr);
    inputs.put("--image", image);
    CommandOutputs.check(outputs, inputs);

    NpyArray attribution;
    try {
      attribution = NpyArray.read(attr);
    } catch (IOException e) {
      throw CommandFailure.work(e instanceof NpyArray.NpyFormatException
          ? "--attr: " + e.getMessage() // names the file
          : "--attr: cannot read " + attr + ": " + IoErrors.reason(e));
    }
    AttributionMap summed;
    try {
      summed = AttributionNormalizer.sumChannels(attribution.data(), attribution.shape());
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("--attr: " + e.getMessage());
    }
    NormalizedMap map;
    try {
      map = AttributionNormalizer.normalize(summed, visualSign, outlierPerc);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.work("--attr: " + e.getMessage());
    }

    BufferedImage photo = image == null ? null : decodeImage();
    int[] drawn = outputSize(map.width(), map.height());
    if (photo != null && scale == null && size == null) {
      drawn = layerMapSize(map, photo);
    }
    NormalizedMap shown = map.resizedNearest(drawn[1], drawn[0]);
    RgbImage original = photo == null ? null : fitImage(photo, shown.height(), shown.width());
    int[] argb = HeatmapRenderer.render(shown, original, visualization, colormap, alphaOverlay);
    Provenance.Builder provenance = Provenance.builder()
        .setCommandLine(CommandOutputs.commandLine(spec))
        .optInput("attr", attr)
        .optSetting("method", visualization.toString())
        .optSetting("sign", visualSign.toString())
        .optSetting("cmap", colormap.name())
        .optSetting("outlier_perc", outlierPerc)
        .optSetting("alpha_overlay", alphaOverlay);
    if (image != null) {
      provenance.optInput("image", image);
    }
    List<CommandOutputs.Output> files = new ArrayList<>();
    BufferedImage png = HeatmapRenderer.toBufferedImage(argb, shown.width(), shown.height());
    if (colorbar) {
      double[] range = ColorBar.valueRange(visualSign, map.threshold());
      png = withColorBar(png, ColorBar.render(colormap, range[0], range[1], Math.max(32, png.getWidth() - 8),
          Math.max(8, Math.min(24, png.getHeight() / 16))));
      provenance.optSetting("colorbar", true);
    }
    if (scale != null || size != null) {
      provenance.optSetting("size", shown.width() + "x" + shown.height());
    }
    files.add(new CommandOutputs.Output("--out", out, PngWriter.content(png)));
    if (normalizedOut != null) {
      NpyArray normalized = new NpyArray(new int[] {map.height(), map.width()}, map.values());
      files.add(new CommandOutputs.Output("--normalized-out", normalizedOut, normalized::write));
    }
    // Both files (and their sidecars) appear, or none: a failed --normalized-out leaves no PNG.
    CommandOutputs.write(provenance.build(), files.toArray(CommandOutputs.Output[]::new));
    PrintWriter stdout = spec.commandLine().getOut();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("out", out.toString());
    summary.put("threshold", map.threshold());
    summary.put("width", png.getWidth());
    summary.put("height", png.getHeight());
    stdout.println(Json.write(summary));
    stdout.flush();
    return 0;
  }

  /** The most pixels a drawn PNG may have: the decoder's own limit for images, 100 megapixels. */
  static final long MAX_PIXELS = (long) (ImageDecoder.DEFAULT_MAX_MEGAPIXELS * 1_000_000);

  /** The most pixels on one side of a drawn PNG (PNG allows more; viewers and memory do not). */
  static final int MAX_SIDE = 32768;

  /** {width, height} of the drawn picture: the map's own size, or as --scale / --size ask, checked before drawing. */
  private int[] outputSize(int mapWidth, int mapHeight) throws CommandFailure {
    if (scale != null && size != null) {
      throw CommandFailure.usage("--scale and --size: give one of them");
    }
    long width = mapWidth;
    long height = mapHeight;
    if (scale != null) {
      if (!(scale > 0) || scale > 1024) {
        throw CommandFailure.usage("--scale: must be a number above 0 and at most 1024, got " + scale);
      }
      width = Math.max(1, Math.round(mapWidth * scale));
      height = Math.max(1, Math.round(mapHeight * scale));
    } else if (size != null) {
      Matcher parsed = Pattern.compile("(\\d{1,9})[x×](\\d{1,9})").matcher(size.trim());
      if (!parsed.matches()) {
        throw CommandFailure.usage("--size: '" + size + "' is not WIDTHxHEIGHT in pixels (e.g. 512x512)");
      }
      width = Long.parseLong(parsed.group(1));
      height = Long.parseLong(parsed.group(2));
    }
    String option = scale != null ? "--scale" : "--size";
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
      throw CommandFailure.usage(option + ": a " + width + "×" + height + " picture is outside what render draws "
          + "(each side 1 to " + MAX_SIDE + ", at most " + MAX_PIXELS / 1_000_000 + " megapixels)");
    }
    return new int[] {(int) width, (int) height};
  }

  /** The picture with the colour bar centred under it on a white strip. */
  private static BufferedImage withColorBar(BufferedImage picture, BufferedImage bar) {
    int width = Math.max(picture.getWidth(), bar.getWidth());
    int gap = 4;
    BufferedImage composed = new BufferedImage(width, picture.getHeight() + gap + bar.getHeight(), BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = composed.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, composed.getWidth(), composed.getHeight());
      g.drawImage(picture, (width - picture.getWidth()) / 2, 0, null);
      g.drawImage(bar, (width - bar.getWidth()) / 2, picture.getHeight() + gap, null);
    } finally {
      g.dispose();
    }
    return composed;
  }

  private BufferedImage decodeImage() throws CommandFailure {
    try {
      // The decoding path of attribute and the explorer: EXIF orientation applied (the heat map of an
      // attribution computed on the upright photo is drawn over the upright photo) and the decoder's
      // megapixel limit checked before any pixel is allocated (20000² used to take 3 GB here).
      return ImageDecoder.createDefault().decode(image);
    } catch (ImageDecodeException e) {
      throw CommandFailure.work("--image: cannot read " + image + ": " + e.getMessage());
    }
  }

  private RgbImage fitImage(BufferedImage decoded, int height, int width) {
    RgbImage rgb = RgbImage.fromBufferedImage(decoded);
    if (rgb.height() != height || rgb.width() != width) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println(
          "render: --image is " + rgb.width() + "×" + rgb.height() + ", resized (bilinear) to "
              + width + "×" + height + (scale == null && size == null ? " to match --attr" : " to match the picture"));
      stderr.flush();
      rgb = rgb.resizeBilinear(height, width);
    }
    return rgb;
  }

  /**
   * {width, height} for a map at least 4× smaller than the photo on both sides (a layer's map, such as
   * Grad-CAM's 7×7): the map drawn in blocks of whole pixels, as near the photo's size as whole blocks
   * allow, rather than the photo shrunk to 7×7. An input-sized map keeps its own size.
   */
  private int[] layerMapSize(NormalizedMap map, BufferedImage photo) {
    int factor = Math.min(photo.getWidth() / map.width(), photo.getHeight() / map.height());
    if (factor < 4) {
      return new int[] {map.width(), map.height()};
    }
    int width = map.width() * factor;
    int height = map.height() * factor;
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.println("render: note: the " + map.width() + "×" + map.height() + " map is drawn in " + factor + "×" + factor
        + "-pixel blocks over the " + photo.getWidth() + "×" + photo.getHeight() + " image (--scale 1 keeps the map's size)");
    stderr.flush();
    return new int[] {width, height};
  }

  private static <T> T parse(String option, Supplier<T> parser) throws CommandFailure {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage(option + ": " + e.getMessage());
    }
  }

  private int fail(int exitCode, String message) {
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.println("render: " + message);
    stderr.flush();
    return exitCode;
  }
}
