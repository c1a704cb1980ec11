package com.comprehendo.ui.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.task.CurrentThreadTaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sidebar's list following the Dataset grid's set and order. */
class ImageListViewModelTest {

  private static ImageEntry entry(String name) {
    return new ImageEntry(Path.of("/data", name), name, "");
  }

  private static List<String> shown(ImageListViewModel images) {
    return images.filteredImages().stream().map(ImageEntry::relativePath).toList();
  }

  @Test
  void aNewGridOrderWithImagesTheLastDidNotHaveIsFollowedWithoutAnError() {
    ImageListViewModel images = new ImageListViewModel(new CurrentThreadTaskExecutor(), new Notices());
    images.images().setAll(entry("a.png"), entry("b.png"), entry("c.png"));
    List<Throwable> uncaught = new ArrayList<>();
    Thread thread = Thread.currentThread();
    Thread.UncaughtExceptionHandler before = thread.getUncaughtExceptionHandler();
    // JavaFX hands an exception in a list listener to the thread's handler instead of throwing it.
    thread.setUncaughtExceptionHandler((where, error) -> uncaught.add(error));
    try {
      images.followOrder(List.of(Path.of("/data/b.png")), "1 mispredicted");
      assertEquals(List.of("b.png"), shown(images));
      // The grid grows while predictions come in: images the last order did not have are sorted too.
      images.followOrder(List.of(Path.of("/data/c.png"), Path.of("/data/a.png"), Path.of("/data/b.png")), "3");
      assertEquals(List.of("c.png", "a.png", "b.png"), shown(images));
      images.followOrder(null, "");
      assertEquals(List.of("a.png", "b.png", "c.png"), shown(images));
    } finally {
      thread.setUncaughtExceptionHandler(before);
    }
    assertEquals(List.of(), uncaught);
  }
}
