package com.comprehendo.ui.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The model worker's order: interactive work before background work, whenever each was queued; a
 * grace after interactive work before background work starts; announced work treated as queued.
 */
@ExtendWith(ApplicationExtension.class)
class UiTaskExecutorTest {

  private final UiTaskExecutor executor = new UiTaskExecutor("test-order");
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    executor.close();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
  }

  private BackgroundTask<Void> recording(String name) {
    return BackgroundTask.of(name, context -> {
      ran.add(name);
      return null;
    });
  }

  /** Occupies the worker until released, so that what is queued meanwhile is ordered by the queue. */
  private CountDownLatch block() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    executor.execute(BackgroundTask.of("block", context -> {
      started.countDown();
      release.await(10, TimeUnit.SECONDS);
      return null;
    }));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    return release;
  }

  private void awaitRan(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ran.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(count, ran.size(), "ran: " + ran);
  }

  @Test
  void interactiveWorkQueuedLaterRunsBeforeBackgroundWork() throws InterruptedException {
    CountDownLatch release = block();
    executor.executeInBackground(recording("chunk 1"));
    executor.execute(recording("prediction"));
    executor.executeInBackground(recording("chunk 2"));
    executor.execute(recording("attribution"));
    release.countDown();
    awaitRan(4);
    assertEquals(List.of("prediction", "attribution", "chunk 1", "chunk 2"), ran);
  }

  @Test
  void onlyInteractiveOrAnnouncedWorkCountsAsWaiting() throws InterruptedException {
    CountDownLatch release = block();
    executor.executeInBackground(recording("chunk"));
    assertFalse(executor.hasWaitingWork(), "background work does not make background work step aside");
    Runnable withdraw = executor.announceInteractive();
    assertTrue(executor.hasWaitingWork(), "announced");
    withdraw.run();
    withdraw.run(); // twice is harmless
    assertFalse(executor.hasWaitingWork());
    executor.execute(recording("prediction"));
    assertTrue(executor.hasWaitingWork());
    release.countDown();
    awaitRan(2);
  }

  @Test
  void backgroundWorkWaitsForAnnouncedWorkAndTheGraceAfterInteractiveWork() throws InterruptedException {
    Runnable withdraw = executor.announceInteractive();
    executor.executeInBackground(recording("chunk"));
    Thread.sleep(300);
    assertEquals(List.of(), ran, "the chunk waits while an image is being decoded for the model");
    // The announced work arrives; it runs first, then the chunk after the grace.
    long[] interactiveEnded = new long[1];
    executor.execute(BackgroundTask.of("prediction", context -> {
      ran.add("prediction");
      interactiveEnded[0] = System.nanoTime();
      return null;
    }));
    withdraw.run();
    long[] chunkStarted = new long[1];
    executor.executeInBackground(BackgroundTask.of("chunk 2", context -> {
      chunkStarted[0] = System.nanoTime();
      ran.add("chunk 2");
      return null;
    }));
    awaitRan(3);
    assertEquals(List.of("prediction", "chunk", "chunk 2"), ran);
    assertTrue(chunkStarted[0] - interactiveEnded[0] >= UiTaskExecutor.INTERACTIVE_GRACE_NANOS,
        "background work started " + (chunkStarted[0] - interactiveEnded[0]) / 1e6 + " ms after interactive work");
  }
}
