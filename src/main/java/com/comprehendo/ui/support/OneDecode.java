package com.comprehendo.ui.support;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One decoding of an image wanted by two workers: the file worker, to show it, and the model worker,
 * to predict it. Whichever asks first decodes; the other waits for that result instead of decoding
 * again. So a click shows its image at once while the model worker finishes another pass, and when the
 * file worker is still busy (at start-up, with a decoding made before the model arrived) the model
 * worker decodes and predicts without waiting for it. Thread-safe.
 */
public final class OneDecode {

  private static final long POLL_MILLIS = 20;

  /** The decoding itself, e.g. {@code () -> ImageInput.load(file, preprocessing)}. */
  @FunctionalInterface
  public interface Decoding {
    PreparedImage decode() throws Exception;
  }

  private final Decoding decoding;
  private final CompletableFuture<PreparedImage> result = new CompletableFuture<>();
  private final AtomicBoolean claimed = new AtomicBoolean();

  public OneDecode(Decoding decoding) {
    this.decoding = decoding;
  }

  /**
   * The decoded image: decoded here if no one has started, else the other caller's result.
   *
   * @param cancelled polled while waiting for the other caller
   * @throws CancellationException when {@code cancelled} turned true while waiting
   * @throws Exception what the decoding threw (to both callers)
   */
  public PreparedImage get(BooleanSupplier cancelled) throws Exception {
    if (claimed.compareAndSet(false, true)) {
      try {
        PreparedImage prepared = decoding.decode();
        result.complete(prepared);
        return prepared;
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
        throw e;
      }
    }
    while (!cancelled.getAsBoolean()) {
      try {
        return result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // poll for cancellation again
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw (Error) e.getCause();
      }
    }
    throw new CancellationException();
  }
}
