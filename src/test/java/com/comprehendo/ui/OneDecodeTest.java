package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.comprehendo.render.RgbImage;
import com.comprehendo.ui.support.OneDecode;
import com.comprehendo.ui.support.PreparedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OneDecodeTest {

  private final ExecutorService other = Executors.newSingleThreadExecutor();
  private final ExecutorService third = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    other.shutdownNow();
    third.shutdownNow();
  }

  private static PreparedImage image() {
    return new PreparedImage(Path.of("a.png"), 1, 1, new RgbImage(1, 1, new int[] {0}), new float[3], 3);
  }

  @Test
  void theSecondCallerWaitsForTheFirstCallersDecodingInsteadOfDecodingAgain() throws Exception {
    AtomicInteger decodings = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    PreparedImage decoded = image();
    OneDecode decode = new OneDecode(() -> {
      decodings.incrementAndGet();
      started.countDown();
      finish.await(10, TimeUnit.SECONDS);
      return decoded;
    });
    Future<PreparedImage> first = other.submit(() -> decode.get(() -> false));
    started.await(10, TimeUnit.SECONDS);
    Future<PreparedImage> second = third.submit(() -> decode.get(() -> false));
    finish.countDown();

    assertSame(decoded, first.get(10, TimeUnit.SECONDS));
    assertSame(decoded, second.get(10, TimeUnit.SECONDS));
    assertSame(decoded, decode.get(() -> false), "a later caller gets the same image");
    assertEquals(1, decodings.get());
  }

  @Test
  void bothCallersGetTheDecodingsFailure() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    OneDecode decode = new OneDecode(() -> {
      started.countDown();
      finish.await(10, TimeUnit.SECONDS);
      throw new IOException("broken.png is not an image");
    });
    Future<PreparedImage> first = other.submit(() -> decode.get(() -> false));
    started.await(10, TimeUnit.SECONDS);
    finish.countDown();

    IOException waiting = assertThrows(IOException.class, () -> decode.get(() -> false));
    assertEquals("broken.png is not an image", waiting.getMessage());
    Exception claimer = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
    assertEquals(IOException.class, claimer.getCause().getClass());
  }

  @Test
  void aWaitingCallerStopsWhenCancelled() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    OneDecode decode = new OneDecode(() -> {
      started.countDown();
      finish.await(10, TimeUnit.SECONDS);
      return image();
    });
    other.submit(() -> decode.get(() -> false));
    started.await(10, TimeUnit.SECONDS);
    AtomicBoolean cancelled = new AtomicBoolean();
    third.submit(() -> {
      Thread.sleep(100);
      cancelled.set(true);
      return null;
    });

    // Were it to wait for the decoding, it would return the image once the decoding gave up waiting.
    assertThrows(CancellationException.class, () -> decode.get(cancelled::get));
    finish.countDown();
  }
}
