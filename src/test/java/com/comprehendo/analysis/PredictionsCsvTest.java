package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.CsvReader;
import com.comprehendo.data.UnreadableImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one predictions CSV, as {@code comprehendo predict} and the explorer's export write it. */
class PredictionsCsvTest {

  private static final List<String> CLASSES = List.of("cat", "dog", "fox");
  private static final Path ROOT = Path.of("/data");

  @TempDir Path directory;

  private List<List<String>> write(PredictionAccumulator accumulator, int expectedRows) throws Exception {
    Path file = directory.resolve("out/predictions.csv");
    Files.createDirectories(file.getParent());
    assertEquals(expectedRows, PredictionsCsv.write(file, accumulator.snapshot(), ROOT));
    return CsvReader.readAll(file);
  }

  @Test
  void oneRowPerPredictionWithPathsRelativeToTheFolder() throws Exception {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    accumulator.add(ROOT.resolve("cats/tom, the cat.jpg"), 2, new float[] {2, 1, 0});
    accumulator.add(ROOT.resolve("x.jpg"), -1, new float[] {0, 1, 0});
    accumulator.addUnreadable(new UnreadableImage(ROOT.resolve("bad.jpg"), "truncated or corrupt image data"));

    List<List<String>> rows = write(accumulator, 2);

    assertEquals(List.of("path", "label", "predicted", "probability", "loss"), rows.get(0));
    assertEquals(PredictionsCsv.HEADER, rows.get(0));
    assertEquals(3, rows.size(), "a header and two predictions; the unreadable file has no row");
    assertEquals(List.of("cats/tom, the cat.jpg", "fox", "cat"), rows.get(1).subList(0, 3));
    assertEquals(0.6652409f, Float.parseFloat(rows.get(1).get(3)), 1e-7f);
    assertEquals(2.4076059, Double.parseDouble(rows.get(1).get(4)), 1e-6);
    assertEquals(List.of("x.jpg", "", "dog"), rows.get(2).subList(0, 3));
    assertEquals((float) (Math.E / (2 + Math.E)), Float.parseFloat(rows.get(2).get(3)), 1e-7f);
    assertEquals("", rows.get(2).get(4), "no label, no loss");
  }

  @Test
  void aNanOutputIsWrittenAsNanNotLeftEmptyLikeAMissingLabel() throws Exception {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    accumulator.add(ROOT.resolve("broken.jpg"), 0, new float[] {1, Float.NaN, 0});
    accumulator.add(ROOT.resolve("unlabelled.jpg"), -1, new float[] {Float.NaN, 1, 0});

    List<List<String>> rows = write(accumulator, 2);

    assertEquals(List.of("broken.jpg", "cat", "dog", "NaN", "NaN"), rows.get(1));
    assertEquals(List.of("unlabelled.jpg", "", "cat", "NaN", ""), rows.get(2));
    assertTrue(Double.isNaN(Double.parseDouble(rows.get(1).get(4))), "reads back as NaN");
  }

  @Test
  void anInfiniteLossIsWrittenAsInfinity() throws Exception {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    accumulator.add(ROOT.resolve("masked.jpg"), 0, new float[] {Float.NEGATIVE_INFINITY, 1, 0});

    List<List<String>> rows = write(accumulator, 1);

    assertEquals(List.of("masked.jpg", "cat", "dog"), rows.get(1).subList(0, 3));
    assertEquals(Double.POSITIVE_INFINITY, Double.parseDouble(rows.get(1).get(4)));
  }

  @Test
  void aFileOutsideTheFolderKeepsItsPathAndAFailedWriteLeavesNoFile() throws Exception {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    Path elsewhere = Path.of("/elsewhere/y.jpg");
    accumulator.add(elsewhere, -1, new float[] {0, 0, 1});

    assertEquals(elsewhere.toString(), write(accumulator, 1).get(1).get(0));

    Path blocked = directory.resolve("not-a-folder");
    Files.writeString(blocked, "a file, so nothing can be written below it");
    Path target = blocked.resolve("p.csv");
    assertThrows(IOException.class,
        () -> PredictionsCsv.write(target, accumulator.snapshot(), ROOT));
    assertFalse(Files.exists(target));
  }
}
