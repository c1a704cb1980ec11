package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.Localization;
import com.comprehendo.analysis.explain.ResultsIndex;
import com.comprehendo.data.DatasetException;
import com.comprehendo.data.NpyArray;
import com.comprehendo.render.AttributionNormalizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A results folder of {@code comprehendo explain} read for the gallery (in the background): its
 * dataset folder, its method and each image's map with the scores the index gives it.
 *
 * @param folder the results folder
 * @param root the dataset folder the run read; null when the index does not say
 * @param method the method of the first map (a run has one)
 * @param maps by dataset-relative path
 */
record GalleryResults(Path folder, Path root, String method, Map<String, GalleryMap> maps) {

  /** Reads {@code folder}'s index and every map it lists. */
  static GalleryResults read(Path folder) throws IOException {
    ResultsIndex index = ResultsIndex.read(folder);
    Map<String, GalleryMap> made = new LinkedHashMap<>();
    String method = null;
    for (ResultsIndex.Row row : index.rows()) {
      NpyArray map = index.map(row);
      int[] size = index.imageSize(row).orElse(new int[] {0, 0});
      method = method == null ? row.method() : method;
      made.put(row.key(), new GalleryMap(AttributionNormalizer.sumChannels(map.data(), map.shape()), size[0], size[1],
          new Localization.Scores(row.energyInBox(), row.pointingHit())));
    }
    if (method == null) {
      throw new DatasetException(folder + " holds no maps");
    }
    return new GalleryResults(folder, index.datasetRoot().orElse(null), method, made);
  }
}
