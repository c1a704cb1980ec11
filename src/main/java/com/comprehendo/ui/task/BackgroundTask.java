package com.comprehendo.ui.task;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A unit of background work with its UI callbacks, independent of how it is run (JabRef's {@code
 * BackgroundTask}). The work runs on a worker thread; every callback, and every change of {@link
 * #progressProperty()} and {@link #messageProperty()}, happens on the UI thread.
 *
 * <pre>{@code
 * executor.execute(BackgroundTask.of("Loading model", context -> load(file))
 *     .onSuccess(model::set)
 *     .onFailure(error -> notices.error("Cannot open the model", error)));
 * }</pre>
 *
 * <p>Work that follows from this work is chained with {@link #then}: the image's prediction, then the
 * attribution that its result starts. The executor keeps background work (a dataset's predictions)
 * from taking the worker between the two links.
 *
 * @param <V> what the work returns
 */
public final class BackgroundTask<V> {

  /** The work itself; it may throw, and should poll {@link TaskContext#isCancelled()} in loops. */
  @FunctionalInterface
  public interface Work<V> {
    V run(TaskContext context) throws Exception;
  }

  private final String title;
  private final Work<V> work;
  private Consumer<V> onSuccess = value -> {};
  private Consumer<V> then;
  private Consumer<Throwable> onFailure = error -> {};
  private Runnable onCancelled = () -> {};
  private Runnable onFinished = () -> {};
  private final DoubleProperty progress = new SimpleDoubleProperty(-1);
  private final StringProperty message = new SimpleStringProperty("");

  private BackgroundTask(String title, Work<V> work) {
    this.title = Objects.requireNonNull(title, "title");
    this.work = Objects.requireNonNull(work, "work");
  }

  /** A task named {@code title} (shown in progress displays and logs) that runs {@code work}. */
  public static <V> BackgroundTask<V> of(String title, Work<V> work) {
    return new BackgroundTask<>(title, work);
  }

  public String title() {
    return title;
  }

  Work<V> work() {
    return work;
  }

  public BackgroundTask<V> onSuccess(Consumer<V> callback) {
    onSuccess = Objects.requireNonNull(callback);
    return this;
  }

  /**
   * Chains the next link (JabRef's {@code then}): on success, after {@link #onSuccess}, {@code next}
   * gets the value on the UI thread and queues the work that follows, on this task's executor (or lets
   * a view-model that listens do so: showing a prediction starts its attribution). Unlike JabRef's, the
   * next link is made on the UI thread, because what follows depends on UI state (the method, its
   * settings, the target). Background work does not start between the end of this task's work and the
   * end of {@code next}, so the chain runs without a dataset batch (seconds) in between.
   */
  public BackgroundTask<V> then(Consumer<V> next) {
    then = Objects.requireNonNull(next);
    return this;
  }

  /** Whether work follows this task's success ({@link #then}). */
  boolean isChained() {
    return then != null;
  }

  public BackgroundTask<V> onFailure(Consumer<Throwable> callback) {
    onFailure = Objects.requireNonNull(callback);
    return this;
  }

  public BackgroundTask<V> onCancelled(Runnable callback) {
    onCancelled = Objects.requireNonNull(callback);
    return this;
  }

  /** Called last, whatever the outcome. */
  public BackgroundTask<V> onFinished(Runnable callback) {
    onFinished = Objects.requireNonNull(callback);
    return this;
  }

  /** Progress 0..1, or -1 while unknown. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  public ReadOnlyStringProperty messageProperty() {
    return message;
  }

  // Executors deliver the outcome through these, on the UI thread.

  void setProgress(double value) {
    progress.set(value);
  }

  void setMessage(String value) {
    message.set(value);
  }

  void fireSucceeded(V value) {
    try {
      onSuccess.accept(value);
      if (then != null) {
        then.accept(value);
      }
    } finally {
      onFinished.run();
    }
  }

  void fireFailed(Throwable error) {
    try {
      onFailure.accept(error);
    } finally {
      onFinished.run();
    }
  }

  void fireCancelled() {
    try {
      onCancelled.run();
    } finally {
      onFinished.run();
    }
  }
}
