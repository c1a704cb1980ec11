package com.comprehendo.ui.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link BackgroundTask}s as {@link javafx.concurrent.Task}s on one daemon worker thread, in
 * submission order (JabRef's {@code UiTaskExecutor}).
 *
 * <p>One thread on purpose: the model is used by one job at a time (the engine serializes gradient
 * work JVM-wide anyway), and a queue keeps a cancelled job's last batch from overlapping the next job.
 * Cancelling is cooperative ({@code cancel(false)}): interrupting a thread inside libtorch or NIO can
 * leave native or channel state broken, so the work polls {@link TaskContext#isCancelled()} instead.
 */
public final class UiTaskExecutor implements TaskExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(UiTaskExecutor.class);

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final ThreadPoolExecutor executor;
  private final List<Task<?>> live = new ArrayList<>();

  /** @param threadName the worker's name, seen in thread dumps and logs */
  public UiTaskExecutor(String threadName) {
    AtomicInteger count = new AtomicInteger();
    // A single-thread executor whose queue can be inspected (hasWaitingWork).
    this.executor =
        new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, queue,
            runnable -> {
              Thread thread = new Thread(runnable, threadName + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public <V> TaskHandle execute(BackgroundTask<V> backgroundTask) {
    Task<V> task = wrap(backgroundTask);
    synchronized (live) {
      live.add(task);
    }
    executor.execute(task);
    return new TaskHandle() {
      @Override
      public void cancel() {
        task.cancel(false);
      }

      @Override
      public boolean isDone() {
        return task.isDone();
      }
    };
  }

  @Override
  public boolean hasWaitingWork() {
    return !queue.isEmpty();
  }

  private <V> Task<V> wrap(BackgroundTask<V> backgroundTask) {
    Task<V> task =
        new Task<>() {
          private final TaskContext context =
              new TaskContext() {
                @Override
                public boolean isCancelled() {
                  return isCancelledTask();
                }

                @Override
                public void updateProgress(long done, long total) {
                  updateProgressTask(done, total);
                }

                @Override
                public void updateMessage(String message) {
                  updateMessageTask(message);
                }

                @Override
                public void publish(Runnable uiUpdate) {
                  Platform.runLater(
                      () -> {
                        if (!isCancelledTask()) {
                          uiUpdate.run();
                        }
                      });
                }
              };

          @Override
          protected V call() throws Exception {
            return backgroundTask.work().run(context);
          }

          private boolean isCancelledTask() {
            return isCancelled();
          }

          private void updateProgressTask(long done, long total) {
            updateProgress(done, total);
          }

          private void updateMessageTask(String message) {
            updateMessage(message);
          }
        };
    task.progressProperty().addListener((obs, old, value) -> backgroundTask.setProgress(value.doubleValue()));
    task.messageProperty().addListener((obs, old, value) -> backgroundTask.setMessage(value));
    task.stateProperty()
        .addListener(
            (obs, old, state) -> {
              if (state == Worker.State.RUNNING) {
                backgroundTask.fireRunning();
              }
            });
    task.setOnSucceeded(event -> finish(task, () -> backgroundTask.fireSucceeded(task.getValue())));
    task.setOnCancelled(event -> finish(task, backgroundTask::fireCancelled));
    task.setOnFailed(
        event -> {
          Throwable error = task.getException();
          if (error instanceof CancellationException) {
            finish(task, backgroundTask::fireCancelled);
          } else {
            LOG.warn("{} failed", backgroundTask.title(), error);
            finish(task, () -> backgroundTask.fireFailed(error));
          }
        });
    return task;
  }

  private void finish(Task<?> task, Runnable callback) {
    synchronized (live) {
      live.remove(task);
    }
    callback.run();
  }

  /** Cancels every task still queued or running; the worker finishes its current step and idles. */
  public void cancelAll() {
    List<Task<?>> running;
    synchronized (live) {
      running = new ArrayList<>(live);
    }
    running.forEach(task -> task.cancel(false));
  }

  /**
   * Stops accepting work. Tasks already queued still run (e.g. closing a model after the job that used
   * it); owners cancel their own jobs first. The worker is a daemon, so it never holds up exit.
   */
  @Override
  public void close() {
    executor.shutdown();
  }

  /** After {@link #close()}: waits until the queued work has finished; false on timeout. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return executor.awaitTermination(timeout, unit);
  }
}
