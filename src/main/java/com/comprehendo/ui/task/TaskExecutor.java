package com.comprehendo.ui.task;

/**
 * Runs {@link BackgroundTask}s away from the UI thread and delivers their callbacks on it (JabRef's
 * {@code TaskExecutor}). View-models get one injected, so tests can run everything synchronously with
 * {@link CurrentThreadTaskExecutor}.
 */
public interface TaskExecutor extends AutoCloseable {

  /** Queues {@code task}; its callbacks run on the UI thread. */
  <V> TaskHandle execute(BackgroundTask<V> task);

  /**
   * Whether tasks are queued behind the one running. Long jobs that can be resumed (a dataset's
   * predictions) poll it to step aside for interactive work; thread-safe. Executors that run each task
   * at once have no queue and answer false.
   */
  default boolean hasWaitingWork() {
    return false;
  }

  /** Stops accepting work; what is queued still runs (owners cancel their jobs before). */
  @Override
  void close();
}
