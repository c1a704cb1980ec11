package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePredictionTest {

  private static final Path IMAGE = Path.of("a.jpg");

  @Test
  void softmaxOfTwoOneZero() {
    assertArrayEquals(
        new double[] {0.6652409, 0.2447285, 0.0900306},
        Softmax.softmax(new float[] {2, 1, 0}),
        1e-7);
  }

  @Test
  void lossIsCrossEntropyOfTheTrueClass() {
    ImagePrediction prediction =
        ImagePrediction.fromScores(IMAGE, 2, new float[] {2, 1, 0}, ScoreKind.LOGITS, 5);

    assertEquals(2.4076059, prediction.loss(), 1e-7);
    assertEquals(0, prediction.predicted());
    assertEquals(0.6652409f, prediction.predictedProbability(), 1e-7f);
    assertEquals(0.0900306f, prediction.actualProbability(), 1e-7f);
    assertFalse(prediction.isCorrect());
    assertEquals(
        0.4076059,
        ImagePrediction.fromScores(IMAGE, 0, new float[] {2, 1, 0}, ScoreKind.LOGITS, 5).loss(),
        1e-7);
  }

  @Test
  void largeLogitsStayFiniteAndExact() {
    ImagePrediction shifted =
        ImagePrediction.fromScores(IMAGE, 2, new float[] {1002, 1001, 1000}, ScoreKind.LOGITS, 5);
    assertEquals(2.4076059, shifted.loss(), 1e-7);

    // p(true) underflows to 0 in float, but the loss comes from the log-softmax: exactly 1000, not
    // infinity.
    ImagePrediction confidentlyWrong =
        ImagePrediction.fromScores(IMAGE, 0, new float[] {-1000, 0}, ScoreKind.LOGITS, 5);
    assertEquals(1000.0, confidentlyWrong.loss(), 1e-9);
    assertEquals(0f, confidentlyWrong.actualProbability());
  }

  @Test
  void probabilityOutputsUseTheClampedLog() {
    ImagePrediction prediction =
        ImagePrediction.fromScores(
            IMAGE, 1, new float[] {0.7f, 0.2f, 0.1f}, ScoreKind.PROBABILITIES, 5);
    assertEquals(-Math.log(0.2f), prediction.loss(), 1e-12);
    assertEquals(1.6094379, prediction.loss(), 1e-6);
    assertEquals(0.7f, prediction.predictedProbability());

    ImagePrediction zero =
        ImagePrediction.fromScores(IMAGE, 1, new float[] {1f, 0f}, ScoreKind.PROBABILITIES, 5);
    assertEquals(27.6310211, zero.loss(), 1e-6);
  }

  @Test
  void argmaxTiesGoToTheLowestIndexAndNanWinsLikeTorch() {
    assertEquals(1, Softmax.argmax(new float[] {1, 3, 3}));
    assertEquals(0, Softmax.argmax(new float[] {0, 0, 0}));
    assertEquals(1, Softmax.argmax(new float[] {1, Float.NaN, 5}));
    assertEquals(2, Softmax.argmax(new float[] {-5, -3, -1}));
  }

  @Test
  void nonFiniteLogitsGiveNanProbabilitiesAndLoss() {
    ImagePrediction prediction =
        ImagePrediction.fromScores(IMAGE, 0, new float[] {1, Float.NaN, 0}, ScoreKind.LOGITS, 5);

    assertEquals(1, prediction.predicted());
    assertTrue(Double.isNaN(prediction.loss()));
    assertTrue(Float.isNaN(prediction.predictedProbability()));
    assertFalse(prediction.finite());
  }

  @Test
  void unlabelledImagesHaveNoLoss() {
    ImagePrediction prediction =
        ImagePrediction.fromScores(IMAGE, -1, new float[] {0, 3}, ScoreKind.LOGITS, 5);

    assertFalse(prediction.isLabelled());
    assertFalse(prediction.isCorrect());
    assertEquals(1, prediction.predicted());
    assertTrue(Double.isNaN(prediction.loss()));
    assertTrue(Float.isNaN(prediction.actualProbability()));
  }

  @Test
  void topClassesAreMostProbableFirstWithTiesByIndex() {
    ImagePrediction prediction =
        ImagePrediction.fromScores(IMAGE, -1, new float[] {1, 2, 2, 0}, ScoreKind.LOGITS, 3);

    assertEquals(
        List.of(1, 2, 0), prediction.top().stream().map(ClassProbability::classIndex).toList());
    assertEquals(
        2,
        ImagePrediction.fromScores(IMAGE, -1, new float[] {1, 2}, ScoreKind.LOGITS, 5)
            .top()
            .size());
  }

  @Test
  void rejectsATrueClassOutsideTheScores() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImagePrediction.fromScores(IMAGE, 3, new float[] {1, 2, 3}, ScoreKind.LOGITS, 5));
    assertEquals("true class 3 of a.jpg is outside the 3 classes", e.getMessage());
  }
}
