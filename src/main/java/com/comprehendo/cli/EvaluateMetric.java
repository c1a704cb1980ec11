package com.comprehendo.cli;

import java.util.Locale;

/** {@code evaluate}'s metrics, as {@code --metric} names them. */
enum EvaluateMetric {
  DELETION, INSERTION, INFIDELITY, SENSITIVITY, SANITY;

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Deletion and insertion: a curve over the attribution's pixel order. */
  boolean isCurve() {
    return this == DELETION || this == INSERTION;
  }

  /** Sensitivity and the sanity check explain the input again with {@code --method}. */
  boolean runsMethod() {
    return this == SENSITIVITY || this == SANITY;
  }

  static EvaluateMetric parse(String text) throws CommandFailure {
    for (EvaluateMetric candidate : values()) {
      if (candidate.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
    throw CommandFailure.usage("--metric: '" + text + "' is not one of deletion, insertion, infidelity, sensitivity, sanity");
  }
}
