package com.comprehendo.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.ResizeMethod;
import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.NormalizedMap;
import com.comprehendo.render.Sign;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Energy in box, pointing game and class means on maps small enough to compute by hand. */
class LocalizationTest {

  /**
   * <pre>
   * 2 0 0  0
   * 0 2 1  0
   * 0 1 4  0
   * 0 0 0 -3
   * </pre>
   * Positive mass 10.
   */
  private static final AttributionMap MAP = new AttributionMap(4, 4, new float[] {
      2, 0, 0, 0,
      0, 2, 1, 0,
      0, 1, 4, 0,
      0, 0, 0, -3});

  @Test
  void energyInBoxIsTheShareOfPositiveAttributionInside() {
    assertEquals(0.8, Localization.energyInBox(MAP, new BoundingBox(1, 1, 3, 3)).getAsDouble(), 1e-12);
    assertEquals(0.2, Localization.energyInBox(MAP, new BoundingBox(0, 0, 1, 1)).getAsDouble(), 1e-12);
    // Negative attribution inside the box does not count: only the 0 of row 3 and the -3.
    assertEquals(0.0, Localization.energyInBox(MAP, new BoundingBox(2, 3, 4, 4)).getAsDouble(), 1e-12);
    // Half of column 1 is covered: 0.5 * (2 + 1) + 1 + 4 = 6.5 of 10.
    assertEquals(0.65, Localization.energyInBox(MAP, new BoundingBox(1.5, 1, 3, 3)).getAsDouble(), 1e-12);
  }

  @Test
  void energyIsUndefinedWithoutPositiveAttribution() {
    AttributionMap negative = new AttributionMap(1, 2, new float[] {-1, 0});
    assertEquals(OptionalDouble.empty(), Localization.energyInBox(negative, new BoundingBox(0, 0, 1, 1)));
  }

  @Test
  void pointingGameHitsWhenTheMaximumIsInTheBox() {
    assertEquals(Optional.of(true), Localization.pointingHit(MAP, new BoundingBox(2, 2, 3, 3)));
    assertEquals(Optional.of(false), Localization.pointingHit(MAP, new BoundingBox(0, 0, 2, 2)));
    // A tie goes to the first maximum in row-major order: (0, 0), not (1, 1).
    AttributionMap tie = new AttributionMap(2, 2, new float[] {5, 0, 0, 5});
    assertEquals(Optional.of(true), Localization.pointingHit(tie, new BoundingBox(0, 0, 1, 1)));
    assertEquals(Optional.of(false), Localization.pointingHit(tie, new BoundingBox(1, 1, 2, 2)));
    AttributionMap nothing = new AttributionMap(1, 1, new float[] {Float.NaN});
    assertEquals(Optional.empty(), Localization.pointingHit(nothing, new BoundingBox(0, 0, 1, 1)));
  }

  @Test
  void anImageBoxIsCarriedToTheMapThroughThePreprocessing() {
    // An 8 x 8 image squished to a 4 x 4 input, and a map of three equal channels of MAP: the image's
    // box (2, 2)..(6, 6) is the input's (1, 1)..(3, 3).
    Preprocessing pre = new Preprocessing(4, 4, ResizeMethod.SQUISH, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    float[] channels = new float[48];
    for (int c = 0; c < 3; c++) {
      System.arraycopy(MAP.values(), 0, channels, c * 16, 16);
    }
    Localization.Scores scores = Localization.score(channels, new int[] {3, 4, 4}, new BoundingBox(2, 2, 6, 6), 8, 8, pre);
    assertEquals(0.8, scores.energyInBox().getAsDouble(), 1e-6);
    assertEquals(Optional.of(true), scores.pointingHit());
    // A map coarser than the input (2 x 2 for a 4 x 4 input): the box is halved again.
    AttributionMap coarse = new AttributionMap(2, 2, new float[] {1, 0, 0, 3});
    Localization.Scores coarseScores = Localization.score(coarse.values(), new int[] {2, 2}, new BoundingBox(4, 4, 8, 8), 8, 8, pre);
    assertEquals(0.75, coarseScores.energyInBox().getAsDouble(), 1e-12);
  }

  @Test
  void theClassMapIsTheMeanOfEachMapNormalizedOnItsOwn() {
    // Captum's threshold with outlier_perc 2: the first sorted value whose cumulative sum reaches 98%
    // of the total: 3 for [1, 3] (sums 1, 4; 3.92 needed), 2 for [2, 2]. Normalized: [1/3, 1], [1, 1].
    AttributionMap a = new AttributionMap(1, 2, new float[] {1, 3});
    AttributionMap b = new AttributionMap(1, 2, new float[] {2, 2});
    NormalizedMap mean = ClassMaps.mean(List.of(a, b), Sign.POSITIVE, 2);
    assertArrayEquals(new float[] {(1f / 3 + 1) / 2, 1}, mean.values(), 1e-6f);
    // Scale does not matter: ten times a weighs the same as a.
    AttributionMap tenA = new AttributionMap(1, 2, new float[] {10, 30});
    assertArrayEquals(mean.values(), ClassMaps.mean(List.of(tenA, b), Sign.POSITIVE, 2).values(), 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> ClassMaps.mean(List.of(), Sign.POSITIVE, 2));
    assertThrows(IllegalArgumentException.class,
        () -> ClassMaps.mean(List.of(a, new AttributionMap(2, 1, new float[] {1, 1})), Sign.POSITIVE, 2));
  }
}
