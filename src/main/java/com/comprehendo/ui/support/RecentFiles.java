package com.comprehendo.ui.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The recently opened models and folders, remembered across runs with {@link Preferences}. */
public final class RecentFiles {

  private static final Logger LOG = LoggerFactory.getLogger(RecentFiles.class);
  private static final int MAX_ENTRIES = 8;
  private static final String MODELS = "recentModels";
  private static final String FOLDERS = "recentFolders";

  private final Preferences node;

  /** @param node where to keep the lists; tests pass a throwaway node */
  public RecentFiles(Preferences node) {
    this.node = node;
  }

  /** The user's node for the explorer. */
  public static RecentFiles forUser() {
    return new RecentFiles(Preferences.userRoot().node("com/comprehendo/explorer"));
  }

  public List<Path> models() {
    return read(MODELS);
  }

  public List<Path> folders() {
    return read(FOLDERS);
  }

  public void addModel(Path file) {
    add(MODELS, file);
  }

  public void addFolder(Path folder) {
    add(FOLDERS, folder);
  }

  public void clear() {
    node.remove(MODELS);
    node.remove(FOLDERS);
    flush();
  }

  private List<Path> read(String key) {
    List<Path> paths = new ArrayList<>();
    for (String line : node.get(key, "").split("\n")) {
      if (!line.isBlank()) {
        paths.add(Path.of(line));
      }
    }
    return paths;
  }

  private void add(String key, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    List<Path> paths = read(key);
    paths.remove(absolute);
    paths.add(0, absolute);
    while (paths.size() > MAX_ENTRIES) {
      paths.remove(paths.size() - 1);
    }
    node.put(key, String.join("\n", paths.stream().map(Path::toString).toList()));
    flush();
  }

  private void flush() {
    try {
      node.flush();
    } catch (BackingStoreException e) {
      // Remembering recent files is a convenience; a read-only home must not break the explorer.
      LOG.debug("cannot store recent files", e);
    }
  }
}
