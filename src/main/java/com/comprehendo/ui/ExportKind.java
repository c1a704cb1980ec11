package com.comprehendo.ui;

/** What File ▸ Export (Ctrl+E) writes, by the tab shown: each tab exports what it shows. */
enum ExportKind {
  /** The Dataset tab: its predictions as CSV (not the sidebar's image, which the user may never have seen). */
  PREDICTIONS_CSV,
  /** The Explain tab: the image with its heat map and captions. */
  VIEW_PNG,
  /** The Compare tab: the comparison's panels. */
  COMPARISON_PNG;

  static ExportKind forTab(MainTab tab) {
    return switch (tab == null ? MainTab.EXPLAIN : tab) {
      case DATASET -> PREDICTIONS_CSV;
      case EXPLAIN -> VIEW_PNG;
      case COMPARE -> COMPARISON_PNG;
    };
  }
}
