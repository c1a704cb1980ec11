package com.comprehendo.ui.gallery;

/** The gallery's node ids (CSS and TestFX lookups), kept with the feature. */
public final class GalleryIds {

  public static final String TOGGLE = "galleryToggle";
  public static final String METHOD_CHOICE = "galleryMethodChoice";
  public static final String COST = "galleryCost";
  /** The gear beside the method: its parameters in a popover. */
  public static final String SETTINGS = "gallerySettings";
  public static final String SETTINGS_PANEL = "gallerySettingsPanel";
  public static final String SETTINGS_MESSAGE = "gallerySettingsMessage";
  public static final String SETTINGS_COST = "gallerySettingsCost";
  public static final String SETTINGS_RESET = "gallerySettingsReset";
  public static final String SETTINGS_APPLY = "gallerySettingsApply";
  public static final String STATUS = "galleryStatus";
  public static final String STOP = "galleryStop";
  public static final String RESUME = "galleryResume";
  public static final String BOXES = "galleryBoxes";
  public static final String TILE_OVERLAY = "galleryTileOverlay";
  public static final String CLASS_MAP = "galleryClassMap";
  public static final String CLASS_MAP_IMAGE = "galleryClassMapImage";
  public static final String CLASS_MAP_TITLE = "galleryClassMapTitle";
  public static final String FAITHFULNESS_MENU = "galleryFaithfulnessMenu";
  public static final String FAITHFULNESS_MEASURE = "galleryFaithfulnessMeasure";
  /** Followed by "-" and the method's id. */
  public static final String FAITHFULNESS_METHOD = "galleryFaithfulnessMethod";
  public static final String FAITHFULNESS_PANEL = "galleryFaithfulnessPanel";
  public static final String FAITHFULNESS_STATUS = "galleryFaithfulnessStatus";
  public static final String FAITHFULNESS_STOP = "galleryFaithfulnessStop";
  public static final String FAITHFULNESS_TABLE = "galleryFaithfulnessTable";
  /** Followed by "-" and the method's id. */
  public static final String FAITHFULNESS_BEST = "galleryFaithfulnessBest";

  private GalleryIds() {}
}
