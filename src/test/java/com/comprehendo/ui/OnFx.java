package com.comprehendo.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** For tests that drive the explorer's view-models with the real (threaded) executors. */
final class OnFx {

  private OnFx() {}

  /** Runs {@code read} on the JavaFX thread and returns its value. */
  static <T> T fx(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Runs {@code action} on the JavaFX thread and waits for it. */
  static void onFx(Runnable action) {
    fx(() -> {
      action.run();
      return null;
    });
  }

  /** Waits until {@code condition}, read on the JavaFX thread, holds; fails after {@code seconds}. */
  static void waitUntil(String what, long seconds, Callable<Boolean> condition) {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting until " + what, e);
    }
  }
}
