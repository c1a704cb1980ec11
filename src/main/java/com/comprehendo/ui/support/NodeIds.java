package com.comprehendo.ui.support;

/** The ids of the nodes that tests and the screenshot script look up ({@code #runButton}, …). */
public final class NodeIds {

  public static final String OPEN_MODEL_BUTTON = "openModelButton";
  public static final String OPEN_IMAGES_BUTTON = "openImagesButton";
  public static final String EMPTY_STATE = "emptyState";
  public static final String IMAGE_LIST_FOLLOWS_GRID = "image-list-follows-grid";
  public static final String IMAGE_LIST = "imageList";
  public static final String IMAGE_FILTER = "imageFilter";
  public static final String IMAGE_COUNT = "imageCount";
  public static final String MAIN_TABS = "mainTabs";
  public static final String EXPLAIN_TAB = "explainTab";
  public static final String COMPARE_TAB = "compareTab";
  public static final String HEATMAP_VIEW = "heatmapView";
  public static final String HEATMAP_IMAGE = "heatmapImage";
  public static final String ZOOM_IN_BUTTON = "zoomInButton";
  public static final String ZOOM_OUT_BUTTON = "zoomOutButton";
  public static final String FIT_BUTTON = "fitButton";
  public static final String ZOOM_LABEL = "zoomLabel";
  public static final String PREDICTION_LIST = "predictionList";
  public static final String TARGET_CHOICE = "targetChoice";
  public static final String TARGET_SUMMARY = "targetSummary";
  public static final String METHOD_CHOICE = "methodChoice";
  public static final String PARAMETER_GRID = "parameterGrid";
  public static final String RESET_PARAMETERS_BUTTON = "resetParametersButton";
  public static final String BASELINE_CHOICE = "baselineChoice";
  public static final String BASELINE_ARGUMENT = "baselineArgument";
  public static final String BASELINE_BROWSE = "baselineBrowse";
  public static final String VALIDATION_MESSAGE = "validationMessage";
  public static final String COST_ESTIMATE = "costEstimate";
  public static final String AUTO_RUN_TOGGLE = "autoRunToggle";
  public static final String RUN_BUTTON = "runButton";
  public static final String CANCEL_BUTTON = "cancelButton";
  public static final String PROGRESS_BAR = "progressBar";
  public static final String PROGRESS_TEXT = "progressText";
  public static final String RUN_STATUS = "runStatus";
  public static final String CONVERGENCE_DELTA = "convergenceDelta";
  public static final String CONVERGENCE_WARNING = "convergenceWarning";
  public static final String VISUALIZATION_CHOICE = "visualizationChoice";
  public static final String SIGN_CHOICE = "signChoice";
  public static final String COLORMAP_CHOICE = "colormapChoice";
  public static final String ALPHA_SLIDER = "alphaSlider";
  public static final String OUTLIER_SLIDER = "outlierSlider";
  public static final String COLOR_BAR = "colorBar";
  public static final String HOVER_READOUT = "hoverReadout";
  public static final String STATUS_TEXT = "statusText";
  public static final String COMPARISON_GRID = "comparisonGrid";
  public static final String COMPARE_MODE_CHOICE = "compareModeChoice";
  public static final String COMPARE_SCALE_WARNING = "compare-scale-warning";
  public static final String COMPARE_METHODS = "compareMethods";
  public static final String COMPARE_LAYER_CHOICE = "compareLayerChoice";
  public static final String SHARED_SCALE_TOGGLE = "sharedScaleToggle";
  public static final String FAITHFULNESS_TOGGLE = "faithfulnessToggle";
  public static final String FAITHFULNESS_SENSITIVITY = "faithfulnessSensitivity";
  public static final String FAITHFULNESS_STATUS = "faithfulnessStatus";
  public static final String FAITHFULNESS_NOTE = "faithfulnessNote";
  public static final String IMAGE_LIST_PANEL = "imageListPanel";
  public static final String MEASURE_FAITHFULNESS_BUTTON = "measureFaithfulnessButton";
  public static final String EXPLAIN_FAITHFULNESS_NUMBERS = "explainFaithfulnessNumbers";
  public static final String RUN_COMPARISON_BUTTON = "runComparisonButton";
  public static final String CANCEL_COMPARISON_BUTTON = "cancelComparisonButton";
  public static final String NOTICE_STACK = "noticeStack";
  public static final String NOTICE = "notice";
  public static final String DATASET_TAB = "datasetTab";
  public static final String DATASET_VIEW = "datasetView";
  public static final String DATASET_GRID = "datasetGrid";
  public static final String DATASET_PLACEHOLDER = "datasetPlaceholder";
  public static final String DATASET_SCOPE_ALL = "datasetScopeAll";
  public static final String DATASET_SCOPE_MISPREDICTED = "datasetScopeMispredicted";
  public static final String DATASET_SCOPE_CORRECT = "datasetScopeCorrect";
  public static final String DATASET_ACTUAL_CHOICE = "datasetActualChoice";
  public static final String DATASET_PREDICTED_CHOICE = "datasetPredictedChoice";
  public static final String DATASET_ORDER_CHOICE = "datasetOrderChoice";
  public static final String DATASET_CLEAR_FILTERS = "datasetClearFilters";
  public static final String DATASET_TILE_COUNT = "datasetTileCount";
  public static final String DATASET_PROGRESS_BAR = "datasetProgressBar";
  public static final String DATASET_PROGRESS_TEXT = "datasetProgressText";
  public static final String DATASET_CANCEL_BUTTON = "datasetCancelButton";
  public static final String DATASET_RESUME_BUTTON = "datasetResumeButton";
  public static final String DATASET_SUMMARY = "datasetSummary";
  public static final String DATASET_ACCURACY = "datasetAccuracy";
  public static final String DATASET_ERROR_RATE = "datasetErrorRate";
  public static final String DATASET_MEAN_LOSS = "datasetMeanLoss";
  public static final String DATASET_PREDICTED_COUNT = "datasetPredictedCount";
  public static final String DATASET_LABELLED_COUNT = "datasetLabelledCount";
  public static final String DATASET_UNREADABLE_COUNT = "datasetUnreadableCount";
  public static final String DATASET_NON_FINITE_COUNT = "datasetNonFiniteCount";
  public static final String DATASET_LABEL_RULE = "datasetLabelRule";
  public static final String DATASET_LABEL_PROBLEM = "datasetLabelProblem";
  public static final String CONFUSION_MATRIX = "confusionMatrix";
  public static final String MOST_CONFUSED_LIST = "mostConfusedList";
  public static final String UNREADABLE_LIST = "unreadableList";

  /** The editor of parameter {@code name}, e.g. {@code param-n_steps}. */
  public static String parameter(String name) {
    return "param-" + name;
  }

  /** The confusion-matrix cell of true class {@code actual} predicted as {@code predicted}. */
  public static String confusionCell(int actual, int predicted) {
    return "confusion-" + actual + "-" + predicted;
  }
  public static final String DEVICE_MENU = "device-menu";

  private NodeIds() {}
}
