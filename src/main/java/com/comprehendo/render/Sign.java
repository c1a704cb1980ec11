package com.comprehendo.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which attributions a visualization shows: Captum's {@code VisualizeSign} of
 * {@code visualize_image_attr}.
 *
 * <p>The sign decides how the channel-summed attribution is turned into a normalized map (see
 * {@link AttributionNormalizer}), the value range the colormap spans ({@link #vmin()} ..
 * {@link #vmax()}) and the default colormap ({@link Colormap#defaultFor(Sign)}).
 */
public enum Sign {
  /** Both signs: the map keeps its sign and spans -1..1 (red–white–green by default). */
  ALL("all", -1f),
  /** Only positive attributions, 0..1 ("Greens" by default). */
  POSITIVE("positive", 0f),
  /** Only negative attributions, shown as magnitudes 0..1 ("Reds" by default). */
  NEGATIVE("negative", 0f),
  /** Magnitudes of all attributions, 0..1 ("Blues" by default); Captum's default sign. */
  ABSOLUTE_VALUE("absolute_value", 0f);

  private final String cliName;
  private final float vmin;

  Sign(String cliName, float vmin) {
    this.cliName = cliName;
    this.vmin = vmin;
  }

  /** The name Captum and our command line use, e.g. {@code absolute_value}. */
  public String cliName() {
    return cliName;
  }

  /** The lower end of the colormap's value range: -1 for {@link #ALL}, else 0. */
  public float vmin() {
    return vmin;
  }

  /** The upper end of the colormap's value range: always 1. */
  public float vmax() {
    return 1f;
  }

  /** The allowed names, comma-separated, for messages. */
  public static String allowedNames() {
    return Arrays.stream(values()).map(Sign::cliName).collect(Collectors.joining(", "));
  }

  /**
   * Parses a Captum sign name ({@code all|positive|negative|absolute_value}, case-insensitive).
   *
   * @throws IllegalArgumentException naming the allowed values when {@code name} is none of them
   */
  public static Sign parse(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (Sign sign : values()) {
        if (sign.cliName.equals(wanted)) {
          return sign;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown sign '" + name + "'; allowed: " + allowedNames());
  }

  @Override
  public String toString() {
    return cliName;
  }
}
