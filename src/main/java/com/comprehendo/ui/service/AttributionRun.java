package com.comprehendo.ui.service;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The body of one background attribution, shared by the Explain panel and the comparison: build the
 * method from its key (a baseline file is read here, on the worker), optionally show a cheaper preview
 * first, pass the method's estimates on while a slow run goes, and compute through the session's cache.
 * Progress counts the preview's passes too, so a bar never runs backwards. Runs on the model worker;
 * what it hands to {@code show…} callbacks arrives on that thread, for the caller to publish.
 */
public final class AttributionRun {

  private final ModelSession session;
  private final AttributionKey key;
  private final float[] input;
  private LongSupplier nanoClock = System::nanoTime;
  private BiConsumer<AttributionResult, String> preview;
  private BiConsumer<AttributionResult, String> estimates;

  private AttributionRun(ModelSession session, AttributionKey key, float[] input) {
    this.session = session;
    this.key = key;
    this.input = input;
  }

  /** The attribution of {@code key} on {@code input}, the preprocessed image of {@code key.image()}. */
  public static AttributionRun of(ModelSession session, AttributionKey key, float[] input) {
    return new AttributionRun(session, key, input);
  }

  /** The clock the estimates are paced by (tests pass their own). */
  public AttributionRun optClock(LongSupplier clock) {
    this.nanoClock = clock;
    return this;
  }

  /**
   * Shows a cheaper variant first when the method is slow here and has one (Occlusion with coarser
   * windows): {@code show} gets it with a note such as "Preview: windows [3, 56, 56]".
   */
  public AttributionRun optPreview(BiConsumer<AttributionResult, String> show) {
    this.preview = show;
    return this;
  }

  /** Passes a slow method's estimates (IG's partial sums, NoiseTunnel's running mean) to {@code show}. */
  public AttributionRun optEstimates(BiConsumer<AttributionResult, String> show) {
    this.estimates = show;
    return this;
  }

  /**
   * Computes the attribution (or takes it from the session's cache).
   *
   * @param progress passes done of the whole run, the preview's included
   * @throws com.comprehendo.job.CancelledException when cancelled
   * @throws IllegalArgumentException when the parameters cannot be used (e.g. an unreadable baseline)
   */
  public AttributionResult compute(ProgressListener progress, CancellationToken cancellation) {
    AttributionMethod method = key.method().create(session.facts());
    long offset = 0;
    Optional<AttributionMethod> cheaper = preview == null ? Optional.empty() : session.previewOf(method);
    if (cheaper.isPresent()) {
      long planned = session.cost(cheaper.get()).total();
      long full = session.cost(method).total();
      AttributionResult first = session.preview(cheaper.get(), input, key.target(),
          (done, total) -> progress.onProgress(done, planned + full), cancellation);
      offset = first.passes().total();
      preview.accept(first, describePreview(cheaper.get()));
    }
    EstimateListener shown = estimates == null
        ? EstimateListener.NONE
        : session.shownEstimates(method, nanoClock, estimates);
    long done = offset;
    return session.compute(key, method, input,
        (passes, total) -> progress.onProgress(done + passes, done + total), cancellation, shown);
  }

  /** E.g. "Preview: windows [3, 56, 56]". */
  private static String describePreview(AttributionMethod preview) {
    // Only Occlusion has a separate preview; IG and NoiseTunnel show their own estimates instead.
    Object window = preview.parameters().get("sliding_window_shapes");
    return window == null ? "Preview" : "Preview: windows " + window;
  }
}
