package com.comprehendo.attribution;

/**
 * How coarse the first heatmap is while the requested one runs ({@link AttributionMethod#preview},
 * {@link EstimateListener}): a user sees where the model looked within a second and the picture
 * sharpens when the full result arrives.
 */
public final class Previews {

  /**
   * IG steps before the first estimate (IG needs no separate preview: its steps run coarse to fine
   * and an {@link EstimateListener} gets the integral so far): one in each quarter of the path, a
   * coarse midpoint rule that already shows where the model looked. Four, not eight: the first pass
   * costs half as much (ResNet-34 on 2 CPU cores: 0.53-0.63 s against 1.14-1.20 s for 8 steps, the
   * same time per step), and the next pass's estimate follows within a second or two.
   */
  public static final int IG_PREVIEW_STEPS = 4;

  /**
   * Occlusion windows of a preview: a grid of this many positions per side, 16 windows: about a second
   * for a ResNet-34 on 2 CPU cores (17 forward passes), where a 7 × 7 grid took 3.5 s.
   */
  static final int OCCLUSION_PREVIEW_GRID = 4;

  private Previews() {}
}
