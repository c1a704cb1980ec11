package com.comprehendo.job;

/**
 * Polled by attribution methods between batches; a cancelled job stops at the next batch boundary,
 * frees its native memory and throws {@link CancelledException}.
 */
@FunctionalInterface
public interface CancellationToken {

  /** A token that is never cancelled. */
  CancellationToken NONE = () -> false;

  boolean isCancelled();

  /** Throws {@link CancelledException} if cancelled. */
  default void throwIfCancelled() {
    if (isCancelled()) {
      throw new CancelledException();
    }
  }
}
