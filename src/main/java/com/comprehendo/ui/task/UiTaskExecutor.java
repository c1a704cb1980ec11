package com.comprehendo.ui.task;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link BackgroundTask}s as {@link javafx.concurrent.Task}s on one daemon worker thread (JabRef's
 * {@code UiTaskExecutor}): interactive tasks in submission order, background tasks only when no
 * interactive task is queued.
 *
 * <p>One thread on purpose: the model is used by one job at a time (the engine serializes gradient
 * work JVM-wide anyway), and a queue keeps a cancelled job's last batch from overlapping the next job.
 * Cancelling is cooperative ({@code cancel(false)}): interrupting a thread inside libtorch or NIO can
 * leave native or channel state broken, so the work polls {@link TaskContext#isCancelled()} instead.
 *
 * <p>Interactive work often comes in chains that hop through the UI thread (an image's prediction, then
 * its attribution, queued from the prediction's callback). A chained task ({@link BackgroundTask#then})
 * holds background work from the end of its work until its next link has run on the UI thread, however
 * busy that thread is, so that a background task does not take the worker in that gap and make the next
 * link wait for one of its steps (a batch of ResNet-34 predictions is about a second on a laptop CPU).
 * Besides, a background task waits {@link #INTERACTIVE_GRACE_NANOS} after the last interactive task
 * before it starts, for follow-ups that nobody chained (a click right after a result).
 */
public final class UiTaskExecutor implements TaskExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(UiTaskExecutor.class);

  /** How long background work lets the worker idle after interactive work, for a follow-up to arrive. */
  static final long INTERACTIVE_GRACE_NANOS = 150_000_000L;

  /** A chain whose next link never runs (the UI thread has stopped) stops holding background work after this. */
  static final long CHAIN_LAPSES_NANOS = 5_000_000_000L;

  private static final long GRACE_POLL_MILLIS = 10;

  private final PriorityBlockingQueue<Runnable> queue = new PriorityBlockingQueue<>();
  private final ThreadPoolExecutor executor;
  private final List<Task<?>> live = new ArrayList<>();
  private final AtomicLong submitted = new AtomicLong();
  private volatile long interactiveEndedNanos = System.nanoTime() - INTERACTIVE_GRACE_NANOS;
  /** Chained tasks whose work has ended but whose next link has not run yet, and when the last ended. */
  private final AtomicInteger openChains = new AtomicInteger();
  private volatile long chainOpenedNanos;

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
    return submit(backgroundTask, false);
  }

  @Override
  public <V> TaskHandle executeInBackground(BackgroundTask<V> backgroundTask) {
    return submit(backgroundTask, true);
  }

  private <V> TaskHandle submit(BackgroundTask<V> backgroundTask, boolean background) {
    Task<V> task = wrap(backgroundTask);
    synchronized (live) {
      live.add(task);
    }
    executor.execute(new Queued(task, backgroundTask.title(), background, submitted.incrementAndGet()));
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
    if (openChains.get() > 0 && System.nanoTime() - chainOpenedNanos < CHAIN_LAPSES_NANOS) {
      return true;
    }
    return hasQueuedInteractiveWork();
  }

  private boolean hasQueuedInteractiveWork() {
    for (Runnable waiting : queue) {
      if (!((Queued) waiting).background) {
        return true;
      }
    }
    return false;
  }

  /** A task in the queue: interactive before background, then in submission order. */
  private final class Queued implements Runnable, Comparable<Queued> {
    private final Task<?> task;
    private final String title;
    private final boolean background;
    private final long order;
    private final long queuedNanos = System.nanoTime();

    Queued(Task<?> task, String title, boolean background, long order) {
      this.task = task;
      this.title = title;
      this.background = background;
      this.order = order;
    }

    @Override
    public void run() {
      if (background && !task.isDone() && !graceOver()) {
        // Interactive work arrived during the grace: it goes first, this one stays queued behind it.
        queue.add(this);
        return;
      }
      long started = System.nanoTime();
      try {
        task.run();
      } finally {
        long ended = System.nanoTime();
        if (!background) {
          interactiveEndedNanos = ended;
        }
        if (LOG.isDebugEnabled()) {
          LOG.debug("{}{}: {} s (queued {} s before)", title, background ? " (background)" : "",
              String.format(Locale.ROOT, "%.3f", (ended - started) / 1e9),
              String.format(Locale.ROOT, "%.3f", (started - queuedNanos) / 1e9));
        }
      }
    }

    /**
     * Waits out the grace after interactive work, and open chains; false when interactive work is
     * queued meanwhile.
     */
    private boolean graceOver() {
      while (System.nanoTime() - interactiveEndedNanos < INTERACTIVE_GRACE_NANOS || hasWaitingWork()) {
        if (hasQueuedInteractiveWork()) {
          return false;
        }
        try {
          Thread.sleep(GRACE_POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return true;
        }
      }
      return !hasQueuedInteractiveWork();
    }

    @Override
    public int compareTo(Queued other) {
      return background != other.background ? Boolean.compare(background, other.background)
          : Long.compare(order, other.order);
    }
  }

  private <V> Task<V> wrap(BackgroundTask<V> backgroundTask) {
    // Opened on the worker as the work ends (before the worker can take anything else), closed on the UI
    // thread once the outcome's callbacks, the next link included, have run.
    AtomicBoolean chainOpen = new AtomicBoolean();
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
            V value = backgroundTask.work().run(context);
            if (backgroundTask.isChained() && !isCancelled() && chainOpen.compareAndSet(false, true)) {
              chainOpenedNanos = System.nanoTime();
              openChains.incrementAndGet();
            }
            return value;
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
    task.setOnSucceeded(event -> finish(task, chainOpen, () -> backgroundTask.fireSucceeded(task.getValue())));
    task.setOnCancelled(event -> finish(task, chainOpen, backgroundTask::fireCancelled));
    task.setOnFailed(
        event -> {
          Throwable error = task.getException();
          if (error instanceof CancellationException) {
            finish(task, chainOpen, backgroundTask::fireCancelled);
          } else {
            logFailure(backgroundTask.title(), error);
            finish(task, chainOpen, () -> backgroundTask.fireFailed(error));
          }
        });
    return task;
  }

  private void finish(Task<?> task, AtomicBoolean chainOpen, Runnable callback) {
    synchronized (live) {
      live.remove(task);
    }
    try {
      callback.run();
    } finally {
      if (chainOpen.compareAndSet(true, false)) {
        openChains.decrementAndGet();
      }
    }
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

  /**
   * A checked exception (a file that cannot be read, a model that is not TorchScript, a dataset's bad
   * labels) is the user's to fix and is shown to them as a notice: one line in the log, its stack trace
   * only at debug level. An unchecked one may be a defect: logged with its stack trace.
   */
  private static void logFailure(String title, Throwable error) {
    boolean expected = (error instanceof Exception && !(error instanceof RuntimeException))
        || error instanceof UncheckedIOException;
    if (expected) {
      LOG.warn("{} failed: {}", title, error.getMessage());
      LOG.debug("{} failed", title, error);
    } else {
      LOG.warn("{} failed", title, error);
    }
  }
}
