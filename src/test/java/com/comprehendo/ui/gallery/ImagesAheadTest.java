package com.comprehendo.ui.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery's file work beside the model: look-up and decoding on its own thread, writes waited for. */
class ImagesAheadTest {

  @TempDir Path dir;
  private final List<String> hashedOn = new CopyOnWriteArrayList<>();
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
            return model;
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
    assertNotNull(missed.decoded());
    assertEquals(12, missed.decoded().getWidth());

    MapCache.Entry entry = new MapCache.Entry(new NpyArray(new int[] {1, 2, 2}, new float[] {1, 2, 3, 4}), 12, 10);
    ahead.keepLater(job.source(), missed.lookup(), entry);
    ahead.awaitHandedOver(); // the write is done once this returns
    ImagesAhead.Prepared hit = ahead.prepare(job, image);
    assertNull(hit.decoded(), "a cached map needs no pixels");
    assertEquals(List.of(1f, 2f, 3f, 4f), List.of(boxed(hit.lookup().entry().orElseThrow().map().data())));
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
