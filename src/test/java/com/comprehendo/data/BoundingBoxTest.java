package com.comprehendo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boxes in image pixels carried to the model's input, and the boxes CSV. */
class BoundingBoxTest {

  @TempDir Path dir;

  private static Preprocessing input64(ResizeMethod resize) {
    return new Preprocessing(64, 64, resize, new float[] {0, 0, 0}, new float[] {1, 1, 1});
  }

  @Test
  void squishScalesEachAxisByItsOwnFactor() {
    BoundingBox mark = BoundingBox.parse("106 107 116 117");
    assertEquals(new BoundingBox(53, 53.5, 58, 58.5), mark.toModelInput(128, 128, input64(ResizeMethod.SQUISH)).get());
    // A 256 x 128 image squished to 64 x 64: x halves twice as fast as y.
    assertEquals(new BoundingBox(10, 20, 20, 40),
        new BoundingBox(40, 40, 80, 80).toModelInput(256, 128, input64(ResizeMethod.SQUISH)).get());
  }

  @Test
  void cropCutsTheCentredSquareFirstAndDropsBoxesOutsideIt() {
    // 200 x 100 cropped to its centred 100 x 100 square (x from 50), then scaled by 0.64.
    Preprocessing crop = input64(ResizeMethod.CROP);
    BoundingBox inside = new BoundingBox(60, 10, 80, 30).toModelInput(200, 100, crop).get();
    assertEquals(6.4, inside.x0(), 1e-12);
    assertEquals(6.4, inside.y0(), 1e-12);
    assertEquals(19.2, inside.x1(), 1e-12);
    assertEquals(19.2, inside.y1(), 1e-12);
    assertEquals(Optional.empty(), new BoundingBox(0, 0, 40, 100).toModelInput(200, 100, crop));
    BoundingBox clipped = new BoundingBox(140, 0, 180, 100).toModelInput(200, 100, crop).get();
    assertEquals(57.6, clipped.x0(), 1e-12);
    assertEquals(64, clipped.x1(), 1e-12);
  }

  @Test
  void padAddsTheBlackBorderBeforeScaling() {
    // 200 x 100 padded to 200 x 200 (50 rows above), then scaled by 0.32.
    BoundingBox box = new BoundingBox(0, 0, 200, 100).toModelInput(200, 100, input64(ResizeMethod.PAD)).get();
    assertEquals(0, box.x0(), 1e-12);
    assertEquals(16, box.y0(), 1e-12);
    assertEquals(64, box.x1(), 1e-12);
    assertEquals(48, box.y1(), 1e-12);
  }

  @Test
  void coverageCountsThePartOfAPixelInTheBox() {
    BoundingBox box = new BoundingBox(1.5, 0, 3, 2);
    assertEquals(0, box.coverage(0, 0));
    assertEquals(0.5, box.coverage(1, 0));
    assertEquals(1, box.coverage(2, 1));
    assertEquals(0, box.coverage(3, 0), "x1 is exclusive");
    assertEquals(0, box.coverage(2, 2), "y1 is exclusive");
  }

  @Test
  void badBoxesGetOneLineThatSaysWhy() {
    for (String text : new String[] {"", "1 2 3", "1 2 3 4 5", "a 2 3 4", "NaN 0 1 1", "0 0 Infinity 1", "5 0 5 1",
        "0 3 1 2"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoundingBox.parse(text), text);
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> new BoundingBox(0, 0, 1, 1).toModelInput(0, 10, input64(ResizeMethod.SQUISH)));
  }

  @Test
  void theDemosGroundTruthIsABoxesFile() throws IOException {
    Path demo = Path.of("assets", "demo");
    Map<String, BoundingBox> boxes = BoxesCsv.read(demo.resolve("ground-truth.csv"), demo.resolve("images"));
    assertEquals(320, boxes.size());
    assertEquals(BoundingBox.parse("34 33 83 82"), boxes.get("circle/img_0000.png"));
  }

  @Test
  void aBoxesFileWithoutItsColumnsOrWithABadBoxIsRefusedByLine() throws IOException {
    Path noBox = Files.writeString(dir.resolve("a.csv"), "file,label\nx.png,cat\n");
    assertTrue(assertThrows(DatasetException.class, () -> BoxesCsv.read(noBox, dir)).getMessage()
        .contains("no 'box' column"));
    Path bad = Files.writeString(dir.resolve("b.csv"), "file,box\nx.png,1 2 3 4\ny.png,1 2 3\n");
    assertTrue(assertThrows(DatasetException.class, () -> BoxesCsv.read(bad, dir)).getMessage().contains("line 3"));
    Path twice = Files.writeString(dir.resolve("c.csv"), "file,box\nx.png,1 2 3 4\n./x.png,1 2 3 5\n");
    assertTrue(assertThrows(DatasetException.class, () -> BoxesCsv.read(twice, dir)).getMessage().contains("two boxes"));
    Path empty = Files.writeString(dir.resolve("d.csv"), "file,box\nx.png,\n");
    assertEquals(Map.of(), BoxesCsv.read(empty, dir));
  }
}
