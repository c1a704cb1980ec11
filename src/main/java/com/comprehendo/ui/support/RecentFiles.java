package com.comprehendo.ui.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The recently opened models and folders, remembered across runs with {@link Preferences}. */
public final class RecentFiles {

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
    // No flush here: this runs on the UI thread, and the preferences store writes itself to disk in
    // the background and at exit. A read-only home only loses the list.
    node.put(key, String.join("\n", paths.stream().map(Path::toString).toList()));
  }
}
