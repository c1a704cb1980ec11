package com.comprehendo.ui.faithfulness;

import com.comprehendo.analysis.AttributionResult;
import com.comprehendo.analysis.metrics.CurveKind;
import com.comprehendo.analysis.metrics.DeletionInsertion;
import com.comprehendo.analysis.metrics.FaithfulnessCurve;
import com.comprehendo.analysis.metrics.FaithfulnessMeter;
import com.comprehendo.analysis.metrics.Perturbations;
import com.comprehendo.analysis.metrics.SensitivityMax;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.BaselineKind;
import com.comprehendo.attribution.BaselineText;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.ui.service.AttributionKey;
import com.comprehendo.ui.service.ModelSession;
import java.util.List;
import java.util.function.Consumer;

/**
 * The body of one background faithfulness measurement of a map, shared by the comparison and the
 * Explain panel: deletion, then insertion, then (when asked) sensitivity, each handed on as soon as it
 * is done, so a cancelled run keeps what finished. Runs on the model worker.
 *
 * <p>The settings are the command line's defaults (docs/metrics.md): about a hundred steps per curve,
 * deletion to 0 (the dataset mean after the normalization), insertion from a blur of σ = 10 px;
 * sensitivity re-runs the map's method with its parameters on {@value #SENSITIVITY_SAMPLES} inputs
 * perturbed uniformly within ±{@value #SENSITIVITY_RADIUS}, seeded with 0 so that numbers repeat.
 */
public final class FaithfulnessMeasurement {

  /** Perturbed inputs of the sensitivity (Captum's default). */
  public static final int SENSITIVITY_SAMPLES = SensitivityMax.DEFAULT_SAMPLES;

  /** The L∞ radius of the sensitivity's noise, in the normalized input space (Captum's default). */
  public static final float SENSITIVITY_RADIUS = SensitivityMax.DEFAULT_RADIUS;

  /** Which direction is better, in words, for the notes beside the numbers. */
  public static final String DIRECTIONS = "Deletion AUC: lower is better (the class's probability falls fast as the "
      + "pixels the map ranks highest are set to the mean). Insertion AUC: higher is better (it rises fast as they "
      + "are put back on a blurred image). Sensitivity: lower is better (the map changes little under noise of ±"
      + SENSITIVITY_RADIUS + ").";

  private final FaithfulnessMeter meter;
  private final ModelSession session;
  private final float[] image;
  private final AttributionKey key;
  private final AttributionResult result;

  /**
   * @param image the preprocessed image the map explains, (C, H, W) as the session's model takes it
   * @param key what the map is of (its method re-runs for the sensitivity)
   * @param result the map
   */
  public FaithfulnessMeasurement(
      FaithfulnessMeter meter, ModelSession session, float[] image, AttributionKey key, AttributionResult result) {
    this.meter = meter;
    this.session = session;
    this.image = image;
    this.key = key;
    this.result = result;
  }

  /**
   * Measures what {@code known} lacks.
   *
   * @param known what was measured before (kept)
   * @param withSensitivity whether to measure the sensitivity too
   * @param onEach gets the scores after each metric, on the worker thread
   * @param progress model rows done of all this measurement needs
   * @return every score asked for
   * @throws com.comprehendo.job.CancelledException when cancelled; what finished was handed to {@code onEach}
   * @throws IllegalArgumentException when the map's method cannot run again (e.g. its baseline file is gone)
   */
  public FaithfulnessScores measure(
      FaithfulnessScores known, boolean withSensitivity, Consumer<FaithfulnessScores> onEach, ProgressListener progress,
      CancellationToken cancellation) {
    Preprocessing input = session.explainer().preprocessing();
    NpyArray tensor = new NpyArray(new int[] {input.channels(), input.height(), input.width()}, image);
    long pixels = (long) input.height() * input.width();
    DeletionInsertion deletion = curve(CurveKind.DELETION, pixels, input);
    DeletionInsertion insertion = curve(CurveKind.INSERTION, pixels, input);
    SensitivityMax sensitivity = new SensitivityMax(SENSITIVITY_SAMPLES);
    long deletionRows = known.deletion() == null ? deletion.points(pixels) : 0;
    long insertionRows = known.insertion() == null ? insertion.points(pixels) : 0;
    boolean sensitivityWanted = withSensitivity && known.sensitivity().isEmpty();
    long sensitivityRows = sensitivityWanted
        ? session.cost(key.method().create(session.facts())).total() * (1L + SENSITIVITY_SAMPLES)
        : 0;
    long total = Math.max(1, deletionRows + insertionRows + sensitivityRows);
    AttributionContext context = AttributionContext.defaults().withCancellation(cancellation)
        .withBudget(BatchBudget.defaultBudget().withRowCap(session.rowsPerPass()));
    FaithfulnessScores scores = known;
    if (deletionRows > 0) {
      FaithfulnessCurve curve = meter.curve(tensor, result.values(), result.channels(), key.target(), deletion,
          context.withProgress(offset(progress, 0, total)));
      scores = scores.withDeletion(curve);
      onEach.accept(scores);
    }
    if (insertionRows > 0) {
      FaithfulnessCurve curve = meter.curve(tensor, result.values(), result.channels(), key.target(), insertion,
          context.withProgress(offset(progress, deletionRows, total)));
      scores = scores.withInsertion(curve);
      onEach.accept(scores);
    }
    if (sensitivityWanted) {
      double value = meter.sensitivity(tensor, key.target(), key.method().create(session.facts()), sensitivity,
          Perturbations.uniform(SENSITIVITY_RADIUS, 0), context.withProgress(offset(progress, deletionRows + insertionRows, total)));
      scores = scores.withSensitivity(value);
      onEach.accept(scores);
    }
    progress.onProgress(total, total);
    return scores;
  }

  /**
   * The explorer's deletion or insertion (the command line's defaults): about a hundred steps, deletion
   * to 0, insertion from a blur of σ = 10 px.
   */
  public static DeletionInsertion curve(CurveKind kind, Preprocessing input) {
    return curve(kind, (long) input.height() * input.width(), input);
  }

  private static DeletionInsertion curve(CurveKind kind, long pixels, Preprocessing input) {
    return new DeletionInsertion(kind, DeletionInsertion.defaultStep(pixels),
        BaselineText.toBaseline(kind.defaultBaseline(), List.of(BaselineKind.CONSTANT, BaselineKind.BLUR), input));
  }

  /** Progress of one part, shifted to where it lies in the whole. */
  private static ProgressListener offset(ProgressListener whole, long before, long total) {
    return (done, ignored) -> whole.onProgress(Math.min(total, before + done), total);
  }
}
