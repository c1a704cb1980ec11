package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.IntegratedGradients;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.MethodChoice;
import com.comprehendo.ui.service.ModelSession;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The explorer's passes take about {@code INTERACTIVE_PASS_SECONDS} where rows are slow, so that a click
 * waits less for the pass in progress; where rows are fast the memory budget alone decides.
 */
class PassSizeTest {

  private static final float[] INPUT = new float[3 * 8 * 8];

  /** Runs an IG of 40 steps (42 passes) that reports {@code seconds}; returns the cap it was given. */
  private static int attribute(ModelSession session, FakeExplainer explainer, double seconds, int target) {
    explainer.reportedSeconds = seconds;
    AttributionMethod ig = IntegratedGradients.builder().optSteps(40).build();
    AttributionKey key = new AttributionKey(Path.of("a.png"), target, MethodChoice.of("ig", Map.of("n_steps", "40")));
    session.compute(key, ig, INPUT, ProgressListener.NONE, CancellationToken.NONE, EstimateListener.NONE);
    return explainer.lastMaxRowsPerPass;
  }

  @Test
  void slowRowsGetPassesOfAboutSevenTenthsOfASecond() {
    FakeExplainer explainer = new FakeExplainer(Path.of("model.pt"));
    try (ModelSession session = new ModelSession(explainer)) {
      assertEquals(BatchBudget.MAX_ROWS, attribute(session, explainer, 4.1, 0), "nothing measured yet: the budget decides");
      // 4.1 s for 2 forward and 40 gradient rows: 0.05 s a forward row, 0.1 s a gradient row; 7 take 0.7 s.
      assertEquals(7, attribute(session, explainer, 4.1, 1));
      attribute(session, explainer, 37.8, 2); // 0.92 s a gradient row: 0.51 s on average with the earlier runs
      assertEquals(4, attribute(session, explainer, 37.8, 3), "never fewer than 4 rows");
    }
  }

  @Test
  void aOneImagePredictionPricesRowsOnlyUntilAnAttributionWasMeasured() {
    FakeExplainer explainer = new FakeExplainer(Path.of("model.pt"));
    explainer.predictMillis = 60; // mostly per-pass cost, as for a small model on a CPU
    try (ModelSession session = new ModelSession(explainer)) {
      session.predict(INPUT);
      int first = attribute(session, explainer, 0.082, 0);
      assertTrue(first >= 4 && first <= 5, "0.12 s a gradient row from the prediction: at most 5 rows, got " + first);
      // 0.082 s for 2 forward and 40 gradient rows: 2 ms a gradient row, 350 rows in 0.7 s.
      assertEquals(Math.min(BatchBudget.MAX_ROWS, 350), attribute(session, explainer, 0.082, 1),
          "the batched passes' own speed, not the one-image prediction's");
    }
  }

  @Test
  void fastRowsKeepTheBudgetsPasses() {
    FakeExplainer explainer = new FakeExplainer(Path.of("model.pt"));
    try (ModelSession session = new ModelSession(explainer)) {
      attribute(session, explainer, 0.042, 0); // 1 ms a row, as on a GPU
      assertEquals(BatchBudget.MAX_ROWS, attribute(session, explainer, 0.042, 1));
    }
  }
}
