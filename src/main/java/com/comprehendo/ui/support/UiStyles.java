package com.comprehendo.ui.support;

/**
 * The explorer's own style classes, defined in {@code explorer.css}, as constants so views never spell
 * them as loose strings (AtlantaFX keeps its own in {@code atlantafx.base.theme.Styles}, which the
 * views use alongside).
 */
public final class UiStyles {

  /** The explorer's stylesheet, layered over the AtlantaFX theme. */
  public static final String STYLESHEET = "/com/comprehendo/ui/explorer.css";

  public static final String ROOT = "explorer";
  public static final String SIDEBAR = "sidebar";
  public static final String SIDEBAR_HEADER = "sidebar-header";
  public static final String INSPECTOR = "inspector";
  public static final String SECTION = "section";
  public static final String SECTION_TITLE = "section-title";
  public static final String FIELD_LABEL = "field-label";
  public static final String PARAMETER_NAME = "parameter-name";
  public static final String MONOSPACE = "monospace";
  public static final String MUTED = "muted";
  public static final String HINT = "hint";
  public static final String VALIDATION_MESSAGE = "validation-message";
  public static final String COST_ESTIMATE = "cost-estimate";
  public static final String CONVERGENCE = "convergence";
  public static final String CONVERGENCE_WARNING = "convergence-warning";
  public static final String PREDICTION_ROW = "prediction-row";
  public static final String PREDICTION_BAR = "prediction-bar";
  public static final String PREDICTED = "predicted";
  public static final String TRUE_CLASS = "true-class";
  public static final String IMAGE_CELL = "image-cell";
  public static final String IMAGE_CELL_NAME = "image-cell-name";
  public static final String IMAGE_CELL_LABEL = "image-cell-label";
  public static final String THUMBNAIL_FRAME = "thumbnail-frame";
  public static final String CANVAS = "canvas";
  public static final String VIEW_TOOLBAR = "view-toolbar";
  public static final String VIEW_TITLE = "view-title";
  public static final String ZOOM_LABEL = "zoom-label";
  public static final String EMPTY_STATE = "empty-state";
  public static final String EMPTY_STATE_TITLE = "empty-state-title";
  public static final String EMPTY_STATE_TEXT = "empty-state-text";
  public static final String EMPTY_STATE_ICON = "empty-state-icon";
  public static final String COMPARISON_GRID = "comparison-grid";
  public static final String COMPARISON_PANEL = "comparison-panel";
  public static final String PANEL_TITLE = "panel-title";
  public static final String PANEL_SUBTITLE = "panel-subtitle";
  public static final String PANEL_STATE = "panel-state";
  public static final String COLOR_BAR = "color-bar";
  public static final String COLOR_BAR_LABEL = "color-bar-label";
  public static final String LEGEND = "legend";
  public static final String STATUS_BAR = "status-bar";
  public static final String NOTICE_STACK = "notice-stack";
  public static final String PROGRESS_ROW = "progress-row";
  public static final String RUN_ROW = "run-row";
  public static final String PREDICTION_MARK = "prediction-mark";
  public static final String MARK_CORRECT = "mark-correct";
  public static final String MARK_WRONG = "mark-wrong";
  public static final String DATASET_GRID = "dataset-grid";
  public static final String DATASET_STRIP = "dataset-strip";
  public static final String STRIP_LINK = "strip-link";
  public static final String PREDICTION_TILE_CELL = "prediction-tile-cell";
  public static final String PREDICTION_TILE = "prediction-tile";
  public static final String TILE_THUMBNAIL = "tile-thumbnail";
  public static final String TILE_BADGE = "tile-badge";
  public static final String TILE_MARK = "tile-mark";
  public static final String TILE_PREDICTED = "tile-predicted";
  public static final String TILE_DETAIL = "tile-detail";
  public static final String TILE_TRUTH = "tile-truth";
  public static final String METRIC = "metric";
  public static final String METRIC_VALUE = "metric-value";
  public static final String METRIC_CAPTION = "metric-caption";
  public static final String METRIC_ERROR = "metric-error";
  public static final String LABEL_RULE = "label-rule";
  public static final String LABEL_PROBLEM = "label-problem";
  public static final String CONFUSION_GRID = "confusion-grid";
  public static final String CONFUSION_CELL = "confusion-cell";
  public static final String CONFUSION_HEADER = "confusion-header";
  public static final String CONFUSION_CORNER = "confusion-corner";
  public static final String CONFUSED_ROW = "confused-row";
  public static final String COUNT_BADGE = "count-badge";
  public static final String UNREADABLE_LIST = "unreadable-list";

  private UiStyles() {}
}
