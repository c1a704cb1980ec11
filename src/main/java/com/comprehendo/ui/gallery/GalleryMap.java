package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.Localization;
import com.comprehendo.render.AttributionMap;

/**
 * One image's map in the gallery: its attribution with the channels summed, the size of the image it
 * was made from, and its localization scores (none without a box).
 */
public record GalleryMap(AttributionMap summed, int imageWidth, int imageHeight, Localization.Scores localization) {

  /** The same map scored anew (a boxes file opened after it was made). */
  public GalleryMap withLocalization(Localization.Scores scores) {
    return new GalleryMap(summed, imageWidth, imageHeight, scores);
  }
}
