package com.comprehendo.ui.task;

/** The running (or queued) instance of a {@link BackgroundTask}, kept by whoever may cancel it. */
public interface TaskHandle {

  /** A handle for work that never started (nothing to cancel). */
  TaskHandle NONE =
      new TaskHandle() {
        @Override
        public void cancel() {}

        @Override
        public boolean isDone() {
          return true;
        }
      };

  /**
   * Asks the work to stop. Cooperative: the work sees {@link TaskContext#isCancelled()} at its next
   * check (for an attribution, the next batch); its cancel callback runs on the UI thread.
   */
  void cancel();

  /** Whether the work has finished, failed or been cancelled. Call on the UI thread. */
  boolean isDone();
}
