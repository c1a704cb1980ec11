package com.comprehendo.attribution;

import java.util.Arrays;

/** Replays random numbers recorded from a Captum run, in the order they were drawn. */
final class ReplayedDraws implements RandomDraws {
  private final float[] noise;
  private final int[] choices;
  private final float[] uniforms;
  private int noiseAt;
  private int choiceAt;
  private int uniformAt;

  ReplayedDraws(float[] noise, int[] choices, float[] uniforms) {
    this.noise = noise;
    this.choices = choices;
    this.uniforms = uniforms;
  }

  @Override
  public float[] gaussian(int count, float stdev) {
    if (noise == null) {
      return new float[count];
    }
    float[] values = Arrays.copyOfRange(noise, noiseAt, noiseAt + count);
    noiseAt += count;
    return values;
  }

  @Override
  public int[] choice(int bound, int count) {
    int[] values = Arrays.copyOfRange(choices, choiceAt, choiceAt + count);
    choiceAt += count;
    return values;
  }

  @Override
  public float[] uniform(int count) {
    float[] values = Arrays.copyOfRange(uniforms, uniformAt, uniformAt + count);
    uniformAt += count;
    return values;
  }

  boolean usedEverything() {
    return (noise == null || noiseAt == noise.length) && choiceAt == choices.length && uniformAt == uniforms.length;
  }
}
