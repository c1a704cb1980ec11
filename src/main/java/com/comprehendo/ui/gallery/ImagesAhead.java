package com.comprehendo.ui.gallery;

import com.comprehendo.analysis.explain.MapCache;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.job.CancelledException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gallery's file work, beside the model: the next image's cache look-up (which hashes the file)
 * and decoding while the model explains the one before it, and each computed map's cache write after
 * it. On the model worker this work came between two passes, with the model's threads waiting: in the
 * IG-32 gallery of the 320 demo images with the application's disk cache, the model worker spent
 * 1.05–1.11 s of a first run (11–12 s) and 0.72–0.78 s of a later one looking images up, decoding them and
 * writing their maps; with this class, 0.03–0.04 s (two JVMs, 15:21). One image is made ready ahead, so
 * memory stays bounded whatever the dataset's size; the writes are waited for before a chunk of the
 * gallery ends, so a finished gallery is on disk.
 *
 * <p>One daemon thread per gallery, ended when idle for a few seconds. The model worker hands work
 * over and takes results; this class holds no NDArray.
 */
final class ImagesAhead {

  /**
   * An image ready for the model: its cache look-up, and its decoded pixels when the cache did not
   * have its map; {@link #UNREADABLE} when the file could not be read or decoded.
   */
  record Prepared(MapSource.Lookup lookup, BufferedImage decoded) {
    static final Prepared UNREADABLE = new Prepared(null, null);

    boolean unreadable() {
      return lookup == null;
    }
  }

  /** The image being made ready ahead, and its work. */
  record Ahead(GalleryRun.Image image, Future<Prepared> work) {}

  private final ImageDecoder decoder = ImageDecoder.createDefault();
  private final ThreadPoolExecutor thread;

  ImagesAhead() {
    thread = new ThreadPoolExecutor(1, 1, 3, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
      Thread named = new Thread(task, "comprehendo-gallery-files");
      named.setDaemon(true);
      return named;
    });
    thread.allowCoreThreadTimeOut(true);
  }

  /** Looks {@code image} up in the cache and decodes it when the cache does not have its map; any thread. */
  Prepared prepare(GalleryRun.Job job, GalleryRun.Image image) {
    MapSource.Lookup lookup;
    try {
      lookup = job.source().lookup(job.recipe(), job.target(), image.path());
    } catch (IOException e) {
      return Prepared.UNREADABLE; // the file went away
    }
    if (lookup.entry().isPresent()) {
      return new Prepared(lookup, null);
    }
    try {
      return new Prepared(lookup, decoder.decodeForTensors(image.path()));
    } catch (ImageDecodeException e) {
      return Prepared.UNREADABLE;
    }
  }

  /** Starts making {@code image} ready on this class's thread. */
  Ahead prepareAhead(GalleryRun.Job job, GalleryRun.Image image) {
    return new Ahead(image, thread.submit(() -> prepare(job, image)));
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

  /** Keeps a computed map in the cache, on this class's thread. */
  void keepLater(MapSource source, MapSource.Lookup lookup, MapCache.Entry entry) {
    if (lookup.key() != null) {
      thread.execute(() -> source.keep(lookup, entry));
    }
  }

  /**
   * Waits until the work handed over so far is done (the cache writes among it). An interrupted wait
   * returns at once, the thread still interrupted: the writes finish on their own, and a cache only
   * saves time.
   */
  void awaitHandedOver() {
    try {
      await(thread.submit(() -> { })); // the thread runs its work in order
    } catch (CancelledException e) {
      // interrupted: see above
    }
  }
}
