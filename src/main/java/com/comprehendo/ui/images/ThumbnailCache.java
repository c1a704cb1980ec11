package com.comprehendo.ui.images;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.image.Image;

/**
 * Small images for the sidebar and the dataset grid, decoded lazily in JavaFX's background loader at thumbnail size (the
 * loader scales while decoding, so a folder of large photos stays cheap) and kept in a bounded LRU
 * cache. Only the cells on screen ask for thumbnails, so scrolling through thousands of images decodes
 * only what is seen. UI thread only.
 */
public final class ThumbnailCache {

  private final int size;
  private final Map<Path, Image> cache;

  /**
   * @param size the thumbnails' bounding box in pixels
   * @param capacity how many thumbnails to keep
   */
  public ThumbnailCache(int size, int capacity) {
    this.size = size;
    this.cache = new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Path, Image> eldest) {
        if (size() > capacity) {
          // Stop a decode nobody will see (scrolled past quickly).
          eldest.getValue().cancel();
          return true;
        }
        return false;
      }
    };
  }

  /** The thumbnail of {@code file}, possibly still loading ({@link Image#progressProperty()}). */
  public Image get(Path file) {
    Image image = cache.get(file);
    if (image == null || image.isError()) {
      image = new Image(file.toUri().toString(), size, size, true, true, true);
      cache.put(file, image);
    }
    return image;
  }
}
