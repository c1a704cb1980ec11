package com.comprehendo.ui;

/**
 * The tabs of the explorer's centre, in the order they are shown. The view-model holds which one is
 * selected (opening a labelled folder shows the dataset, opening an image from it shows Explain); the
 * window follows it and reports the user's clicks back.
 */
public enum MainTab {
  DATASET,
  EXPLAIN,
  COMPARE
}
