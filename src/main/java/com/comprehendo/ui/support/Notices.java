package com.comprehendo.ui.support;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Messages for the user, shown as banners over the window rather than modal dialogs, so a failure
 * never blocks the explorer. View-models add; the main window shows and dismisses. UI thread only.
 */
public final class Notices {

  /** How a notice is styled; info notices disappear on their own. */
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
   */
  public record Notice(Severity severity, String title, String message) {}

  private static final int MAX_SHOWN = 4;

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

  public void dismiss(Notice notice) {
    items.remove(notice);
  }

  private void add(Notice notice) {
    items.remove(notice);
    items.add(notice);
    while (items.size() > MAX_SHOWN) {
      items.remove(0);
    }
  }
}
