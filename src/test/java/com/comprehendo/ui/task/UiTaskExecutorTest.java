package com.comprehendo.ui.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The model worker's order: interactive work before background work, whenever each was queued; a
 * grace after interactive work before background work starts; a chain's next link queued before
 * background work takes the worker, however late the UI thread runs it.
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
  void onlyInteractiveWorkCountsAsWaiting() throws InterruptedException {
    CountDownLatch release = block();
    executor.executeInBackground(recording("chunk"));
    assertFalse(executor.hasWaitingWork(), "background work does not make background work step aside");
    executor.execute(recording("prediction"));
    assertTrue(executor.hasWaitingWork());
    release.countDown();
    awaitRan(2);
    assertFalse(executor.hasWaitingWork());
  }

  @Test
  void backgroundWorkWaitsForAChainsNextLinkHoweverBusyTheUiThread() throws InterruptedException {
    CountDownLatch release = block();
    executor.executeInBackground(recording("chunk"));
    // The UI thread is busy for longer than the grace when the prediction ends: the link that queues
    // the attribution runs late, and the chunk must not take the worker meanwhile.
    CountDownLatch uiBusy = new CountDownLatch(1);
    CountDownLatch linkRan = new CountDownLatch(1);
    long busyMillis = 3 * UiTaskExecutor.INTERACTIVE_GRACE_NANOS / 1_000_000;
    long[] interactiveEnded = new long[1];
    long[] chunkStarted = new long[1];
    executor.execute(BackgroundTask.of("prediction", context -> {
          ran.add("prediction");
          Platform.runLater(() -> {
            uiBusy.countDown();
            sleep(busyMillis);
          });
          assertTrue(uiBusy.await(10, TimeUnit.SECONDS));
          return "cat";
        })
        .then(predicted -> {
          executor.execute(BackgroundTask.of("attribution of " + predicted, context -> {
            ran.add("attribution of " + predicted);
            interactiveEnded[0] = System.nanoTime();
            return null;
          }));
          linkRan.countDown();
        }));
    executor.executeInBackground(BackgroundTask.of("chunk 2", context -> {
      chunkStarted[0] = System.nanoTime();
      ran.add("chunk 2");
      return null;
    }));
    release.countDown();
    assertTrue(linkRan.await(10, TimeUnit.SECONDS));
    awaitRan(4);
    assertEquals(List.of("prediction", "attribution of cat", "chunk", "chunk 2"), ran);
    assertTrue(chunkStarted[0] - interactiveEnded[0] >= UiTaskExecutor.INTERACTIVE_GRACE_NANOS,
        "background work started " + (chunkStarted[0] - interactiveEnded[0]) / 1e6 + " ms after interactive work");
    assertFalse(executor.hasWaitingWork(), "the chain is closed once its link has run");
  }

  @Test
  void aCancelledChainHoldsNothingUp() throws InterruptedException {
    CountDownLatch release = block();
    TaskHandle prediction = executor.execute(recording("prediction").then(value -> ran.add("link")));
    prediction.cancel();
    executor.executeInBackground(recording("chunk"));
    release.countDown();
    awaitRan(1);
    assertEquals(List.of("chunk"), ran, "a task cancelled while queued never runs, nor its link");
    assertFalse(executor.hasWaitingWork());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
