package com.comprehendo.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngWriterTest {

  @TempDir Path folder;

  @Test
  void writesLosslessArgbAndLeavesNoTemporaryFile() throws IOException {
    int[] pixels = {0x7FC86433, 0xFF000000, 0x00FFFFFF, 0xFF123456, 0x80808080, 0xFFFFFFFF};
    Path file = folder.resolve("sub/heat.png");

    PngWriter.write(pixels, 3, 2, file);

    BufferedImage read = ImageIO.read(file.toFile());
    assertEquals(3, read.getWidth());
    assertEquals(2, read.getHeight());
    int[] readBack = read.getRGB(0, 0, 3, 2, null, 0, 3);
    // A fully transparent pixel's colour may be normalized; compare alpha there only.
    assertEquals(0, readBack[2] >>> 24);
    readBack[2] = pixels[2];
    assertArrayEquals(pixels, readBack);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void replacesAnExistingFile() throws IOException {
    Path file = folder.resolve("heat.png");
    Files.writeString(file, "old");

    PngWriter.write(new int[] {0xFF00FF00}, 1, 1, file);

    assertEquals(0xFF00FF00, ImageIO.read(file.toFile()).getRGB(0, 0));
  }

  @Test
  void failureLeavesNoFile() throws IOException {
    Path notAFolder = folder.resolve("plain-file");
    Files.writeString(notAFolder, "x");
    Path file = notAFolder.resolve("heat.png");

    assertThrows(IOException.class, () -> PngWriter.write(new int[] {0xFF000000}, 1, 1, file));

    assertFalse(Files.exists(file));
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of(notAFolder), files.toList());
    }
  }
}
