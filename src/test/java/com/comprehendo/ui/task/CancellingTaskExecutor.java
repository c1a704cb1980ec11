package com.comprehendo.ui.task;

import java.util.concurrent.CancellationException;

/**
 * For tests of what cancelled work leaves behind: runs each task on the calling thread as {@link
 * CurrentThreadTaskExecutor} does, but as if it was cancelled, either while it ran ({@link
 * #whileRunning}: the work sees {@link TaskContext#isCancelled()}) or just after it returned ({@link
 * #afterItReturned}: its value is dropped, as a cancelled JavaFX task drops it). Callbacks run on the
 * calling thread; no success callback ever runs.
 */
public final class CancellingTaskExecutor implements TaskExecutor {

  private final boolean seenByTheWork;
  private final TaskExecutor others = new CurrentThreadTaskExecutor();
  private final String cancelledTitlePrefix;

  private CancellingTaskExecutor(boolean seenByTheWork, String cancelledTitlePrefix) {
    this.seenByTheWork = seenByTheWork;
    this.cancelledTitlePrefix = cancelledTitlePrefix;
  }

  /** Cancels tasks whose title starts with {@code titlePrefix} while their work runs; others run normally. */
  public static CancellingTaskExecutor whileRunning(String titlePrefix) {
    return new CancellingTaskExecutor(true, titlePrefix);
  }

  /** Cancels tasks whose title starts with {@code titlePrefix} just after their work returned. */
  public static CancellingTaskExecutor afterItReturned(String titlePrefix) {
    return new CancellingTaskExecutor(false, titlePrefix);
  }

  @Override
  public <V> TaskHandle execute(BackgroundTask<V> task) {
    if (!task.title().startsWith(cancelledTitlePrefix)) {
      return others.execute(task);
    }
    TaskContext context = new TaskContext() {
      @Override
      public boolean isCancelled() {
        return seenByTheWork;
      }

      @Override
      public void updateProgress(long done, long total) {}

      @Override
      public void updateMessage(String message) {}

      @Override
      public void publish(Runnable uiUpdate) {
        uiUpdate.run();
      }
    };
    try {
      task.work().run(context); // the value, if any, is dropped
    } catch (CancellationException e) {
      // cancelled, as asked
    } catch (Exception e) {
      task.fireFailed(e);
      return TaskHandle.NONE;
    }
    task.fireCancelled();
    return TaskHandle.NONE;
  }

  @Override
  public void close() {}
}
