package com.comprehendo.ui.task;

/**
 * What a piece of background work sees of its surroundings: whether it was cancelled, where to report
 * progress, and how to hand intermediate results to the UI thread. Implementations are thread-safe.
 */
public interface TaskContext {

  /** Whether the user (or a newer job) cancelled this work; long loops poll it between steps. */
  boolean isCancelled();

  /** Reports progress; shown as a fraction. Coalesced, so it may be called often. */
  void updateProgress(long done, long total);

  /** A one-line status for the progress display. */
  void updateMessage(String message);

  /**
   * Runs {@code uiUpdate} on the UI thread (later, in order), e.g. to show each comparison panel as
   * soon as it is computed. Not run when the work was cancelled in between.
   */
  void publish(Runnable uiUpdate);
}
