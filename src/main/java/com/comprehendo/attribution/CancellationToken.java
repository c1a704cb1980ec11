package com.comprehendo.attribution;

/**
 * Polled by attribution methods between batches; a cancelled job stops at the next batch boundary,
 * frees its native memory and throws {@link AttributionCancelledException}.
 */
@FunctionalInterface
public interface CancellationToken {

  /** A token that is never cancelled. */
  CancellationToken NONE = () -> false;

  boolean isCancelled();

  /** Throws {@link AttributionCancelledException} if cancelled. */
  default void throwIfCancelled() {
    if (isCancelled()) {
      throw new AttributionCancelledException();
    }
  }
}
