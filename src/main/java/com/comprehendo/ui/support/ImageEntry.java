package com.comprehendo.ui.support;

import java.nio.file.Path;

/**
 * An image found in the opened folder.
 *
 * @param path the file
 * @param relativePath its path below the opened folder, with '/' separators
 * @param label the name of its parent folder below the opened one (datasets laid out as {@code
 *     <label>/<image>} carry the true class this way); empty for images at the top
 */
public record ImageEntry(Path path, String relativePath, String label) {

  public String fileName() {
    return path.getFileName().toString();
  }
}
