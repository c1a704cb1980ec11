package com.comprehendo.ui;

import com.comprehendo.attribution.AttributionCancelledException;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.ui.service.MethodCatalog;
import com.comprehendo.attribution.CancellationToken;
import com.comprehendo.attribution.ProgressListener;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.ResizeMethod;
import com.comprehendo.ui.service.AttributionResult;
import com.comprehendo.ui.service.Explainer;
import com.comprehendo.ui.service.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a model, for view-model tests without libtorch: 8×8 RGB input, two
 * classes; the attribution is the input scaled by the target and the method's pass count, so different
 * keys give different maps.
 */
final class FakeExplainer implements Explainer {

  static final Preprocessing INPUT =
      new Preprocessing(8, 8, ResizeMethod.SQUISH, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

  final AtomicInteger attributions = new AtomicInteger();
  final AtomicInteger predictions = new AtomicInteger();
  final List<String> log = new ArrayList<>();
  /** The convergence delta to report for methods that have one (IG). */
  volatile float delta = 1e-4f;
  private final Path file;
  private boolean closed;

  FakeExplainer(Path file) {
    this.file = file;
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public List<String> classNames() {
    return List.of("cat", "dog");
  }

  @Override
  public Preprocessing preprocessing() {
    return INPUT;
  }

  @Override
  public List<String> assumptions() {
    return List.of();
  }

  @Override
  public Prediction predict(float[] input) {
    predictions.incrementAndGet();
    double mean = 0;
    for (float v : input) {
      mean += v;
    }
    mean /= input.length;
    return Prediction.fromLogits(new float[] {(float) mean, (float) -mean}, classNames());
  }

  @Override
  public AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation) {
    PassCount cost = MethodCatalog.cost(method, INPUT);
    long total = Math.max(1, cost.total());
    for (long done = 0; done < total; done++) {
      if (cancellation.isCancelled()) {
        throw new AttributionCancelledException();
      }
      progress.onProgress(done + 1, total);
    }
    attributions.incrementAndGet();
    log.add(method.id() + ":" + target);
    float[] values = new float[input.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (input[i] + 0.1f * (i % 7)) * (target + 1) / total;
    }
    float[] deltas = method.id().equals("ig") ? new float[] {delta} : new float[0];
    return new AttributionResult(values, 3, 8, 8, deltas, cost, 0.01);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
