package com.comprehendo.attribution;

import java.util.SplittableRandom;

/**
 * The random numbers a stochastic method draws. Seeded draws make a run repeatable on any device (the
 * numbers come from Java, not from the engine's global generator); recorded draws replay Captum's.
 */
public interface RandomDraws {

  /** {@code count} values from N(0, stdev²). */
  float[] gaussian(int count, float stdev);

  /** {@code count} indices drawn uniformly with replacement from 0..bound−1. */
  int[] choice(int bound, int count);

  /** {@code count} values from U(0, 1). */
  float[] uniform(int count);

  /** Repeatable draws from {@code seed}. */
  static RandomDraws seeded(long seed) {
    return new Seeded(seed);
  }

  /** Draws from a seeded {@link SplittableRandom}. */
  final class Seeded implements RandomDraws {
    private final SplittableRandom random;

    Seeded(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    public float[] gaussian(int count, float stdev) {
      float[] values = new float[count];
      if (stdev != 0f) {
        for (int i = 0; i < count; i++) {
          values[i] = (float) (random.nextGaussian() * stdev);
        }
      }
      return values;
    }

    @Override
    public int[] choice(int bound, int count) {
      int[] values = new int[count];
      for (int i = 0; i < count; i++) {
        values[i] = random.nextInt(bound);
      }
      return values;
    }

    @Override
    public float[] uniform(int count) {
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = (float) random.nextDouble();
      }
      return values;
    }
  }
}
