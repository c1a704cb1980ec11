package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.UnreadableImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PredictionAccumulatorTest {

  private static final List<String> CLASSES = List.of("cat", "dog", "fox");
  private static final int CAT = 0;
  private static final int DOG = 1;
  private static final int FOX = 2;

  /** Five labelled images (two right) and one unlabelled. */
  private static PredictionAccumulator example() {
    PredictionAccumulator results = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    results.add(Path.of("a.jpg"), CAT, new float[] {3, 1, 0}); // right
    results.add(Path.of("b.jpg"), CAT, new float[] {0, 2, 0}); // cat -> dog
    results.add(Path.of("c.jpg"), CAT, new float[] {0, 5, 0}); // cat -> dog, worse
    results.add(Path.of("d.jpg"), DOG, new float[] {0, 1, 4}); // dog -> fox
    results.add(Path.of("e.jpg"), FOX, new float[] {0, 0, 9}); // right
    results.add(Path.of("f.jpg"), -1, new float[] {1, 0, 0}); // unlabelled
    return results;
  }

  @Test
  void accuracyCountsLabelledImagesOnly() {
    AnalysisSnapshot results = example().snapshot();

    assertEquals(6, results.predictedCount());
    assertEquals(5, results.labelledCount());
    assertEquals(2, results.correctCount());
    assertEquals(0.4, results.accuracy(), 1e-12);
    assertEquals(0.6, results.errorRate(), 1e-12);
  }

  @Test
  void meanLossIsTheAverageCrossEntropy() {
    double expected =
        (lse(3, 1, 0) - 3 + lse(0, 2, 0) + lse(0, 5, 0) + lse(0, 1, 4) - 1 + lse(0, 0, 9) - 9) / 5;

    assertEquals(expected, example().snapshot().meanLoss(), 1e-9);
  }

  @Test
  void confusionMatrixIsActualByPredicted() {
    ConfusionMatrix matrix = example().snapshot().confusionMatrix();

    assertEquals(CLASSES, matrix.classNames());
    assertArrayEquals(new int[][] {{1, 2, 0}, {0, 0, 1}, {0, 0, 1}}, matrix.counts());
    assertEquals(2, matrix.count(CAT, DOG));
    assertEquals(3, matrix.rowTotal(CAT));
    assertEquals(2, matrix.columnTotal(FOX));
    assertEquals(5, matrix.total());
    assertEquals(2, matrix.correct());
  }

  @Test
  void mostConfusedIsSortedByCountThenNames() {
    PredictionAccumulator accumulator = example();
    accumulator.add(
        Path.of("g.jpg"), FOX, new float[] {5, 0, 0}); // fox -> cat, ties with dog -> fox

    AnalysisSnapshot results = accumulator.snapshot();

    assertEquals(
        List.of(
            new ConfusedPair("cat", "dog", CAT, DOG, 2),
            new ConfusedPair("dog", "fox", DOG, FOX, 1),
            new ConfusedPair("fox", "cat", FOX, CAT, 1)),
        results.mostConfused(1));
    assertEquals(List.of(new ConfusedPair("cat", "dog", CAT, DOG, 2)), results.mostConfused(2));
    assertEquals(List.of(), results.mostConfused(3));
  }

  @Test
  void topLossesAreHighestFirstWithTiesByPath() {
    PredictionAccumulator accumulator = example();
    accumulator.add(Path.of("a2.jpg"), CAT, new float[] {0, 5, 0}); // same loss as c.jpg

    List<ImagePrediction> top = accumulator.snapshot().topLosses(4);

    assertEquals(
        List.of("a2.jpg", "c.jpg", "d.jpg", "b.jpg"),
        top.stream().map(p -> p.path().toString()).toList());
    assertEquals(lse(0, 5, 0), top.get(0).loss(), 1e-9);
    assertEquals(top.get(0).loss(), top.get(1).loss());
    assertEquals(6, accumulator.snapshot().topLosses(100).size()); // labelled only
  }

  @Test
  void perClassPrecisionAndRecall() {
    List<ClassMetrics> metrics = example().snapshot().classMetrics();

    assertEquals(new ClassMetrics("cat", 3, 1, 1, 1.0, 1.0 / 3, 0.5), metrics.get(CAT));
    assertEquals(new ClassMetrics("dog", 1, 2, 0, 0.0, 0.0, 0.0), metrics.get(DOG));
    ClassMetrics fox = metrics.get(FOX);
    assertEquals(0.5, fox.precision(), 1e-12);
    assertEquals(1.0, fox.recall(), 1e-12);
    assertEquals(2.0 / 3, fox.f1(), 1e-12);
  }

  @Test
  void aClassNeverSeenHasNanRatios() {
    ConfusionMatrix matrix = new ConfusionMatrix(List.of("a", "b"), new int[][] {{2, 0}, {0, 0}});

    ClassMetrics b = matrix.classMetrics().get(1);
    assertTrue(Double.isNaN(b.precision()));
    assertTrue(Double.isNaN(b.recall()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ConfusionMatrix(List.of("a", "b"), new int[][] {{1, 2}}));
  }

  @Test
  void snapshotsDoNotChangeWhenMoreIsAdded() {
    PredictionAccumulator accumulator = example();
    AnalysisSnapshot before = accumulator.snapshot();

    accumulator.add(Path.of("z.jpg"), DOG, new float[] {0, 9, 0});
    accumulator.addUnreadable(new UnreadableImage(Path.of("bad.jpg"), "empty file (0 bytes)"));

    assertEquals(6, before.predictedCount());
    assertEquals(0.4, before.accuracy(), 1e-12);
    assertEquals(List.of(), before.unreadable());
    assertEquals(5, before.confusionMatrix().total());
    AnalysisSnapshot after = accumulator.snapshot();
    assertEquals(7, after.predictedCount());
    assertEquals(0.5, after.accuracy(), 1e-12);
    assertEquals(
        List.of(new UnreadableImage(Path.of("bad.jpg"), "empty file (0 bytes)")),
        after.unreadable());
  }

  @Test
  void batchesAreFlattenedRowMajor() {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    List<ImageRecord> batch =
        List.of(new ImageRecord(Path.of("a.jpg"), CAT), new ImageRecord(Path.of("b.jpg"), FOX));

    List<ImagePrediction> predictions = accumulator.addBatch(batch, new float[] {2, 1, 0, 0, 1, 2});

    assertEquals(CAT, predictions.get(0).predicted());
    assertEquals(FOX, predictions.get(1).predicted());
    assertEquals(2.4076059 - 2, predictions.get(0).loss(), 1e-7);
    assertEquals(1.0, accumulator.snapshot().accuracy());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> accumulator.addBatch(batch, new float[] {1, 2, 3}));
    assertEquals("expected 2 × 3 scores, got 3", e.getMessage());
  }

  @Test
  void nothingLabelledGivesNanAccuracyAndNoTopLosses() {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.PROBABILITIES);
    accumulator.add(Path.of("a.jpg"), -1, new float[] {0.2f, 0.5f, 0.3f});

    AnalysisSnapshot results = accumulator.snapshot();

    assertTrue(Double.isNaN(results.accuracy()));
    assertTrue(Double.isNaN(results.meanLoss()));
    assertEquals(List.of(), results.topLosses(5));
    assertEquals(0, results.confusionMatrix().total());
  }

  @Test
  void scoresMustHaveOneValuePerClass() {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> accumulator.add(Path.of("a.jpg"), 0, new float[] {1, 2}));
    assertEquals("the model gave 2 scores for a.jpg, expected one per class (3)", e.getMessage());
  }

  @Test
  void concurrentBatchesAndSnapshotsStayConsistent() throws Exception {
    PredictionAccumulator accumulator = new PredictionAccumulator(CLASSES, ScoreKind.LOGITS);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    List<ImageRecord> batch =
                        List.of(
                            new ImageRecord(Path.of(thread + "-" + i + "-a.jpg"), CAT),
                            new ImageRecord(Path.of(thread + "-" + i + "-b.jpg"), DOG));
                    accumulator.addBatch(
                        batch, new float[] {5, 0, 0, 5, 0, 0}); // one right, one wrong
                  }
                }));
      }
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  AnalysisSnapshot s = accumulator.snapshot();
                  assertEquals(s.predictedCount(), s.labelledCount());
                  assertEquals(s.labelledCount(), s.confusionMatrix().total());
                  assertEquals(s.labelledCount(), 2 * s.correctCount()); // whole batches only
                }
              }));
      for (Future<?> f : work) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1200, accumulator.size());
    assertEquals(0.5, accumulator.snapshot().accuracy(), 1e-12);
  }

  private static double lse(double... values) {
    double sum = 0;
    for (double v : values) {
      sum += Math.exp(v);
    }
    return Math.log(sum);
  }
}
