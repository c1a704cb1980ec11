package com.comprehendo.analysis;

import com.comprehendo.attribution.PassCount;
import com.comprehendo.render.AttributionMap;
import com.comprehendo.render.AttributionNormalizer;
import com.comprehendo.render.Sign;
import com.comprehendo.render.ThresholdProfile;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One computed attribution, copied to the host: raw per-channel values (for the hover readout and the
 * .npy export), their channel sum (what every visualization starts from), the convergence delta where
 * the method has one, and what it cost. Immutable apart from lazily built {@link ThresholdProfile}s,
 * which make re-thresholding on every outlier-slider move a binary search.
 */
public final class AttributionResult {

  /** Above this |δ| / |F(x) − F(baseline)| the integral approximation is called poor (Captum's advice: more steps). */
  public static final double CONVERGENCE_WARNING_RATIO = 0.05;

  private final float[] values;
  private final int channels;
  private final int height;
  private final int width;
  private final float[] convergenceDeltas;
  private final PassCount passes;
  private final double seconds;
  private final OptionalInt stepsUsed;
  private final LayerGrid layerGrid;
  private final AttributionMap summed;
  private final double total;
  private final Map<Sign, ThresholdProfile> profiles = new EnumMap<>(Sign.class);

  /**
   * @param values attributions, channels first {@code (C, H, W)}
   * @param convergenceDeltas Captum's convergence delta(s); empty when the method defines none
   * @param passes the passes that ran
   * @param seconds wall time of the computation
   */
  public AttributionResult(
      float[] values, int channels, int height, int width, float[] convergenceDeltas, PassCount passes, double seconds) {
    this(values, channels, height, width, convergenceDeltas, passes, seconds, OptionalInt.empty());
  }

  /**
   * @param stepsUsed the integration steps the method chose (IG to a precision), or empty
   */
  public AttributionResult(
      float[] values, int channels, int height, int width, float[] convergenceDeltas, PassCount passes, double seconds,
      OptionalInt stepsUsed) {
    this(values, channels, height, width, convergenceDeltas, passes, seconds, stepsUsed, null);
  }

  /**
   * @param layerGrid for a layer method's map (then {@code values} is that map upsampled to the image), the
   *     layer's own map at its resolution, which the explorer names beside the map and reads under the
   *     mouse; null for an input map
   */
  public AttributionResult(
      float[] values, int channels, int height, int width, float[] convergenceDeltas, PassCount passes, double seconds,
      OptionalInt stepsUsed, LayerGrid layerGrid) {
    if ((long) channels * height * width != values.length) {
      throw new IllegalArgumentException(
          "attribution of " + values.length + " values is not " + channels + "×" + height + "×" + width);
    }
    this.values = values;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.convergenceDeltas = convergenceDeltas.clone();
    this.passes = passes;
    this.seconds = seconds;
    this.stepsUsed = stepsUsed;
    this.layerGrid = layerGrid;
    this.summed = AttributionNormalizer.sumChannels(values, channels, height, width);
    double sum = 0;
    for (float value : values) {
      sum += value;
    }
    this.total = sum;
  }

  /**
   * The layer the map was drawn from and its resolution, e.g. "block4 · 8×8, 96 channels summed", for a
   * layer method; empty for an input map.
   */
  public Optional<String> layerSource() {
    return layerGrid().map(LayerGrid::describe);
  }

  /** A layer method's map at the layer's own resolution, before upsampling; empty for an input map. */
  public Optional<LayerGrid> layerGrid() {
    return Optional.ofNullable(layerGrid);
  }

  /** The raw values, channels first; do not modify. */
  public float[] values() {
    return values;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** The shape as written to .npy: {@code (1, C, H, W)}, as Captum returns it for one image. */
  public int[] batchShape() {
    return new int[] {1, channels, height, width};
  }

  /** The channel-summed map. */
  public AttributionMap summed() {
    return summed;
  }

  /** The attribution at pixel (x, y) of channel c. */
  public float value(int channel, int y, int x) {
    return values[(channel * height + y) * width + x];
  }

  /** Σ of all attributions (for IG: ≈ F(x) − F(baseline), the completeness axiom). */
  public double total() {
    return total;
  }

  public PassCount passes() {
    return passes;
  }

  public double seconds() {
    return seconds;
  }

  /** The steps IG to a precision settled on; empty for methods with a fixed cost. */
  public OptionalInt stepsUsed() {
    return stepsUsed;
  }

  /** The profile for {@code sign}, built once per result. Thread-safe. */
  public synchronized ThresholdProfile profile(Sign sign) {
    return profiles.computeIfAbsent(sign, s -> ThresholdProfile.of(summed.values(), s));
  }

  /**
   * The convergence check, where the method reports a delta. For one delta (IG) the relative error is
   * {@code |δ| / |F(x) − F(b)|} with {@code F(x) − F(b) = Σattr − δ} (no extra model pass needed); for
   * several (NoiseTunnel over IG: one per noisy sample) the largest |δ| is shown without a ratio.
   */
  public Optional<Convergence> convergence() {
    if (convergenceDeltas.length == 0) {
      return Optional.empty();
    }
    if (convergenceDeltas.length == 1) {
      double delta = convergenceDeltas[0];
      double outputDifference = total - delta;
      double relative = Math.abs(outputDifference) > 1e-12 ? Math.abs(delta) / Math.abs(outputDifference) : Double.NaN;
      boolean warn = Double.isNaN(relative) ? Math.abs(delta) > 1e-3 : relative > CONVERGENCE_WARNING_RATIO;
      return Optional.of(new Convergence(delta, outputDifference, relative, convergenceDeltas.length, warn));
    }
    double worst = 0;
    for (float delta : convergenceDeltas) {
      worst = Math.max(worst, Math.abs(delta));
    }
    return Optional.of(new Convergence(worst, Double.NaN, Double.NaN, convergenceDeltas.length, false));
  }

  /**
   * Captum's convergence delta in context.
   *
   * @param delta the delta (for several samples, the largest |δ|)
   * @param outputDifference F(x) − F(baseline), NaN when unknown
   * @param relative |δ| / |F(x) − F(baseline)|, NaN when unknown
   * @param samples how many deltas were reported
   * @param warning whether the approximation looks poor
   */
  public record Convergence(double delta, double outputDifference, double relative, int samples, boolean warning) {}
}
