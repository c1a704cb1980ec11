package com.comprehendo.model;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes gradient work: DJL's PyTorch engine allows one open gradient collector per JVM (a second
 * one throws), so every backward pass in the application holds this lock.
 */
public final class GradientGuard {

  private static final ReentrantLock LOCK = new ReentrantLock(true);

  private GradientGuard() {}

  /** Acquires the JVM-wide gradient lock; release it with {@link #release()} in a finally block. */
  public static void acquire() {
    LOCK.lock();
  }

  public static void release() {
    LOCK.unlock();
  }
}
