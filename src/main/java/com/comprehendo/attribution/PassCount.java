package com.comprehendo.attribution;

/**
 * How many images went through the model: the cost of an attribution, independent of batching.
 *
 * @param forward images through a forward pass without gradients
 * @param gradient images through a forward and a backward pass
 */
public record PassCount(long forward, long gradient) {

  public static final PassCount ZERO = new PassCount(0, 0);

  public PassCount plus(PassCount other) {
    return new PassCount(forward + other.forward, gradient + other.gradient);
  }

  public PassCount times(long factor) {
    return new PassCount(forward * factor, gradient * factor);
  }

  public long total() {
    return forward + gradient;
  }
}
