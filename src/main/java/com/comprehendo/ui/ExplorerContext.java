package com.comprehendo.ui;

import com.comprehendo.analysis.ExplainerFactory;
import com.comprehendo.ui.support.RecentFiles;
import com.comprehendo.ui.task.TaskExecutor;
import java.util.Objects;

/**
 * What the explorer's view-models are built with, so tests can swap each part: the worker for model
 * work (one thread: loading, predictions and attributions, in order), the worker for file work
 * (folder scans, image decoding, exports), how models are opened, and where recent files live.
 *
 * @param modelExecutor runs everything that touches the model
 * @param ioExecutor runs file work, so decoding never queues behind an attribution
 * @param explainers opens model files
 * @param recentFiles remembers opened models and folders
 */
public record ExplorerContext(
    TaskExecutor modelExecutor, TaskExecutor ioExecutor, ExplainerFactory explainers,
    RecentFiles recentFiles) {

  public ExplorerContext {
    Objects.requireNonNull(modelExecutor, "modelExecutor");
    Objects.requireNonNull(ioExecutor, "ioExecutor");
    Objects.requireNonNull(explainers, "explainers");
    Objects.requireNonNull(recentFiles, "recentFiles");
  }

  /** Shorthand used by tests: the same executor for both kinds of work. */
  public static ExplorerContext of(TaskExecutor executor, ExplainerFactory explainers, RecentFiles recentFiles) {
    return new ExplorerContext(executor, executor, explainers, recentFiles);
  }
}
