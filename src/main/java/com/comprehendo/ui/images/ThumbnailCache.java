package com.comprehendo.ui.images;

import com.comprehendo.ui.support.ImageInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small images for the sidebar and the dataset grid, decoded by the data layer ({@link
 * ImageInput#thumbnail}: the model's decoder, so EXIF-rotated photos stand upright and WebP or TIFF
 * files show, exactly the images that predict), shrunk to thumbnail size on background threads and
 * kept in a bounded LRU cache. Only the cells on screen ask for thumbnails, and the newest request is
 * decoded first, so scrolling through thousands of images decodes what is seen; a request evicted
 * before its turn is skipped. A file that cannot be decoded gets a failed thumbnail with the reason,
 * for a placeholder. UI thread only.
 */
public final class ThumbnailCache {

  private static final Logger LOG = LoggerFactory.getLogger(ThumbnailCache.class);

  /** Two daemon threads, newest request first, shared by every cache (decoding is CPU-bound). */
  private static final Executor DECODERS = decoderPool(2);

  private final int size;
  private final Executor background;
  private final Executor ui;
  private final Map<Path, Thumbnail> cache;

  /**
   * Decodes on the shared background threads and delivers on the JavaFX thread.
   *
   * @param size the thumbnails' bounding box in pixels
   * @param capacity how many thumbnails to keep
   */
  public ThumbnailCache(int size, int capacity) {
    this(size, capacity, DECODERS, Platform::runLater);
  }

  /**
   * @param background where files are decoded
   * @param ui where results are delivered (the UI thread)
   */
  ThumbnailCache(int size, int capacity, Executor background, Executor ui) {
    this.size = size;
    this.background = background;
    this.ui = ui;
    this.cache = new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Path, Thumbnail> eldest) {
        if (size() > capacity) {
          // Skip a decode nobody will see (scrolled past quickly).
          eldest.getValue().evicted = true;
          return true;
        }
        return false;
      }
    };
  }

  /** The thumbnail of {@code file}, possibly still loading. */
  public Thumbnail get(Path file) {
    Thumbnail thumbnail = cache.get(file);
    if (thumbnail == null) {
      Thumbnail created = new Thumbnail();
      cache.put(file, created);
      background.execute(() -> decode(file, created));
      thumbnail = created;
    }
    return thumbnail;
  }

  private void decode(Path file, Thumbnail into) {
    if (into.evicted) {
      return;
    }
    try {
      BufferedImage pixels = ImageInput.thumbnail(file, size);
      ui.execute(() -> into.image.set(SwingFXUtils.toFXImage(pixels, null)));
    } catch (IOException | RuntimeException e) {
      LOG.debug("no thumbnail for {}", file, e);
      String reason = e instanceof IOException ? e.getMessage() : file.getFileName() + ": cannot be decoded";
      ui.execute(() -> {
        into.error.set(reason);
        into.failed.set(true);
      });
    }
  }

  private static Executor decoderPool(int threads) {
    AtomicInteger count = new AtomicInteger();
    // Last in, first out: the cells just scrolled into view are decoded before those scrolled past.
    LinkedBlockingDeque<Runnable> newestFirst = new LinkedBlockingDeque<>() {
      @Override
      public boolean offer(Runnable task) {
        return offerFirst(task);
      }
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, newestFirst, runnable -> {
      Thread thread = new Thread(runnable, "thumbnails-" + count.incrementAndGet());
      thread.setDaemon(true);
      thread.setPriority(Thread.NORM_PRIORITY - 1);
      return thread;
    });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** One thumbnail: empty while loading, then its image, or failed with the reason. UI thread. */
  public static final class Thumbnail {
    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private volatile boolean evicted;

    Thumbnail() {}

    /** The image once decoded; null while loading or when it failed. */
    public ReadOnlyObjectProperty<Image> imageProperty() {
      return image.getReadOnlyProperty();
    }

    /** Whether the file could not be decoded (show a placeholder). */
    public ReadOnlyBooleanProperty failedProperty() {
      return failed.getReadOnlyProperty();
    }

    /** Why it failed, in words, e.g. "notes.jpg: not an image (unrecognized format)"; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
      return error.getReadOnlyProperty();
    }

    /** Whether the decode is still to come. */
    public boolean isLoading() {
      return image.get() == null && !failed.get();
    }
  }
}
