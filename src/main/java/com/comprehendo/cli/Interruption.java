package com.comprehendo.cli;

import com.comprehendo.job.CancellationToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl+C (or SIGTERM) during a command: the JVM must not exit while libtorch runs a pass on the main
 * thread, or it crashes (SIGSEGV, exit 134 and an hs_err file in the working folder, seen with {@code
 * attribute} on ResNet-34). A shutdown hook sets {@link #TOKEN}, which the commands' model work polls
 * between batches, and waits until the command has let go of the model.
 */
final class Interruption {

  /** Fires once the process is asked to stop. */
  static final CancellationToken TOKEN = Interruption::requested;

  /** The longest a stop request waits for the current pass (a ResNet-34 gradient batch is about a second). */
  private static final long WAIT_SECONDS = 30;

  private static volatile boolean requested;
  private static final CountDownLatch workDone = new CountDownLatch(1);

  private Interruption() {}

  static boolean requested() {
    return requested;
  }

  /** Runs {@code command} so that a stop request waits for it to stop at its next batch. */
  static int guard(java.util.function.IntSupplier command) {
    Thread hook = new Thread(() -> {
      requested = true;
      try {
        workDone.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "comprehendo-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return command.getAsInt();
    } finally {
      workDone.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it returns now that the work is done.
      }
    }
  }
}
