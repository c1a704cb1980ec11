package com.comprehendo.ui.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Messages for the user, shown as banners over the window rather than modal dialogs, so a failure
 * never blocks the explorer. View-models add; the main window shows and dismisses. UI thread only.
 */
public final class Notices {

  /** How a notice is styled. */
  public enum Severity {
    INFO,
    WARNING,
    ERROR
  }

  /**
   * One message.
   *
   * @param severity its kind
   * @param title a short headline, e.g. "Cannot open model.pt"
   * @param message what happened and what to do
   * @param fades whether it goes away on its own (information, and problems with single files)
   */
  public record Notice(Severity severity, String title, String message, boolean fades) {

    public Notice(Severity severity, String title, String message) {
      this(severity, title, message, severity == Severity.INFO);
    }
  }

  private static final int MAX_SHOWN = 4;
  /** Files named in a collected notice; the rest are counted. */
  static final int FILES_NAMED = 3;

  /** Problems with single files, by kind ("Cannot read"): file name to reason, the latest last. */
  private final Map<String, LinkedHashMap<String, String>> fileProblems = new HashMap<>();
  private final Map<String, Notice> fileNotices = new HashMap<>();

  private final ObservableList<Notice> items = FXCollections.observableArrayList();

  public ObservableList<Notice> items() {
    return items;
  }

  public void error(String title, String message) {
    add(new Notice(Severity.ERROR, title, message));
  }

  /** An error from a failure, described by {@link ErrorMessages}. */
  public void error(String title, Throwable error) {
    error(title, ErrorMessages.describe(error));
  }

  public void warning(String title, String message) {
    add(new Notice(Severity.WARNING, title, message));
  }

  public void info(String title, String message) {
    add(new Notice(Severity.INFO, title, message));
  }

  /**
   * A problem with one file (an unreadable image, a model failure on one image): the problems of one
   * kind collect in one notice that names the last few files and counts the rest ("Cannot read 7
   * images"), and it fades, since the explorer goes on and each file keeps its own mark in the lists.
   *
   * @param kind what went wrong, as a headline's start, e.g. "Cannot read"
   */
  public void fileProblem(String kind, String fileName, String reason) {
    LinkedHashMap<String, String> problems = fileProblems.computeIfAbsent(kind, k -> new LinkedHashMap<>());
    problems.remove(fileName);
    problems.put(fileName, reason);
    List<Map.Entry<String, String>> latest = new ArrayList<>(problems.entrySet());
    Collections.reverse(latest);
    StringBuilder message = new StringBuilder();
    for (Map.Entry<String, String> problem : latest.subList(0, Math.min(FILES_NAMED, latest.size()))) {
      message.append(message.length() == 0 ? "" : "\n").append(problem.getKey()).append(": ").append(problem.getValue());
    }
    if (latest.size() > FILES_NAMED) {
      message.append("\nand ").append(latest.size() - FILES_NAMED).append(" more");
    }
    String title = problems.size() == 1 ? kind + " " + fileName : kind + " " + problems.size() + " images";
    Notice notice = new Notice(Severity.ERROR, title, message.toString(), true);
    Notice previous = fileNotices.put(kind, notice);
    if (previous != null) {
      items.remove(previous);
    }
    add(notice);
  }

  public void dismiss(Notice notice) {
    items.remove(notice);
    // A collected notice closed or faded: the next problem of its kind starts a new count.
    fileNotices.entrySet().removeIf(entry -> {
      boolean gone = entry.getValue().equals(notice);
      if (gone) {
        fileProblems.remove(entry.getKey());
      }
      return gone;
    });
  }

  private void add(Notice notice) {
    items.remove(notice);
    items.add(notice);
    while (items.size() > MAX_SHOWN) {
      items.remove(0);
    }
  }
}
