package com.comprehendo.ui.dataset;

import com.comprehendo.analysis.ImagePrediction;

/** Which predictions the grid shows by correctness; the mispredicted and correct scopes need labels. */
public enum TileScope {
  ALL("All"),
  MISPREDICTED("Mispredicted"),
  CORRECT("Correct");

  private final String label;

  TileScope(String label) {
    this.label = label;
  }

  /** Whether {@code prediction} belongs to this scope (unlabelled images are neither right nor wrong). */
  public boolean includes(ImagePrediction prediction) {
    return switch (this) {
      case ALL -> true;
      case MISPREDICTED -> prediction.isLabelled() && !prediction.isCorrect();
      case CORRECT -> prediction.isCorrect();
    };
  }

  @Override
  public String toString() {
    return label;
  }
}
