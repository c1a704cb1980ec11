package com.comprehendo.model;

import java.util.Locale;

/** What the model's output vector holds. Attributions always use the raw output, as Captum does. */
public enum OutputKind {
  /** Unnormalized scores; probabilities are their softmax. */
  LOGITS,
  /** Already probabilities (the model ends in a softmax). */
  PROBABILITIES;

  /** Parses the sidecar's {@code "output"} value. */
  public static OutputKind parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "logits":
        return LOGITS;
      case "probabilities":
      case "probs":
      case "softmax":
        return PROBABILITIES;
      default:
        throw new IllegalArgumentException("unknown output kind '" + text + "' (allowed: logits, probabilities)");
    }
  }
}
