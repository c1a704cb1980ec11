package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.DatasetScanner;
import com.comprehendo.data.LabelSource;
import com.comprehendo.job.CancelledException;
import com.comprehendo.model.TorchScriptClassifier;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and resuming dataset predictions, as the explorer does when its chunks make way for a click:
 * a cancel seen while a batch was decoding leaves nothing of that batch behind, so resuming at the
 * images reported done predicts each image, and lists each unreadable file, exactly once.
 */
class DatasetPredictorTest {

  @TempDir static Path dir;
  static TorchScriptClassifier model;
  static Dataset dataset;

  @BeforeAll
  static void makeDataset() throws Exception {
    Path file = dir.resolve("tinycnn.pt");
    try (InputStream in = DatasetPredictorTest.class.getResourceAsStream("/captum-ref/tinycnn.pt")) {
      Files.copy(in, file);
    }
    Files.writeString(dir.resolve("tinycnn.json"), "{\"classes\": [\"cat\", \"dog\"], \"input_size\": 64}");
    Path images = dir.resolve("images");
    for (String label : List.of("cat", "dog")) {
      Files.createDirectories(images.resolve(label));
      for (int i = 0; i < 6; i++) {
        BufferedImage picture = new BufferedImage(40, 30 + i, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(i, i, label.equals("cat") ? 0xff0000 : 0x00ff00);
        ImageIO.write(picture, "png", images.resolve(label).resolve(label + "_" + i + ".png").toFile());
      }
    }
    // Sorted into the second batch: the one cancelled before its pass.
    Files.writeString(images.resolve("cat").resolve("cat_3b.png"), "not a png");
    model = TorchScriptClassifier.load(file, Device.cpu());
    dataset = DatasetScanner.scan(images, LabelSource.parse("auto")).matchClasses(model.classNames());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void aCancelBeforeAPassKeepsNothingOfThatBatchAndResumingCountsEveryImageOnce() throws IOException {
    assertEquals(13, dataset.size());
    PredictionAccumulator accumulator = new PredictionAccumulator(model.classNames(), ScoreKind.PROBABILITIES);
    AtomicInteger reportedDone = new AtomicInteger();
    AtomicInteger checks = new AtomicInteger();
    // Checks come twice a batch (before decoding, before the pass): the 4th is before batch 2's pass.
    DatasetPredictor first = DatasetPredictor.builder(model).optBatchSize(4)
        .optProgress((done, total) -> reportedDone.set((int) done))
        .optCancellation(() -> checks.incrementAndGet() >= 4)
        .build();
    assertThrows(CancelledException.class, () -> first.predictInto(dataset, accumulator));
    assertEquals(4, reportedDone.get(), "one batch done");
    assertEquals(4, accumulator.snapshot().predictedCount());
    assertEquals(0, accumulator.snapshot().unreadable().size(), "the cancelled batch's broken file is not listed yet");

    Dataset rest = Dataset.of(dataset.root(), dataset.classNames(),
        dataset.records().subList(reportedDone.get(), dataset.size()), dataset.labelSource(), dataset.labelRule());
    DatasetPredictor.builder(model).optBatchSize(4).build().predictInto(rest, accumulator);

    AnalysisSnapshot all = accumulator.snapshot();
    assertEquals(12, all.predictedCount());
    assertEquals(1, all.unreadable().size(), "the broken file listed once");
    assertEquals(12, new HashSet<>(all.predictions().stream().map(ImagePrediction::path).toList()).size());
  }
}
