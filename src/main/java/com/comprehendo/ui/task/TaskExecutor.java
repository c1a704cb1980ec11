package com.comprehendo.ui.task;

/**
 * Runs {@link BackgroundTask}s away from the UI thread and delivers their callbacks on it (JabRef's
 * {@code TaskExecutor}). View-models get one injected, so tests can run everything synchronously with
 * {@link CurrentThreadTaskExecutor}.
 */
public interface TaskExecutor extends AutoCloseable {

  /** Queues {@code task}; its callbacks run on the UI thread. */
  <V> TaskHandle execute(BackgroundTask<V> task);

  /** Stops accepting work; what is queued still runs (owners cancel their jobs before). */
  @Override
  void close();
}
