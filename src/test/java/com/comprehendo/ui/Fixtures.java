package com.comprehendo.ui;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Test data: the tiny TorchScript model with a sidecar, and generated images in label folders. */
final class Fixtures {

  static final String SIDECAR =
      "{\"classes\":[\"cat\",\"dog\"],\"input_size\":[64,64],\"resize\":\"squish\","
          + "\"mean\":[0.5,0.5,0.5],\"std\":[0.25,0.25,0.25],\"output\":\"logits\"}";

  private Fixtures() {}

  /** Copies {@code tinycnn.pt} (1×3×64×64 in, 2 classes out) into {@code dir} with its sidecar. */
  static Path tinyModel(Path dir) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.createDirectories(dir);
      Path model = dir.resolve("tinycnn.pt");
      Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(dir.resolve("tinycnn.json"), SIDECAR, StandardCharsets.UTF_8);
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A stand-in model file ({@code dir/model.pt}, for the fake explainer) and three cat and three dog
   * images in {@code dir/pets}; returns the images' folder.
   */
  static Path standInModelAndPets(Path dir) throws IOException {
    Files.writeString(dir.resolve("model.pt"), "stand-in");
    Path folder = dir.resolve("pets");
    images(folder, 3);
    return folder;
  }

  /** Writes {@code perLabel} PNGs into {@code dir/cat} and {@code dir/dog}; returns them sorted. */
  static List<Path> images(Path dir, int perLabel) {
    List<Path> files = new ArrayList<>();
    try {
      for (String label : List.of("cat", "dog")) {
        Path folder = Files.createDirectories(dir.resolve(label));
        for (int i = 1; i <= perLabel; i++) {
          Path file = folder.resolve(label + "_" + i + ".png");
          ImageIO.write(picture(label.equals("cat") ? i : 10 + i), "png", file.toFile());
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** A 96×80 picture with a gradient and a shape that differ with {@code seed}. */
  static BufferedImage picture(int seed) {
    BufferedImage image = new BufferedImage(96, 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int y = 0; y < 80; y++) {
      g.setColor(new Color((seed * 37 + y * 2) % 256, (seed * 91 + y) % 256, (200 - y * 2 + 256) % 256));
      g.drawLine(0, y, 95, y);
    }
    g.setColor(new Color((seed * 53) % 256, 40, 220 - (seed * 17) % 200));
    g.fillOval(10 + seed % 30, 12, 40, 36);
    g.dispose();
    return image;
  }
}
