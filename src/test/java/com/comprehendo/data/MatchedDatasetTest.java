package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scanned dataset made ready for a model: labels re-indexed or dropped, images ranked by name. */
class MatchedDatasetTest {

  private static final Path ROOT = Path.of("/pets");
  private static final Path DOG_10 = ROOT.resolve("dog/dog_10.jpg");
  private static final Path DOG_9 = ROOT.resolve("dog/dog_9.jpg");
  private static final Path CAT = ROOT.resolve("Cat/cat.jpg");
  private static final Path LOOSE = ROOT.resolve("loose.jpg");

  /** Labels index the scanned names (cat, dog); the scan's order is not the name order. */
  private static Dataset scanned() {
    return Dataset.of(ROOT, List.of("cat", "dog"), List.of(
        new ImageRecord(DOG_10, 1), new ImageRecord(DOG_9, 1), new ImageRecord(LOOSE, ImageRecord.UNLABELLED),
        new ImageRecord(CAT, 0)), new LabelSource.Folders(), "folders");
  }

  @Test
  void labelsAreReindexedToTheModelsClasses() {
    MatchedDataset matched = MatchedDataset.match(scanned(), List.of("dog", "cat"));

    assertTrue(matched.mismatch().isEmpty());
    assertTrue(matched.labelled());
    assertEquals(Map.of(DOG_10, 0, DOG_9, 0, CAT, 1), matched.labels(), "the unlabelled image has no entry");
    assertEquals(List.of("dog", "cat"), matched.dataset().classNames());
    assertEquals(List.of(DOG_10, DOG_9, LOOSE, CAT), matched.dataset().stream().map(ImageRecord::path).toList(),
        "the order of prediction stays the scan's");
    assertThrows(UnsupportedOperationException.class, () -> matched.labels().put(LOOSE, 0));
  }

  @Test
  void imagesAreRankedByTheirRelativePathInNaturalOrder() {
    MatchedDataset matched = MatchedDataset.match(scanned(), List.of("cat", "dog"));

    // "Cat/cat.jpg" < "dog/dog_9.jpg" < "dog/dog_10.jpg" < "loose.jpg": case aside, 9 before 10.
    assertEquals(Map.of(CAT, 0, DOG_9, 1, DOG_10, 2, LOOSE, 3), matched.nameRank());
  }

  @Test
  void labelsThatAreNotTheModelsClassesAreDroppedWithTheReason() {
    MatchedDataset matched = MatchedDataset.match(scanned(), List.of("bird", "fish"));

    String reason = matched.mismatch().orElseThrow();
    assertTrue(reason.contains("'cat'") && reason.contains("'bird'"), reason);
    assertTrue(reason.contains("folders"), "says where the labels came from: " + reason);
    assertFalse(matched.labelled());
    assertTrue(matched.labels().isEmpty());
    assertEquals(4, matched.dataset().size(), "every image is still predicted");
    assertTrue(matched.dataset().stream().noneMatch(ImageRecord::isLabelled));
    assertEquals(List.of("bird", "fish"), matched.dataset().classNames());
    assertEquals(4, matched.nameRank().size());
  }
}
