package com.comprehendo.attribution;

/**
 * The kinds of {@code baselines} a method may take (see {@link BaselineText} for the syntax and
 * {@link Baseline} for what each one is and why there are several).
 */
public enum BaselineKind {
  /** A number in the model's normalized input space; Captum's default is 0. */
  CONSTANT("a number"),
  /** Pixel value 0 through the model's normalization. */
  BLACK("black"),
  /** Each input blurred by a Gaussian; the argument is σ in pixels. */
  BLUR("blur[:SIGMA]"),
  /** Seeded uniform noise over the pixel range; the argument is the seed. */
  NOISE("noise[:SEED]"),
  /** GradientSHAP's default distribution: black, the dataset mean and white. */
  BLACK_MEAN_WHITE(Baseline.BlackMeanWhite.NAME),
  /** A tensor in a {@code .npy} file; the argument is its path. */
  FILE("a .npy file");

  private final String syntax;

  BaselineKind(String syntax) {
    this.syntax = syntax;
  }

  /** How the kind is written, e.g. {@code blur[:SIGMA]}. */
  public String syntax() {
    return syntax;
  }
}
