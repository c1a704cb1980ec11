package com.comprehendo.attribution;

import com.comprehendo.data.Preprocessing;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Captum's {@code baselines} parameter as text, the one syntax of the command line, the explorer and
 * provenance records: a number, a word for an image baseline ({@code black}, {@code blur[:SIGMA]},
 * {@code noise[:SEED]}), the named GradientSHAP distribution {@code black-mean-white}, or the path of a
 * {@code .npy} file. Parsing never reads the file: a file becomes a {@link Baseline.FromFile}, read
 * when the method runs.
 *
 * <pre>{@code
 * BaselineText.parse("blur:4")                   // BLUR, "4"
 * BaselineText.parse("/data/b.npy").kind()        // FILE
 * new BaselineText(BaselineKind.NOISE, "7").text() // "noise:7"
 * }</pre>
 *
 * @param kind which baseline
 * @param argument its setting as typed (the constant, the sigma, the seed, the path); blank for the
 *     default sigma or seed, and for the kinds without one
 */
public record BaselineText(BaselineKind kind, String argument) {

  /** The accepted forms, in words, for help texts and error messages. */
  public static final String FORMS =
      "a number in normalized input space (e.g. 0); black; blur or blur:SIGMA in pixels (default "
          + number(Baseline.Blurred.DEFAULT_SIGMA) + "); noise or noise:SEED (uniform over the pixel range, default seed "
          + Baseline.UniformNoise.DEFAULT_SEED + "); or the path of a .npy file";

  /** What the number in {@code blur:SIGMA} may be at most: far beyond any image, yet finite work. */
  static final double MAX_BLUR_SIGMA = 10_000;

  public BaselineText {
    Objects.requireNonNull(kind, "kind");
    argument = argument == null ? "" : argument.trim();
  }

  /** Reads the text; anything that is not a number or one of the words is taken as a file. */
  public static BaselineText parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    int colon = lower.indexOf(':');
    String word = colon < 0 ? lower : lower.substring(0, colon).trim();
    String argument = colon < 0 ? "" : trimmed.substring(colon + 1).trim();
    switch (word) {
      case "black":
        return new BaselineText(BaselineKind.BLACK, argument);
      case "blur":
        return new BaselineText(BaselineKind.BLUR, argument);
      case "noise":
        return new BaselineText(BaselineKind.NOISE, argument);
      case Baseline.BlackMeanWhite.NAME:
        return new BaselineText(BaselineKind.BLACK_MEAN_WHITE, argument);
      default:
        break;
    }
    if (trimmed.isEmpty() || isNumber(trimmed)) {
      return new BaselineText(BaselineKind.CONSTANT, trimmed);
    }
    return new BaselineText(BaselineKind.FILE, trimmed);
  }

  /** The parameter's text, e.g. {@code black}, {@code 0.5}, {@code blur:10}, a path. */
  public String text() {
    switch (kind) {
      case BLACK:
        return "black";
      case BLACK_MEAN_WHITE:
        return Baseline.BlackMeanWhite.NAME;
      case BLUR:
        return argument.isEmpty() ? "blur" : "blur:" + argument;
      case NOISE:
        return argument.isEmpty() ? "noise" : "noise:" + argument;
      default:
        return argument;
    }
  }

  /**
   * The baseline this text stands for, without reading any file.
   *
   * @param text as given
   * @param offered the kinds the method takes (others are refused by name)
   * @param input the model's preprocessing, for {@code black}, {@code noise} and {@code black-mean-white};
   *     null when unknown (then those are refused)
   * @throws IllegalArgumentException naming {@code baselines} and what is accepted
   */
  public static Baseline toBaseline(String text, List<BaselineKind> offered, Preprocessing input) {
    BaselineText parsed = parse(text);
    String original = text.trim();
    String argument = parsed.argument().toLowerCase(Locale.ROOT);
    if (!offered.contains(parsed.kind())) {
      throw new IllegalArgumentException("baselines: '" + original + "' is not offered here (accepted: "
          + String.join(", ", offered.stream().map(BaselineKind::syntax).toList()) + ")");
    }
    switch (parsed.kind()) {
      case CONSTANT:
        float value = Float.parseFloat(original);
        if (!Float.isFinite(value)) {
          throw new IllegalArgumentException("baselines: '" + original + "' must be a finite number (within ±3.4e38)");
        }
        return Baseline.constant(value);
      case BLACK:
        requireNoArgument(parsed, original);
        return Baseline.black(requireInput(original, input));
      case BLACK_MEAN_WHITE:
        requireNoArgument(parsed, original);
        return Baseline.blackMeanWhite(requireInput(original, input));
      case BLUR:
        double sigma = Baseline.Blurred.DEFAULT_SIGMA;
        if (!argument.isEmpty()) {
          try {
            sigma = Double.parseDouble(argument);
          } catch (NumberFormatException e) {
            sigma = Double.NaN;
          }
          if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException(
                "baselines: '" + original + "': the blur sigma must be a positive number of pixels, e.g. blur:10");
          }
          if (sigma > MAX_BLUR_SIGMA) {
            throw new IllegalArgumentException("baselines: '" + original + "': the blur sigma must be at most "
                + number(MAX_BLUR_SIGMA) + " pixels (beyond the image's size every pixel is its mean)");
          }
        }
        return Baseline.blurred(sigma);
      case NOISE:
        long seed = Baseline.UniformNoise.DEFAULT_SEED;
        if (!argument.isEmpty()) {
          try {
            seed = Long.parseLong(argument);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("baselines: '" + original + "': the noise seed must be a whole number, e.g. noise:0");
          }
        }
        return Baseline.uniformNoise(requireInput(original, input), seed);
      default:
        if (original.isEmpty()) {
          throw new IllegalArgumentException("baselines: empty (accepted: " + FORMS + ")");
        }
        return Baseline.file(Path.of(original));
    }
  }

  /**
   * ", black baseline", ", blurred baseline (σ 4)", …, for the few words that tell runs apart; empty
   * for Captum's default 0 and for no text.
   */
  public static String summary(String text) {
    if (text == null) {
      return "";
    }
    BaselineText form = parse(text);
    String argument = form.argument();
    switch (form.kind()) {
      case BLACK:
        return ", black baseline";
      case BLACK_MEAN_WHITE:
        return ", black/mean/white baselines";
      case BLUR:
        return ", blurred baseline (σ " + (argument.isEmpty() ? number(Baseline.Blurred.DEFAULT_SIGMA) : argument) + ")";
      case NOISE:
        return ", noise baseline (seed " + (argument.isEmpty() ? Baseline.UniformNoise.DEFAULT_SEED : argument) + ")";
      case FILE:
        return ", baseline " + argument.substring(Math.max(argument.lastIndexOf('/'), argument.lastIndexOf('\\')) + 1);
      default:
        return argument.isEmpty() || Float.parseFloat(argument) == 0f ? "" : ", baseline " + argument;
    }
  }

  private static void requireNoArgument(BaselineText parsed, String original) {
    if (!parsed.argument().isEmpty()) {
      throw new IllegalArgumentException(
          "baselines: '" + original + "': " + parsed.kind().syntax() + " takes no argument (accepted: " + FORMS + ")");
    }
  }

  private static Preprocessing requireInput(String text, Preprocessing input) {
    if (input == null) {
      throw new IllegalArgumentException("baselines: '" + text + "' is in the model's normalized input space, "
          + "which needs the model's preprocessing (mean and std); it is not known here");
    }
    return input;
  }

  private static boolean isNumber(String text) {
    try {
      Float.parseFloat(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
