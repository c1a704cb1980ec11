package com.comprehendo.analysis.metrics;

import com.comprehendo.attribution.RandomDraws;
import java.util.Arrays;

/**
 * Where infidelity and sensitivity take their input perturbations from, sample after sample in the
 * order Captum draws them (sample-major: all of sample 0's elements, then sample 1's): seeded noise
 * for real use, or perturbations recorded from a Captum run to replay its numbers exactly.
 *
 * <pre>{@code
 * Perturbations noise = Perturbations.gaussian(0.1f, 7);       // infidelity's I ~ N(0, 0.1²)
 * Perturbations ball = Perturbations.uniform(0.02f, 7);        // sensitivity's U(−0.02, 0.02)
 * Perturbations replay = Perturbations.recorded(npy.data());   // Captum's own draws
 * }</pre>
 */
public interface Perturbations {

  /**
   * The next {@code samples} perturbations of {@code rowSize} elements each, sample-major.
   *
   * @throws IllegalStateException when recorded perturbations run out
   */
  float[] next(int samples, int rowSize);

  /** What these perturbations are, for summaries and provenance: {@code gaussian(0.1, seed 7)}. */
  String describe();

  /** Elementwise draws from N(0, stdev²) by a generator seeded with {@code seed} ({@link RandomDraws#seeded}). */
  static Perturbations gaussian(float stdev, long seed) {
    if (!(stdev >= 0) || Float.isInfinite(stdev)) {
      throw new IllegalArgumentException("the perturbations' standard deviation must be a finite number ≥ 0, got " + stdev);
    }
    RandomDraws draws = RandomDraws.seeded(seed);
    return new Perturbations() {
      @Override
      public float[] next(int samples, int rowSize) {
        return draws.gaussian(Math.multiplyExact(samples, rowSize), stdev);
      }

      @Override
      public String describe() {
        return "gaussian(stdev " + stdev + ", seed " + seed + ")";
      }
    };
  }

  /**
   * Elementwise draws from U(−radius, radius), as Captum's {@code default_perturb_func} for {@code
   * sensitivity_max} ({@code uniform_(-r, r)}, i.e. {@code −r + u·2r} in float32), from a generator
   * seeded with {@code seed}.
   */
  static Perturbations uniform(float radius, long seed) {
    if (!(radius >= 0) || Float.isInfinite(radius)) {
      throw new IllegalArgumentException("the perturbation radius must be a finite number ≥ 0, got " + radius);
    }
    RandomDraws draws = RandomDraws.seeded(seed);
    return new Perturbations() {
      @Override
      public float[] next(int samples, int rowSize) {
        float[] values = draws.uniform(Math.multiplyExact(samples, rowSize));
        float width = radius - -radius;
        for (int i = 0; i < values.length; i++) {
          values[i] = values[i] * width + -radius;
        }
        return values;
      }

      @Override
      public String describe() {
        return "uniform(radius " + radius + ", seed " + seed + ")";
      }
    };
  }

  /** Replays {@code values} (recorded sample-major) in order, once. */
  static Perturbations recorded(float[] values) {
    float[] recorded = values.clone();
    return new Perturbations() {
      private int used;

      @Override
      public float[] next(int samples, int rowSize) {
        int count = Math.multiplyExact(samples, rowSize);
        if (count > recorded.length - used) {
          throw new IllegalStateException("the recorded perturbations hold " + recorded.length / Math.max(1, rowSize)
              + " samples of " + rowSize + " values; more were asked for");
        }
        float[] next = Arrays.copyOfRange(recorded, used, used + count);
        used += count;
        return next;
      }

      @Override
      public String describe() {
        return "recorded";
      }
    };
  }
}
