package com.comprehendo.ui.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * The recently opened models and folders, and the folder of the last export, remembered across runs
 * with {@link Preferences}.
 */
public final class RecentFiles {

  private static final int MAX_ENTRIES = 8;
  private static final String MODELS = "recentModels";
  private static final String FOLDERS = "recentFolders";
  private static final String EXPORT_FOLDER = "exportFolder";

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

  /**
   * Where a save dialog starts: the folder of the last export, at first the user's home (never the
   * dataset's folder, which may be inside a repository).
   */
  public Path exportFolder() {
    String last = node.get(EXPORT_FOLDER, "");
    return last.isEmpty() ? Path.of(System.getProperty("user.home")) : Path.of(last);
  }

  /** Remembers {@code file}'s folder for the next save dialog. */
  public void rememberExport(Path file) {
    Path folder = file.toAbsolutePath().normalize().getParent();
    if (folder != null) {
      node.put(EXPORT_FOLDER, folder.toString());
    }
  }

  public void clear() {
    node.remove(MODELS);
    node.remove(FOLDERS);
    node.remove(EXPORT_FOLDER);
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
