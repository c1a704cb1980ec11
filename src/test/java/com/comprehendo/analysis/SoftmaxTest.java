package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One softmax/argmax for the Explain tab ({@link Prediction}) and the dataset ({@link
 * ImagePrediction}); expected values are PyTorch 1.13's ({@code torch.argmax}, {@code torch.topk},
 * {@code torch.softmax}).
 */
class SoftmaxTest {

  private static final List<String> CLASSES = List.of("a", "b", "c");
  private static final Path IMAGE = Path.of("a.jpg");

  private static ImagePrediction image(float[] scores, ScoreKind kind) {
    return ImagePrediction.fromScores(IMAGE, 0, scores, kind, scores.length);
  }

  private static List<Integer> ranks(Prediction p) {
    return p.top(p.scores().length).stream().map(Prediction.RankedClass::index).toList();
  }

  private static List<Integer> ranks(ImagePrediction p) {
    return p.top().stream().map(ClassProbability::classIndex).toList();
  }

  @Test
  void aNearTieGoesToTheLargerLogitInBothViews() {
    // The two logits are one float apart: their probabilities round to the same float (0.5), which
    // the Explain tab used to take the argmax of (class 0) while the dataset took it of the logits
    // (class 1). torch.argmax(logits) says 1.
    float[] logits = {0.001f, Math.nextUp(0.001f)};
    Prediction explain = Prediction.of(logits, ScoreKind.LOGITS, List.of("a", "b"));
    ImagePrediction dataset = image(logits, ScoreKind.LOGITS);

    assertEquals(explain.probability(0), explain.probability(1), "equal after rounding to float");
    assertEquals(1, explain.predictedIndex());
    assertEquals(1, dataset.predicted());
    assertEquals(List.of(1, 0), ranks(explain));
    assertEquals(ranks(explain), ranks(dataset));
    assertTrue(explain.isFinite());
    assertTrue(dataset.finite());
  }

  @Test
  void aNanOutputWinsLikeTorchArgmaxAndTheRowIsMarkedNonFinite() {
    float[] logits = {1, Float.NaN, 5};
    Prediction explain = Prediction.of(logits, ScoreKind.LOGITS, CLASSES);
    ImagePrediction dataset = image(logits, ScoreKind.LOGITS);

    assertEquals(1, Softmax.argmax(logits), "torch.argmax([1, nan, 5]) = 1");
    assertEquals(1, explain.predictedIndex());
    assertEquals(1, dataset.predicted());
    assertEquals(List.of(1, 2, 0), ranks(explain), "torch.topk([1, nan, 5], 3).indices = [1, 2, 0]");
    assertEquals(ranks(explain), ranks(dataset));
    assertFalse(explain.isFinite());
    assertFalse(dataset.finite());
    assertTrue(Float.isNaN(dataset.predictedProbability()), "torch.softmax([1, nan, 5]) is all NaN");
    assertTrue(Double.isNaN(dataset.loss()));
    for (int i = 0; i < 3; i++) {
      assertTrue(Double.isNaN(explain.probability(i)));
    }
  }

  @Test
  void nanProbabilityOutputsAreMarkedToo() {
    float[] probabilities = {0.7f, Float.NaN, 0.3f};
    Prediction explain = Prediction.of(probabilities, ScoreKind.PROBABILITIES, CLASSES);
    ImagePrediction dataset = image(probabilities, ScoreKind.PROBABILITIES);

    assertEquals(1, explain.predictedIndex());
    assertEquals(1, dataset.predicted());
    assertFalse(explain.isFinite());
    assertFalse(dataset.finite());
  }

  @Test
  void theFirstNanWinsAndTiesGoToTheLowestIndex() {
    assertEquals(1, Softmax.argmax(new float[] {0, Float.NaN, Float.NaN}));
    assertArrayEquals(new int[] {1, 2, 0}, Softmax.ranked(new float[] {0, Float.NaN, Float.NaN}, 3));
    assertEquals(1, Softmax.argmax(new float[] {1, 3, 3}));
    assertArrayEquals(new int[] {1, 2, 0}, Softmax.ranked(new float[] {1, 3, 3}, 5));
    assertArrayEquals(new int[] {}, Softmax.ranked(new float[] {1, 3, 3}, -1));
  }

  @Test
  void infiniteLogitsFollowTorchSoftmax() {
    // torch.softmax([-inf, 0]) = [0, 1]; torch.softmax([inf, 0]) = [nan, nan]; all -inf: nan.
    assertArrayEquals(new double[] {0, 1}, Softmax.softmax(new float[] {Float.NEGATIVE_INFINITY, 0}), 0);
    assertTrue(Double.isNaN(Softmax.softmax(new float[] {Float.POSITIVE_INFINITY, 0})[1]));
    assertTrue(Double.isNaN(
        Softmax.softmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY})[0]));

    ImagePrediction masked = ImagePrediction.fromScores(
        IMAGE, 0, new float[] {Float.NEGATIVE_INFINITY, 0}, ScoreKind.LOGITS, 2);
    assertEquals(1, masked.predicted());
    assertEquals(1f, masked.predictedProbability());
    assertEquals(Double.POSITIVE_INFINITY, masked.loss(), "torch cross_entropy of a -inf logit");
    assertFalse(masked.finite(), "an infinite output is marked even where the softmax is defined");
    Prediction explain =
        Prediction.of(new float[] {Float.NEGATIVE_INFINITY, 0}, ScoreKind.LOGITS, List.of("a", "b"));
    assertEquals(1, explain.predictedIndex());
    assertEquals(1.0, explain.probability(1));
    assertFalse(explain.isFinite());
  }

  @Test
  void bothViewsGiveTheSameProbabilities() {
    float[] logits = {-3.25f, 7.5f, 7.25f};
    Prediction explain = Prediction.of(logits, ScoreKind.LOGITS, CLASSES);
    ImagePrediction dataset = image(logits, ScoreKind.LOGITS);

    assertEquals(explain.predictedIndex(), dataset.predicted());
    assertEquals((float) explain.probability(dataset.predicted()), dataset.predictedProbability());
    for (int i = 0; i < 3; i++) {
      assertEquals((float) explain.probability(dataset.top().get(i).classIndex()),
          dataset.top().get(i).probability());
    }
    assertEquals(1.0, explain.probability(0) + explain.probability(1) + explain.probability(2), 1e-6);
  }
}
