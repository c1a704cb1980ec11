package com.comprehendo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.PassCount;
import com.comprehendo.ui.service.ModelSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A dataset's time is priced from the passes runs over many images timed: the method's own when it ran,
 * else any method's, else (nothing measured) as one image's attribution would price it.
 */
class DatasetSpeedEstimateTest {

  @Test
  void theMethodsOwnRateFirstThenAnyMethodsThenNone() {
    ModelSession session = new ModelSession(new FakeExplainer(Path.of("model.pt")));
    PassCount hundred = new PassCount(0, 100);
    assertTrue(session.estimatedDatasetSeconds("ig", hundred).isEmpty(), "nothing measured yet");

    session.recordDatasetPasses("grad-cam", new PassCount(10, 10), 2_000_000_000L); // 0.1 s a pass
    assertEquals(10.0, session.estimatedDatasetSeconds("grad-cam", hundred).orElseThrow(), 1e-9);
    assertEquals(10.0, session.estimatedDatasetSeconds("ig", hundred).orElseThrow(), 1e-9, "any method's until IG runs");

    session.recordDatasetPasses("ig", new PassCount(0, 100), 3_000_000_000L); // 0.03 s a pass
    assertEquals(3.0, session.estimatedDatasetSeconds("ig", hundred).orElseThrow(), 1e-9, "its own once it ran");
    assertEquals(10.0, session.estimatedDatasetSeconds("grad-cam", hundred).orElseThrow(), 1e-9);
    assertEquals(6.5, session.estimatedDatasetSeconds("occlusion", hundred).orElseThrow(), 1e-9,
        "any method's: the running average of both runs");

    session.recordDatasetPasses("ig", PassCount.ZERO, 1_000_000_000L);
    session.recordDatasetPasses("ig", hundred, 0);
    assertEquals(3.0, session.estimatedDatasetSeconds("ig", hundred).orElseThrow(), 1e-9, "nothing to learn from");
  }
}
