package com.comprehendo.ui.service;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What identifies one computed attribution within a model session: the image, the explained class
 * and the configured method. Used as the cache key, so going back to an image is instant.
 *
 * @param image the image file
 * @param target the class index explained
 * @param method the method and its parameters
 */
public record AttributionKey(Path image, int target, MethodChoice method) {

  public AttributionKey {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(method, "method");
    if (target < 0) {
      throw new IllegalArgumentException("target must be a class index, got " + target);
    }
  }
}
