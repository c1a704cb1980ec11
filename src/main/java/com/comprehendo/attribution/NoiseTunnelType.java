package com.comprehendo.attribution;

import java.util.Locale;

/** How NoiseTunnel combines the attributions of its noisy samples. */
public enum NoiseTunnelType {
  /** The mean of the samples' attributions (SmoothGrad). */
  SMOOTHGRAD,
  /** The mean of their squares. */
  SMOOTHGRAD_SQ,
  /** Their population variance: mean of squares minus the square of the mean (VarGrad). */
  VARGRAD;

  public static NoiseTunnelType parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "smoothgrad":
        return SMOOTHGRAD;
      case "smoothgrad_sq":
        return SMOOTHGRAD_SQ;
      case "vargrad":
        return VARGRAD;
      default:
        throw new IllegalArgumentException(
            "unknown nt_type '" + text + "' (allowed: smoothgrad, smoothgrad_sq, vargrad)");
    }
  }

  public String captumName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
