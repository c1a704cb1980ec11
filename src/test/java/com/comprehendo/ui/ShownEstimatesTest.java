package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.IntegratedGradients;
import com.comprehendo.attribution.NoiseTunnel;
import com.comprehendo.attribution.Occlusion;
import com.comprehendo.attribution.Saliency;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.ResizeMethod;
import com.comprehendo.ui.service.ShownEstimates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Estimates reach the screen with a note in the method's own unit, at most every 0.3 s. */
class ShownEstimatesTest {

  private final long[] now = {0};
  private final List<String> notes = new ArrayList<>();
  private final List<AttributionResult> shown = new ArrayList<>();

  private ShownEstimates forMethod(com.comprehendo.attribution.AttributionMethod method) {
    Preprocessing pre = new Preprocessing(8, 8, ResizeMethod.SQUISH, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD);
    return new ShownEstimates(method, pre, () -> now[0], (result, note) -> {
      shown.add(result);
      notes.add(note);
    });
  }

  @Test
  void notesNameTheMethodsUnit() {
    float[] values = new float[3 * 8 * 8];
    forMethod(IntegratedGradients.builder().build()).onEstimate(values, 4, 50);
    forMethod(NoiseTunnel.builder(new Saliency()).build()).onEstimate(values, 2, 5);
    forMethod(Occlusion.builder(3, 2, 2).build()).onEstimate(values, 16, 49);
    assertEquals(List.of("Estimate: 4 of 50 steps", "Estimate: 2 of 5 samples", "Estimate: 16 of 49 windows"), notes);
    assertEquals(3 * 8 * 8, shown.get(0).values().length);
  }

  @Test
  void anEstimateIsWantedAtOnceThenEveryIntervalAtMost() {
    ShownEstimates estimates = forMethod(IntegratedGradients.builder().build());
    assertTrue(estimates.wantsEstimate());
    estimates.onEstimate(new float[3 * 8 * 8], 8, 50);
    now[0] += EstimateListener.SHOWN_INTERVAL_NANOS - 1;
    assertFalse(estimates.wantsEstimate());
    now[0] += 1;
    assertTrue(estimates.wantsEstimate());
  }
}
