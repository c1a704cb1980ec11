package com.comprehendo.ui.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoticesTest {

  @Test
  void problemsWithSingleFilesCollectInOneNoticeThatFades() {
    Notices notices = new Notices();
    notices.error("Cannot open model.pt", "not a TorchScript file");
    for (int i = 1; i <= 5; i++) {
      notices.fileProblem("Cannot read", "img_" + i + ".png", "truncated or corrupt image data");
    }

    assertEquals(2, notices.items().size(), "the model's error and one notice for the five files");
    Notices.Notice collected = notices.items().get(1);
    assertEquals("Cannot read 5 images", collected.title());
    assertEquals("img_5.png: truncated or corrupt image data\nimg_4.png: truncated or corrupt image data\n"
        + "img_3.png: truncated or corrupt image data\nand 2 more", collected.message());
    assertTrue(collected.fades());
    assertFalse(notices.items().get(0).fades(), "an error about the model stays until closed");
  }

  @Test
  void aClosedCollectionStartsAgainAndKindsStayApart() {
    Notices notices = new Notices();
    notices.fileProblem("Cannot read", "a.png", "empty file");
    notices.fileProblem("Cannot read", "b.png", "empty file");
    notices.dismiss(notices.items().get(0));
    notices.fileProblem("Cannot read", "c.png", "empty file");
    notices.fileProblem("The model failed on", "d.png", "out of memory");

    assertEquals(2, notices.items().size());
    assertEquals("Cannot read c.png", notices.items().get(0).title());
    assertEquals("The model failed on d.png", notices.items().get(1).title());
  }
}
