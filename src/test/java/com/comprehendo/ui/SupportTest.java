package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.Prediction;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.ResizeMethod;
import com.comprehendo.ui.support.ErrorMessages;
import com.comprehendo.ui.support.FigureComposer;
import com.comprehendo.ui.support.Formats;
import com.comprehendo.ui.support.ImageEntry;
import com.comprehendo.ui.support.ImageFolder;
import com.comprehendo.ui.support.ImageInput;
import com.comprehendo.ui.support.PreparedImage;
import com.comprehendo.ui.support.RecentFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's helpers below the view-models. */
class SupportTest {

  @TempDir Path dir;

  @Test
  void imageInputSquishesAndNormalizesChannelsFirst() throws IOException {
    BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 4; x++) {
      image.setRGB(x, 0, 0xFF0000);
      image.setRGB(x, 1, 0x0000FF);
    }
    Path file = dir.resolve("two.png");
    ImageIO.write(image, "png", file.toFile());
    Preprocessing pre = new Preprocessing(2, 2, ResizeMethod.SQUISH, new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.5f, 0.25f, 0.5f});

    PreparedImage prepared = ImageInput.load(file, pre);

    assertEquals(4, prepared.originalWidth());
    assertEquals(2, prepared.pixels().width());
    float[] t = prepared.tensor();
    assertEquals(12, t.length);
    assertEquals(1f, t[0], 1e-6, "red row, R: (1 - 0.5) / 0.5");
    assertEquals(-2f, t[4], 1e-6, "red row, G: (0 - 0.5) / 0.25");
    assertEquals(1f, t[8 + 2], 1e-6, "blue row, B");
  }

  @Test
  void imageInputPadsAndCropsToTheInputSize() throws IOException {
    Path file = dir.resolve("wide.png");
    BufferedImage wide = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        wide.setRGB(x, y, 0xFFFFFF);
      }
    }
    ImageIO.write(wide, "png", file.toFile());
    float[] mean = {0f, 0f, 0f};
    float[] std = {1f, 1f, 1f};

    PreparedImage padded = ImageInput.load(file, new Preprocessing(4, 4, ResizeMethod.PAD, mean, std));
    PreparedImage cropped = ImageInput.load(file, new Preprocessing(4, 4, ResizeMethod.CROP, mean, std));

    // fastai's pad: a centred black band above and below, then one antialiased (Pillow) resize, so
    // the outer rows are dark and the middle rows light.
    int top = padded.pixels().get(0, 0) & 0xFF;
    int middle = padded.pixels().get(1, 0) & 0xFF;
    assertTrue(top < 0x80, "dark band above: " + top);
    assertTrue(middle > top + 0x40, "the image in the middle: " + middle);
    assertEquals(0xFFFFFF, cropped.pixels().get(0, 0), "a crop of a white image is white");
  }

  @Test
  void unreadableFilesAreReportedInWords() throws IOException {
    Path file = dir.resolve("text.png");
    Files.writeString(file, "hello");
    IOException error = assertThrows(IOException.class, () -> ImageInput.load(file, null));
    assertTrue(error.getMessage().contains("text.png: not an image"), error.getMessage());
  }

  @Test
  void folderScanIsRecursiveNaturallySortedAndLabelled() throws IOException {
    Files.createDirectories(dir.resolve("dog"));
    Files.createDirectories(dir.resolve(".hidden"));
    for (String name : List.of("dog/img10.png", "dog/img2.jpg", "top.png", ".hidden/x.png", "dog/notes.txt")) {
      Files.writeString(dir.resolve(name), "");
    }

    List<ImageEntry> entries = ImageFolder.scan(dir, () -> false);

    assertEquals(List.of("dog/img2.jpg", "dog/img10.png", "top.png"),
        entries.stream().map(ImageEntry::relativePath).toList());
    assertEquals("dog", entries.get(0).label());
    assertEquals("", entries.get(2).label());
  }

  @Test
  void predictionIsASoftmaxRankedByProbability() {
    Prediction p = Prediction.of(new float[] {0f, 2f, 1f}, ScoreKind.LOGITS, List.of("a", "b", "c"));
    assertEquals(1, p.predictedIndex());
    assertEquals(List.of("b", "c"), p.top(2).stream().map(Prediction.RankedClass::name).toList());
    assertEquals(1.0, p.probability(0) + p.probability(1) + p.probability(2), 1e-6);
  }

  @Test
  void recentFilesKeepTheNewestFirstWithoutDuplicates() throws Exception {
    Preferences node = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
    RecentFiles recent = new RecentFiles(node);
    recent.addModel(dir.resolve("a.pt"));
    recent.addModel(dir.resolve("b.pt"));
    recent.addModel(dir.resolve("a.pt"));
    assertEquals(List.of(dir.resolve("a.pt"), dir.resolve("b.pt")), recent.models());
    for (int i = 0; i < 12; i++) {
      recent.addFolder(dir.resolve("f" + i));
    }
    assertEquals(8, recent.folders().size());
    node.removeNode();
  }

  @Test
  void saveDialogsStartInTheFolderSavedToLastAtFirstTheHomeFolder() throws Exception {
    Preferences node = Preferences.userRoot().node("com/comprehendo/test/" + System.nanoTime());
    RecentFiles recent = new RecentFiles(node);
    assertEquals(Path.of(System.getProperty("user.home")), recent.exportFolder());
    recent.rememberExport(dir.resolve("exports/cat_ig.png"));
    assertEquals(dir.resolve("exports").toAbsolutePath(), new RecentFiles(node).exportFolder(), "across runs");
    recent.clear();
    assertEquals(Path.of(System.getProperty("user.home")), recent.exportFolder());
    node.removeNode();
  }

  @Test
  void accuracyAndErrorRateAddUpTo100Percent() {
    // The demo: 292 of 320 right is 91.25%, which rounded each on its own read 91.3% + 8.8%.
    assertEquals(List.of("91.3%", "8.7%"), List.of(Formats.complementaryPercents(292 / 320.0)));
    assertEquals(List.of("75.0%", "25.0%"), List.of(Formats.complementaryPercents(0.75)));
    assertEquals(List.of(">99.9%", "<0.1%"), List.of(Formats.complementaryPercents(1 - 1 / 5000.0)));
    assertEquals(List.of("100.0%", "0.0%"), List.of(Formats.complementaryPercents(1)));
    assertEquals(List.of("<0.1%", ">99.9%"), List.of(Formats.complementaryPercents(1 / 5000.0)));
  }

  @Test
  void ctrlEExportsWhatTheShownTabShows() {
    assertEquals(ExportKind.PREDICTIONS_CSV, ExportKind.forTab(MainTab.DATASET));
    assertEquals(ExportKind.VIEW_PNG, ExportKind.forTab(MainTab.EXPLAIN));
    assertEquals(ExportKind.COMPARISON_PNG, ExportKind.forTab(MainTab.COMPARE));
  }

  @Test
  void outOfMemoryGetsAdviceInsteadOfAStackTrace() {
    String message = ErrorMessages.describe(new RuntimeException(new OutOfMemoryError("Java heap space")));
    assertTrue(message.startsWith("Out of memory"), message);
    assertTrue(message.contains("internal_batch_size"), message);
  }

  @Test
  void messagesStartWithACapitalButFileAndParameterNamesStayAsTheyAre() {
    assertEquals("Cannot read x", ErrorMessages.describe(new IllegalArgumentException("cannot read x")));
    assertEquals("a_broken.jpg: not an image",
        ErrorMessages.describe(new java.io.IOException("a_broken.jpg: not an image")));
    assertEquals("n_steps must be at least 1", ErrorMessages.describe(new IllegalArgumentException("n_steps must be at least 1")));
    assertEquals("photo.png is empty", ErrorMessages.describe(new RuntimeException("photo.png is empty")));
  }

  @Test
  void formatsUseTypographicMinusAndSignificantDigits() {
    assertEquals("−1.23e−04", Formats.value(-1.234e-4));
    assertEquals("+0.500", Formats.signed(0.5));
    assertEquals("87.3%", Formats.percent(0.8734));
    assertEquals("1 min 5 s", Formats.duration(65));
  }

  @Test
  void figureEnlargesPanelsByWholeFactors() {
    int[] pixels = new int[8 * 8];
    java.util.Arrays.fill(pixels, 0xFF336699);
    BufferedImage figure = FigureComposer.compose(
        List.of(new FigureComposer.Panel("a", "", pixels, 8, 8), new FigureComposer.Panel("b", "", pixels, 8, 8)),
        2, null);
    assertTrue(figure.getWidth() > 2 * 256);
    assertEquals(0x336699, figure.getRGB(20 + 100, figure.getHeight() / 2) & 0xFFFFFF);
  }
}
