package com.comprehendo.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an attribution is drawn: Captum's {@code ImageVisualizationMethod} of
 * {@code visualize_image_attr}. {@link HeatmapRenderer} documents each method's pixels.
 */
public enum VisualizationMethod {
  /** The colormapped normalized map. The only method that needs no image. */
  HEAT_MAP("heat_map", false, true, true),
  /** The image's grayscale mean with the heat map on top at {@code alpha_overlay}. */
  BLENDED_HEAT_MAP("blended_heat_map", true, true, true),
  /** The image alone (the attribution is ignored). */
  ORIGINAL_IMAGE("original_image", true, true, false),
  /** The image multiplied by the normalized map; not with sign {@code all}. */
  MASKED_IMAGE("masked_image", true, false, false),
  /** The image with the normalized map as its alpha channel; not with sign {@code all}. */
  ALPHA_SCALING("alpha_scaling", true, false, false);

  private final String cliName;
  private final boolean needsImage;
  private final boolean acceptsSignAll;
  private final boolean usesColormap;

  VisualizationMethod(
      String cliName, boolean needsImage, boolean acceptsSignAll, boolean usesColormap) {
    this.cliName = cliName;
    this.needsImage = needsImage;
    this.acceptsSignAll = acceptsSignAll;
    this.usesColormap = usesColormap;
  }

  /** The name Captum and our command line use, e.g. {@code blended_heat_map}. */
  public String cliName() {
    return cliName;
  }

  /** Whether this method draws the original image (all but {@link #HEAT_MAP}). */
  public boolean needsImage() {
    return needsImage;
  }

  /** Whether the colormap (and so {@code --cmap}) affects the result. */
  public boolean usesColormap() {
    return usesColormap;
  }

  /**
   * Whether Captum accepts this method with {@code sign}: masked_image and alpha_scaling cannot
   * show signed values, so they refuse {@link Sign#ALL}.
   */
  public boolean accepts(Sign sign) {
    return acceptsSignAll || sign != Sign.ALL;
  }

  /**
   * Checks {@link #accepts(Sign)}.
   *
   * @throws IllegalArgumentException with Captum's reason when the combination is refused
   */
  public void checkSign(Sign sign) {
    if (!accepts(sign)) {
      throw new IllegalArgumentException(
          "method "
              + cliName
              + " cannot show both positive and negative attributions (sign all); choose sign "
              + "positive, negative or absolute_value");
    }
  }

  /** The allowed names, comma-separated, for messages. */
  public static String allowedNames() {
    return Arrays.stream(values())
        .map(VisualizationMethod::cliName)
        .collect(Collectors.joining(", "));
  }

  /**
   * Parses a Captum method name such as {@code heat_map} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the allowed values when {@code name} is none of them
   */
  public static VisualizationMethod parse(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (VisualizationMethod method : values()) {
        if (method.cliName.equals(wanted)) {
          return method;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown method '" + name + "'; allowed: " + allowedNames());
  }

  @Override
  public String toString() {
    return cliName;
  }
}
