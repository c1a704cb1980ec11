package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.explain.MapCache;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.job.CancelledException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gallery's file work, beside the model: the next images' cache look-ups (which hash the files)
 * and decoding while the model explains the ones before them, and each computed map's cache write after
 * it. On the model worker this work came between two passes, with the model's threads waiting: in the
 * IG-32 gallery of the 320 demo images with the application's disk cache, the model worker spent
 * 1.05–1.11 s of a first run (11–12 s) and 0.72–0.78 s of a later one looking images up, decoding them and
 * writing their maps; with this class, 0.03–0.04 s (two JVMs, 15:21). One call's images are made ready
 * ahead, so memory stays bounded whatever the dataset's size; the writes are waited for before a chunk of the
 * gallery ends, so a finished gallery is on disk.
 *
 * <p>One daemon thread per gallery, ended when idle for a few seconds. The model worker never waits
 * behind it needlessly: an image the thread has not begun yet is made ready by the model worker itself
 * when it needs it ({@link #take}), at most {@link #MAX_QUEUED_WRITES} writes wait for the thread (beyond
 * that the model worker writes, so a slow disk never piles a dataset's maps up in memory), and at the
 * end of a chunk the model worker writes what is still queued itself. The model worker hands work over
 * and takes results; this class holds no NDArray.
 *
 * <p>The thread keeps the ordinary scheduling priority. Idle-scheduled ({@code SCHED_IDLE}), it made
 * the first click of the IG-32 gallery about 6 % faster on a quiet machine (eight paired JVMs), but with
 * other programs keeping the cores busy a starved Java thread holds up every safepoint of the JVM
 * (garbage collections waited 0.2–0.5 s for it to be scheduled) and the locks it holds: the Grad-CAM
 * gallery took 5–17 s in seven runs of eight instead of 2–3 s (docs/benchmarks.md, "session 11").
 */
final class ImagesAhead {

  /**
   * An image ready for the model: its cache look-up, and when the cache did not have its map the model's
   * input made of its pixels (preprocessed here, not between two passes of the model) and its decoded
   * size; {@link #UNREADABLE} when the file could not be read or decoded.
   */
  record Prepared(MapSource.Lookup lookup, float[] input, int width, int height) {
    static final Prepared UNREADABLE = new Prepared(null, null, 0, 0);

    boolean unreadable() {
      return lookup == null;
    }
  }

  /** The image being made ready ahead, and its work. */
  record Ahead(GalleryRun.Image image, FutureTask<Prepared> work) {}

  /**
   * At most this many cache writes wait for the thread; beyond that the model worker writes the map
   * itself, so a slow disk never piles a dataset's maps up in memory.
   */
  static final int MAX_QUEUED_WRITES = 4;

  private final ImageDecoder decoder = ImageDecoder.createDefault();
  private final ThreadPoolExecutor thread;
  private final AtomicInteger queuedWrites = new AtomicInteger();

  ImagesAhead() {
    thread = new ThreadPoolExecutor(1, 1, 3, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
      Thread named = new Thread(task, "comprehendo-gallery-files");
      named.setDaemon(true);
      return named;
    });
    thread.allowCoreThreadTimeOut(true);
  }

  /**
   * Looks {@code image} up in the cache and, when the cache does not have its map, decodes and
   * preprocesses it; any thread.
   */
  Prepared prepare(GalleryRun.Job job, GalleryRun.Image image) {
    MapSource.Lookup lookup;
    try {
      lookup = job.source().lookup(job.recipe(), job.target(), image.path());
    } catch (IOException e) {
      return Prepared.UNREADABLE; // the file went away
    }
    if (lookup.entry().isPresent()) {
      return new Prepared(lookup, null, 0, 0);
    }
    try {
      BufferedImage decoded = decoder.decodeForTensors(image.path());
      return new Prepared(lookup, ImageTensors.toChw(decoded, job.source().explainer().preprocessing()),
          decoded.getWidth(), decoded.getHeight());
    } catch (ImageDecodeException e) {
      return Prepared.UNREADABLE;
    }
  }

  /** Starts making {@code image} ready on this class's thread. */
  Ahead prepareAhead(GalleryRun.Job job, GalleryRun.Image image) {
    FutureTask<Prepared> work = new FutureTask<>(() -> prepare(job, image));
    thread.execute(work);
    return new Ahead(image, work);
  }

  /**
   * The image made ready ahead, for the model worker: made ready here and now when this class's thread
   * has not begun it (it may be writing a map), else waited for.
   *
   * @throws CancelledException when the waiting thread is interrupted
   */
  static Prepared take(Ahead ahead) {
    ahead.work().run(); // does nothing when the thread has begun or done it
    return await(ahead.work());
  }

  /**
   * What work handed to this class's thread (e.g. {@link #prepareAhead}) gave, waiting for it when it is
   * not done yet.
   *
   * @throws CancelledException when the waiting thread is interrupted
   */
  static <T> T await(Future<T> work) {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the gallery's file work failed", e.getCause());
    }
  }

  /**
   * Keeps a computed map in the cache, on this class's thread; on the calling thread when
   * {@link #MAX_QUEUED_WRITES} writes are already waiting.
   */
  void keepLater(MapSource source, MapSource.Lookup lookup, MapCache.Entry entry) {
    if (lookup.key() == null) {
      return;
    }
    if (queuedWrites.get() >= MAX_QUEUED_WRITES) {
      source.keep(lookup, entry);
      return;
    }
    queuedWrites.incrementAndGet();
    thread.execute(() -> {
      try {
        source.keep(lookup, entry);
      } finally {
        queuedWrites.decrementAndGet();
      }
    });
  }

  /**
   * Waits until the work handed over so far is done (the cache writes among it): what the thread has not
   * begun is done on the calling thread (cancel work no longer wanted first). An interrupted wait
   * returns at once, the thread still interrupted: the writes finish on their own, and a cache only
   * saves time.
   */
  void awaitHandedOver() {
    Runnable queued;
    // An interrupted thread leaves them to this class's thread: its file channels would close at once.
    while (!Thread.currentThread().isInterrupted() && (queued = thread.getQueue().poll()) != null) {
      queued.run(); // on the waiting thread, at once
    }
    try {
      await(thread.submit(() -> { })); // the thread runs its work in order
    } catch (CancelledException e) {
      // interrupted: see above
    }
  }
}
