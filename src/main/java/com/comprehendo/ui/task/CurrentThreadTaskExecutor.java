package com.comprehendo.ui.task;

import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task to the end inside {@link #execute}, on the calling thread, callbacks included
 * (JabRef's {@code CurrentThreadTaskExecutor}): view-model tests become deterministic and need no
 * JavaFX toolkit.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(CurrentThreadTaskExecutor.class);

  private int executed;

  @Override
  public <V> TaskHandle execute(BackgroundTask<V> task) {
    executed++;
    boolean[] cancelled = {false};
    TaskContext context =
        new TaskContext() {
          @Override
          public boolean isCancelled() {
            return cancelled[0];
          }

          @Override
          public void updateProgress(long done, long total) {
            task.setProgress(total <= 0 ? -1 : (double) done / total);
          }

          @Override
          public void updateMessage(String message) {
            task.setMessage(message);
          }

          @Override
          public void publish(Runnable uiUpdate) {
            uiUpdate.run();
          }
        };
    V value;
    try {
      value = task.work().run(context);
    } catch (CancellationException e) {
      task.fireCancelled();
      return TaskHandle.NONE;
    } catch (Exception | Error e) {
      LOG.debug("{} failed", task.title(), e);
      task.fireFailed(e);
      return TaskHandle.NONE;
    }
    task.fireSucceeded(value);
    return TaskHandle.NONE;
  }

  /** How many tasks ran, for tests that check that work was (not) repeated. */
  public int executedCount() {
    return executed;
  }

  @Override
  public void close() {}
}
