package com.comprehendo.ui.task;

/**
 * Runs {@link BackgroundTask}s away from the UI thread and delivers their callbacks on it (JabRef's
 * {@code TaskExecutor}). View-models get one injected, so tests can run everything synchronously with
 * {@link CurrentThreadTaskExecutor}.
 */
public interface TaskExecutor extends AutoCloseable {

  /** Queues {@code task} as interactive work (someone waits for it); its callbacks run on the UI thread. */
  <V> TaskHandle execute(BackgroundTask<V> task);

  /**
   * Queues {@code task} as background work: it runs only when no interactive work is queued, behind
   * interactive work queued after it. For long resumable jobs (a dataset's predictions, in chunks), so
   * that a click never waits behind them for more than the step the job is in. Executors without a
   * queue run it as {@link #execute} does.
   */
  default <V> TaskHandle executeInBackground(BackgroundTask<V> task) {
    return execute(task);
  }

  /**
   * Whether interactive tasks are queued behind the one running (or a chain's next link is about to
   * queue one, {@link BackgroundTask#then}). Long background jobs poll it to step aside; thread-safe.
   * Executors that run each task at once have no queue and answer false.
   */
  default boolean hasWaitingWork() {
    return false;
  }

  /** Stops accepting work; what is queued still runs (owners cancel their jobs before). */
  @Override
  void close();
}
