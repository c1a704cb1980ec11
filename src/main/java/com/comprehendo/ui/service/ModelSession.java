package com.comprehendo.ui.service;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.Explainer;
import com.comprehendo.analysis.Prediction;
import com.comprehendo.analysis.metrics.FaithfulnessMeter;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened model with what the explorer keeps beside it: a cache of computed attributions (bounded by
 * memory, least recently used dropped first), a count of real computations, and the measured speed for
 * time estimates.
 *
 * <p>{@link #compute} runs on the model worker; the cache is also read on the UI thread, so access is
 * synchronized.
 */
public final class ModelSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelSession.class);

  /** Attributions expected to take longer than this show a preview first. */
  static final double PREVIEW_ABOVE_SECONDS = 1.0;

  /** About 256 MB of cached attributions: ~200 results of 3×224×224. */
  private static final long CACHE_BUDGET_FLOATS = 64L << 20;

  /**
   * About how long one model pass of an attribution may take here: libtorch cannot interrupt a pass,
   * so a click on another image waits for the one in progress (1.4 s for IG's passes of 11 rows on a
   * ResNet-34 on 2 CPU cores). Where a row is fast (a GPU, a small model) the cap is above what the
   * memory budget allows and changes nothing.
   */
  static final double INTERACTIVE_PASS_SECONDS = 0.7;

  /** Rows a pass keeps whatever its time: below this, per-pass costs start to show. */
  static final int MIN_ROWS_PER_PASS = 4;

  private final Explainer explainer;
  private final Map<AttributionKey, AttributionResult> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedFloats;
  private final AtomicInteger computations = new AtomicInteger();
  private volatile double secondsPerPass = Double.NaN;
  private volatile double secondsPerForward = Double.NaN;
  /** Attributions' seconds per forward row, a gradient row counted as two (a running average). */
  private volatile double secondsPerForwardRow = Double.NaN;
  /** Seconds per pass of runs over many images, per method id (a running average of each), and of any method. */
  private final Map<String, Double> datasetSecondsPerPass = new ConcurrentHashMap<>();
  private static final String ANY_METHOD = "";

  /** Wraps an opened explainer. */
  public ModelSession(Explainer explainer) {
    this.explainer = explainer;
  }

  public Explainer explainer() {
    return explainer;
  }

  /** The faithfulness metrics on this model, when it can be measured here. */
  public Optional<FaithfulnessMeter> faithfulness() {
    return FaithfulnessMeter.of(explainer);
  }

  /**
   * What the method registry knows of this model: its input (for baselines, windows and costs) and
   * its layers, with the split that layer methods require when it has one.
   */
  public ModelFacts facts() {
    List<String> layers = explainer.layerNames();
    return new ModelFacts(explainer.preprocessing(), layers,
        layers.isEmpty() ? Set.of() : Set.of(MethodDescriptor.Requirement.SPLIT_MODEL));
  }

  /** A cached result, if this exact computation was done before. */
  public synchronized Optional<AttributionResult> cached(AttributionKey key) {
    return Optional.ofNullable(cache.get(key));
  }

  /**
   * The attribution for {@code key}: from the cache, or computed now (on the calling worker thread)
   * with passes of about {@link #INTERACTIVE_PASS_SECONDS} ({@link #rowsPerPass}).
   *
   * @param method what the caller built from {@code key.method()} (so a baseline file is read once)
   * @param input the preprocessed image of {@code key.image()}
   * @param estimates gets the method's estimates on the way ({@link #shownEstimates})
   * @throws com.comprehendo.job.CancelledException when cancelled
   * @throws IllegalArgumentException when the method's parameters are invalid
   */
  public AttributionResult compute(
      AttributionKey key, AttributionMethod method, float[] input, ProgressListener progress,
      CancellationToken cancellation, EstimateListener estimates) {
    Optional<AttributionResult> hit = cached(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    AttributionResult result =
        explainer.attribute(input, key.target(), method, progress, cancellation, estimates, rowsPerPass());
    computations.incrementAndGet();
    long passes = result.passes().total();
    if (passes > 0 && result.seconds() > 0) {
      double rate = result.seconds() / passes;
      secondsPerPass = Double.isNaN(secondsPerPass) ? rate : 0.5 * secondsPerPass + 0.5 * rate;
      double perForwardRow = result.seconds() / (result.passes().forward() + 2.0 * result.passes().gradient());
      secondsPerForwardRow = Double.isNaN(secondsPerForwardRow) ? perForwardRow
          : 0.5 * secondsPerForwardRow + 0.5 * perForwardRow;
    }
    LOG.info("{} for {} (class {}): {} passes in {} s", key.method().summary(), key.image().getFileName(),
        key.target(), passes, String.format(java.util.Locale.ROOT, "%.2f", result.seconds()));
    put(key, result);
    return result;
  }

  private synchronized void put(AttributionKey key, AttributionResult result) {
    AttributionResult previous = cache.put(key, result);
    if (previous != null) {
      cachedFloats -= previous.values().length;
    }
    cachedFloats += result.values().length;
    var eldest = cache.entrySet().iterator();
    while (cachedFloats > CACHE_BUDGET_FLOATS && cache.size() > 1 && eldest.hasNext()) {
      AttributionResult dropped = eldest.next().getValue();
      eldest.remove();
      cachedFloats -= dropped.values().length;
    }
  }

  /**
   * The prediction for one preprocessed image (on the calling worker thread), timed so that the first
   * attribution's cost can be estimated before anything was attributed.
   */
  public Prediction predict(float[] input) {
    long started = System.nanoTime();
    Prediction prediction = explainer.predict(input);
    double seconds = (System.nanoTime() - started) / 1e9;
    // The first call includes libtorch's warm-up; the smaller figure is nearer a steady pass.
    secondsPerForward = Double.isNaN(secondsPerForward) ? seconds : Math.min(secondsPerForward, seconds);
    return prediction;
  }

  /**
   * A cheaper variant of the method to show first, or empty when the requested result is expected
   * within a second anyway (or the method has no cheaper variant): the "first heatmap within a
   * second", without a needless extra pass set on fast models.
   */
  public Optional<AttributionMethod> previewOf(AttributionMethod method) {
    return isSlow(method) ? method.preview(rowShape()) : Optional.empty();
  }

  /**
   * Whether {@code method} is expected to take more than a second here (or its speed is not known yet):
   * then the explorer shows a preview or the method's estimates before the result.
   */
  public boolean isSlow(AttributionMethod method) {
    OptionalDouble seconds = estimatedSeconds(method.cost(1, rowShape()));
    return seconds.isEmpty() || seconds.getAsDouble() > PREVIEW_ABOVE_SECONDS;
  }

  /**
   * What a viewer gets of {@code method}'s estimates: none when it is expected within a second (its
   * result follows at once), else a few a second, each with its note ({@link ShownEstimates}).
   *
   * @param show receives each estimate and its note, on the worker thread
   */
  public EstimateListener shownEstimates(
      AttributionMethod method, LongSupplier nanoClock, BiConsumer<AttributionResult, String> show) {
    return isSlow(method) ? new ShownEstimates(method, explainer.preprocessing(), nanoClock, show) : EstimateListener.NONE;
  }

  /** The passes {@code method} takes for one image of the model's input size. */
  public PassCount cost(AttributionMethod method) {
    return method.cost(1, rowShape());
  }

  /** One input's (C, H, W). */
  private long[] rowShape() {
    Preprocessing pre = explainer.preprocessing();
    return new long[] {pre.channels(), pre.height(), pre.width()};
  }

  /**
   * A quick preview of an attribution: computed like {@link #compute} but neither cached nor counted,
   * since it never stands in for the requested result.
   */
  public AttributionResult preview(
      AttributionMethod preview, float[] input, int target, ProgressListener progress, CancellationToken cancellation) {
    AttributionResult result = explainer.attribute(input, target, preview, progress, cancellation);
    LOG.info("preview {} {} (class {}): {} passes in {} s", preview.id(), preview.parameters(), target,
        result.passes().total(), String.format(java.util.Locale.ROOT, "%.2f", result.seconds()));
    return result;
  }

  /**
   * The expected wall time of {@code passes}: from the speed measured on earlier attributions, else
   * from the last predictions (a forward+backward pass costs about two forward passes); empty while
   * nothing has been measured.
   */
  public OptionalDouble estimatedSeconds(PassCount passes) {
    double perPass = secondsPerPass;
    if (!Double.isNaN(perPass)) {
      return OptionalDouble.of(passes.total() * perPass);
    }
    double perForward = secondsPerForward;
    if (!Double.isNaN(perForward)) {
      return OptionalDouble.of((passes.forward() + 2.0 * passes.gradient()) * perForward);
    }
    return OptionalDouble.empty();
  }

  /**
   * Reports passes of method {@code methodId} computed for many images in a row (the heat-map gallery's,
   * often shared by several images), and their time: estimates of a dataset's time follow them ({@link
   * #estimatedDatasetSeconds}). Any thread.
   */
  public void recordDatasetPasses(String methodId, PassCount passes, long nanos) {
    if (passes.total() > 0 && nanos > 0) {
      double rate = nanos / 1e9 / passes.total();
      for (String key : List.of(methodId, ANY_METHOD)) {
        datasetSecondsPerPass.merge(key, rate, (old, now) -> 0.5 * old + 0.5 * now);
      }
    }
  }

  /**
   * The expected wall time of {@code passes} of method {@code methodId} spread over a dataset's images:
   * from the passes of such runs as measured ({@link #recordDatasetPasses}), that method's when it ran
   * (a Grad-CAM pass costs less than a pass of IG through the whole model), else any method's, else as
   * {@link #estimatedSeconds}. One image's attribution prices a pass with costs that a run of many does
   * not pay: the demo's Grad-CAM gallery was put at about 2.3 s and took 0.7 s.
   */
  public OptionalDouble estimatedDatasetSeconds(String methodId, PassCount passes) {
    Double perPass = datasetSecondsPerPass.getOrDefault(methodId, datasetSecondsPerPass.get(ANY_METHOD));
    return perPass == null ? estimatedSeconds(passes) : OptionalDouble.of(passes.total() * perPass);
  }

  /**
   * The most rows a pass may have so that it takes about {@link #INTERACTIVE_PASS_SECONDS}, from the
   * measured seconds per row; the memory budget's size while nothing was measured.
   *
   * <p>Rows are priced as gradient rows (about two forward rows): from the attributions' batched passes
   * once one was measured, else from a one-image prediction. That prediction's time is mostly per-pass
   * cost where the model is small: priced from it, the demo model's rows cost 24–37 ms each (the
   * Explain panel's IG got passes of 19–29 rows, for good), where its 32-row gradient passes take 24–30 ms
   * in all.
   */
  public int rowsPerPass() {
    double measured = secondsPerForwardRow;
    double perRow = 2 * (Double.isNaN(measured) ? nanToZero(secondsPerForward) : measured);
    if (!(perRow > 0)) {
      return BatchBudget.MAX_ROWS;
    }
    double rows = Math.floor(INTERACTIVE_PASS_SECONDS / perRow + 1e-9); // 0.7 / 0.1 is 6.999…
    return (int) Math.max(MIN_ROWS_PER_PASS, Math.min(BatchBudget.MAX_ROWS, rows));
  }

  private static double nanToZero(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  /** How many attributions were actually computed (cache hits excluded). */
  public int computationCount() {
    return computations.get();
  }

  /** Measured seconds per pass of {@code methodId} in runs over many images ({@link #recordDatasetPasses}). */
  public OptionalDouble datasetSecondsPerPass(String methodId) {
    Double value = datasetSecondsPerPass.get(methodId);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** Measured seconds per model pass on this machine, once something was computed. */
  public OptionalDouble secondsPerPass() {
    double value = secondsPerPass;
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  @Override
  public void close() {
    synchronized (this) {
      cache.clear();
      cachedFloats = 0;
    }
    explainer.close();
  }
}
