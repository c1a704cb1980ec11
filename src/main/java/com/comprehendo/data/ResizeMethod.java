package com.comprehendo.data;

import java.util.Locale;

/** How an image of any size is brought to the model's input size (fastai's names). */
public enum ResizeMethod {
  /** Stretch to the target size, ignoring the aspect ratio (fastai's default {@code ResizeMethod.Squish}). */
  SQUISH,
  /** Scale the shorter side to the target and cut the centre ({@code ResizeMethod.Crop}, torchvision's Resize+CenterCrop). */
  CROP,
  /** Scale the longer side to the target and pad the rest with zeros ({@code ResizeMethod.Pad}). */
  PAD;

  /** Parses the sidecar's spelling: {@code squish}, {@code crop} (or {@code centre_crop}/{@code center_crop}), {@code pad}. */
  public static ResizeMethod parse(String text) {
    String key = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    switch (key) {
      case "squish":
        return SQUISH;
      case "crop":
      case "centre_crop":
      case "center_crop":
        return CROP;
      case "pad":
        return PAD;
      default:
        throw new IllegalArgumentException("unknown resize method '" + text + "' (allowed: squish, crop, pad)");
    }
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
