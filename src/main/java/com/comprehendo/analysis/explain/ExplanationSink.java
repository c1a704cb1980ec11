package com.comprehendo.analysis.explain;

import java.io.IOException;

/**
 * Receives each image's explanation as soon as it is done, on the explaining thread: a results folder
 * ({@link ResultsFolder}), the explorer's cache, a cluster job's collector.
 */
@FunctionalInterface
public interface ExplanationSink {

  /**
   * Takes one result.
   *
   * @throws IOException when it cannot be kept (a full disk): the run stops
   */
  void accept(ImageExplanation explanation) throws IOException;
}
