package com.comprehendo.ui.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.explain.MapCache;
import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.analysis.explain.TargetChoice;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery's file work beside the model: look-up and decoding on its own thread, writes waited for. */
class ImagesAheadTest {

  @TempDir Path dir;
  private final List<String> hashedOn = new CopyOnWriteArrayList<>();
  /** Holds the files thread at its first look-up (the model file's hash) while it is closed. */
  private final CountDownLatch filesThreadMayGoOn = new CountDownLatch(1);
  private volatile boolean holdFilesThread;
  private GalleryRun.Job job;
  private GalleryRun.Image image;

  @BeforeEach
  void createImageAndCache() throws IOException {
    Path model = Files.writeString(dir.resolve("model.pt"), "stand-in");
    // The model file is read for its hash at the first look-up: who asks for it tells which thread looked up.
    Explainer explainer = (Explainer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Explainer.class},
        (proxy, method, args) -> {
          if (method.getName().equals("file")) {
            hashedOn.add(Thread.currentThread().getName());
            if (holdFilesThread && Thread.currentThread().getName().equals("comprehendo-gallery-files")) {
              filesThreadMayGoOn.await();
            }
            return model;
          }
          if (method.getName().equals("preprocessing")) {
            return Preprocessing.imagenetDefault();
          }
          throw new UnsupportedOperationException(method.getName());
        });
    MapSource source = new MapSource(explainer, Optional.of(new MapCache(dir.resolve("cache"), 1 << 20)));
    Path file = dir.resolve("cat.png");
    ImageIO.write(new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    image = new GalleryRun.Image(file, "cat.png", 0, 0);
    job = new GalleryRun.Job(source, MethodRecipe.of("saliency", Map.of(), Preprocessing.imagenetDefault()),
        TargetChoice.PREDICTED, List.of(image), Map.of());
  }

  @Test
  void aMissIsLookedUpAndDecodedOnTheFilesThreadAndAKeptMapIsAHitNotDecoded() {
    ImagesAhead ahead = new ImagesAhead();
    ImagesAhead.Ahead work = ahead.prepareAhead(job, image);
    ImagesAhead.Prepared missed = ImagesAhead.await(work.work());
    assertEquals(List.of("comprehendo-gallery-files"), hashedOn, "looked up beside the model, not on the caller's thread");
    assertTrue(missed.lookup().entry().isEmpty());
    assertEquals(List.of(12, 10), List.of(missed.width(), missed.height()), "the decoded size, for boxes");
    assertEquals(3 * 224 * 224, missed.input().length, "preprocessed there too");

    MapCache.Entry entry = new MapCache.Entry(new NpyArray(new int[] {1, 2, 2}, new float[] {1, 2, 3, 4}), 12, 10);
    ahead.keepLater(job.source(), missed.lookup(), entry);
    ahead.awaitHandedOver(); // the write is done once this returns
    ImagesAhead.Prepared hit = ahead.prepare(job, image);
    assertNull(hit.input(), "a cached map needs no pixels");
    assertEquals(List.of(1f, 2f, 3f, 4f), List.of(boxed(hit.lookup().entry().orElseThrow().map().data())));
  }

  @Test
  void anImageTheFilesThreadHasNotBegunIsMadeReadyByTheModelWorkerAtOnce() {
    holdFilesThread = true;
    ImagesAhead ahead = new ImagesAhead();
    try {
      ImagesAhead.Ahead first = ahead.prepareAhead(job, image); // holds the thread
      ImagesAhead.Ahead second = ahead.prepareAhead(job, image); // queued behind it
      ImagesAhead.Prepared prepared = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ImagesAhead.take(second));
      assertNotNull(prepared.input());
      assertEquals(2, hashedOn.size(), "looked up by the files thread (held) and by the thread that took it: " + hashedOn);
      assertFalse(first.work().isDone(), "the files thread is still held");
    } finally {
      filesThreadMayGoOn.countDown();
    }
  }

  @Test
  void writesTheFilesThreadHasNotBegunAreDoneByTheThreadThatWaitsForThem() throws Exception {
    holdFilesThread = true;
    ImagesAhead ahead = new ImagesAhead();
    Thread waiter = null;
    try {
      ImagesAhead.Ahead held = ahead.prepareAhead(job, image);
      awaitTrue(() -> hashedOn.contains("comprehendo-gallery-files"));
      MapSource.Lookup lookup = ahead.prepare(job, image).lookup(); // on this thread
      ahead.keepLater(job.source(), lookup, new MapCache.Entry(new NpyArray(new int[] {1, 1, 1}, new float[] {7}), 12, 10));
      held.work().cancel(false);
      waiter = new Thread(ahead::awaitHandedOver, "end-of-chunk");
      waiter.start();
      // Written while the files thread is still held: by the waiting thread.
      awaitTrue(() -> ahead.prepare(job, image).lookup().entry().isPresent());
      assertTrue(waiter.isAlive(), "and it still waits for the work the files thread began");
    } finally {
      filesThreadMayGoOn.countDown();
    }
    waiter.join(20_000);
    assertFalse(waiter.isAlive());
    assertEquals(7f, ahead.prepare(job, image).lookup().entry().orElseThrow().map().data()[0]);
  }

  @Test
  void beyondAFewQueuedWritesTheCallerWritesTheMapItself() throws InterruptedException {
    holdFilesThread = true;
    ImagesAhead ahead = new ImagesAhead();
    try {
      ImagesAhead.Ahead held = ahead.prepareAhead(job, image);
      awaitTrue(() -> hashedOn.contains("comprehendo-gallery-files"));
      for (int i = 0; i <= ImagesAhead.MAX_QUEUED_WRITES; i++) {
        ahead.keepLater(job.source(), new MapSource.Lookup("map-" + i, Optional.empty()), entry(i));
      }
      for (int i = 0; i < ImagesAhead.MAX_QUEUED_WRITES; i++) {
        assertTrue(cache().get("map-" + i).isEmpty(), "queued behind the held thread: map-" + i);
      }
      assertTrue(cache().get("map-" + ImagesAhead.MAX_QUEUED_WRITES).isPresent(), "the one beyond: written at once");
      held.work().cancel(false);
    } finally {
      filesThreadMayGoOn.countDown();
    }
    ahead.awaitHandedOver();
    for (int i = 0; i <= ImagesAhead.MAX_QUEUED_WRITES; i++) {
      assertEquals(i, cache().get("map-" + i).orElseThrow().map().data()[0]);
    }
  }

  private MapCache cache() {
    return new MapCache(dir.resolve("cache"), 1 << 20);
  }

  private static MapCache.Entry entry(float value) {
    return new MapCache.Entry(new NpyArray(new int[] {1, 1, 1}, new float[] {value}), 12, 10);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 20 s");
      Thread.sleep(5);
    }
  }

  @Test
  void aCorruptOrMissingImageIsUnreadable() throws IOException {
    ImagesAhead ahead = new ImagesAhead();
    Files.writeString(image.path(), "not a png");
    assertSame(ImagesAhead.Prepared.UNREADABLE, ImagesAhead.await(ahead.prepareAhead(job, image).work()));
    Files.delete(image.path());
    assertSame(ImagesAhead.Prepared.UNREADABLE, ahead.prepare(job, image));
  }

  @Test
  void anInterruptedWaitForTheWritesReturnsWithTheThreadStillInterrupted() {
    ImagesAhead ahead = new ImagesAhead();
    Thread.currentThread().interrupt();
    try {
      ahead.awaitHandedOver(); // the end of a chunk, cancelled: no exception out of its finally block
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  private static Float[] boxed(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
