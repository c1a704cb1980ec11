package com.comprehendo.job;

/**
 * Receives progress in model passes (one image through forward, or forward and backward), the unit
 * whose count is the cost of a method. Called on the computing thread after each batch.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (done, total) -> {};

  /**
   * @param donePasses passes finished so far
   * @param totalPasses passes the whole job takes
   */
  void onProgress(long donePasses, long totalPasses);
}
