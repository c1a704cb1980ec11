package com.comprehendo.ui.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.ImageDecoder;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Thumbnails come from the data layer's decoder: EXIF-rotated photos stand upright, WebP and TIFF
 * show, and a file that cannot be decoded fails with its reason. Decoding runs here on the calling
 * thread; results arrive on the JavaFX thread.
 */
@ExtendWith(ApplicationExtension.class)
class ThumbnailCacheTest {

  @Start
  void start(Stage stage) {
    // The toolkit only: thumbnails become JavaFX images on its thread.
  }

  private static Path fixture(String name) {
    try {
      return Path.of(ThumbnailCacheTest.class.getResource("/images/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T fx(Callable<T> action) {
    try {
      T value = WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
      WaitForAsyncUtils.waitForFxEvents();
      return value;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ThumbnailCache.Thumbnail load(ThumbnailCache cache, String name) {
    ThumbnailCache.Thumbnail thumbnail = fx(() -> cache.get(fixture(name)));
    WaitForAsyncUtils.waitForFxEvents();
    return thumbnail;
  }

  @Test
  void exifRotatedJpegStandsUpright() throws Exception {
    ThumbnailCache cache = new ThumbnailCache(64, 10, Runnable::run, Platform::runLater);
    ThumbnailCache.Thumbnail thumbnail = load(cache, "orientation6.jpg");
    Image image = fx(() -> thumbnail.imageProperty().get());
    assertNotNull(image);
    // Stored 32 × 16 with orientation 6 ("rotate 90° clockwise"): upright it is 16 × 32.
    assertEquals(16, (int) image.getWidth());
    assertEquals(32, (int) image.getHeight());
    BufferedImage upright = ImageDecoder.createDefault().decode(fixture("orientation6.jpg"));
    for (int[] at : new int[][] {{2, 2}, {13, 2}, {2, 29}, {13, 29}}) {
      assertEquals(upright.getRGB(at[0], at[1]) | 0xFF000000, image.getPixelReader().getArgb(at[0], at[1]),
          "pixel " + at[0] + "," + at[1]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lossless.webp", "lossy.webp", "orientation6.webp", "rgb.tif", "orientation6.tif"})
  void webpAndTiffShowWhichJavaFxAloneCannotRead(String name) {
    ThumbnailCache cache = new ThumbnailCache(64, 10, Runnable::run, Platform::runLater);
    ThumbnailCache.Thumbnail thumbnail = load(cache, name);
    Image image = fx(() -> thumbnail.imageProperty().get());
    assertNotNull(image, name);
    assertFalse(fx(() -> thumbnail.failedProperty().get()));
    boolean rotated = name.startsWith("orientation6");
    assertEquals(rotated ? 16 : 32, (int) image.getWidth(), name);
    assertEquals(rotated ? 32 : 16, (int) image.getHeight(), name);
  }

  @Test
  void largeImagesAreShrunkToTheBox() {
    ThumbnailCache cache = new ThumbnailCache(10, 10, Runnable::run, Platform::runLater);
    ThumbnailCache.Thumbnail thumbnail = load(cache, "noise.png"); // 41 × 29
    Image image = fx(() -> thumbnail.imageProperty().get());
    assertEquals(10, (int) image.getWidth());
    assertEquals(7, (int) image.getHeight());
  }

  @ParameterizedTest
  @ValueSource(strings = {"text.jpg", "empty.jpg", "truncated.png", "huge.png", "missing.jpg"})
  void unreadableFilesFailWithTheirReason(String name) {
    ThumbnailCache cache = new ThumbnailCache(64, 10, Runnable::run, Platform::runLater);
    Path file = name.equals("missing.jpg") ? fixture("rgb.png").resolveSibling("missing.jpg") : fixture(name);
    ThumbnailCache.Thumbnail thumbnail = fx(() -> cache.get(file));
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(fx(() -> thumbnail.failedProperty().get()), name);
    assertNull(fx(() -> thumbnail.imageProperty().get()));
    String error = fx(() -> thumbnail.errorProperty().get());
    assertTrue(error.startsWith(name), error);
    assertFalse(fx(thumbnail::isLoading));
    assertSame(thumbnail, fx(() -> cache.get(file)), "a failure is remembered, not retried while scrolling");
  }

  @Test
  void cachedThumbnailsAreReusedAndEvictedOnesAreNotDecoded() {
    List<Runnable> queued = new ArrayList<>();
    ThumbnailCache cache = new ThumbnailCache(64, 2, queued::add, Platform::runLater);
    ThumbnailCache.Thumbnail first = fx(() -> cache.get(fixture("rgb.png")));
    assertSame(first, fx(() -> cache.get(fixture("rgb.png"))));
    ThumbnailCache.Thumbnail second = fx(() -> cache.get(fixture("rgb.jpg")));
    ThumbnailCache.Thumbnail third = fx(() -> cache.get(fixture("rgb.tif"))); // evicts the first
    assertEquals(3, queued.size(), "one decode per new file");
    queued.forEach(Runnable::run);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(fx(first::isLoading), "scrolled past before its turn: skipped");
    assertNotNull(fx(() -> second.imageProperty().get()));
    assertNotNull(fx(() -> third.imageProperty().get()));
  }
}
