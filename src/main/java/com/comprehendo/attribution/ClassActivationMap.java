package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.LayerMaps;
import com.comprehendo.model.TargetChooser;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The gradient-weighted class activation maps beyond Captum, as pytorch-grad-cam (Gildenblat et al.,
 * github.com/jacobgil/pytorch-grad-cam) defines them; each is a sum over the layer's channels of the
 * activations A weighted by a function of the target output's gradient G = ∂y_t/∂A:
 *
 * <ul>
 *   <li>Grad-CAM++ (Chattopadhay et al., "Grad-CAM++: Improved Visual Explanations for Deep
 *       Convolutional Networks", WACV 2018), pytorch-grad-cam's equation 19: α = G² / (2G² + Σ_hw A · G³
 *       + 1e-6), zero where G is 0, and a channel weight Σ_hw ReLU(G) · α;
 *   <li>HiResCAM (Draelos & Carin, "Use HiResCAM instead of Grad-CAM for faithful explanations of
 *       convolutional neural networks", 2020): G · A element by element;
 *   <li>LayerCAM (Jiang et al., "LayerCAM: Exploring Hierarchical Class Activation Maps for
 *       Localization", IEEE TIP 2021): ReLU(G) · A element by element.
 * </ul>
 *
 * <p>Where pytorch-grad-cam differs from Captum's {@code LayerGradCam}: it always takes the ReLU of the
 * map ({@code relu_attributions} here, true by default), rescales each map to [0, 1] (its
 * {@code scale_cam_image}: minus the minimum, over 1e-7 plus the maximum) and resizes it bilinearly with
 * OpenCV. Here the map keeps its values, as Captum returns them, at the layer's resolution unless an
 * interpolation mode is given; the explorer normalizes and upsamples it bilinearly as it shows every
 * map (OpenCV's bilinear upsampling and {@code F.interpolate}'s with align_corners false are the same
 * half-pixel arithmetic). The gradient is that of the raw target output (pytorch-grad-cam's
 * {@code ClassifierOutputTarget}), as for Grad-CAM.
 *
 * <p>One forward pass through the features and one backward pass through the head per image.
 */
public final class ClassActivationMap implements TargetsFromOwnPass {

  /** How the gradient weighs the activations. */
  public enum Weighting {
    GRAD_CAM_PLUS_PLUS("grad-cam-plus-plus"),
    HIRES_CAM("hires-cam"),
    LAYER_CAM("layer-cam");

    private final String id;

    Weighting(String id) {
      this.id = id;
    }

    /** The method's id in the registry. */
    public String id() {
      return id;
    }
  }

  /** pytorch-grad-cam's Grad-CAM++ keeps its denominator away from zero with this. */
  private static final float GRAD_CAM_PLUS_PLUS_EPS = 1e-6f;

  private final Weighting weighting;
  private final String layer;
  private final boolean reluAttributions;
  private final LayerMaps.Mode interpolateMode;

  /**
   * @param weighting the method
   * @param layer the layer's name, or null for the model's default layer
   * @param reluAttributions take the ReLU of the map (pytorch-grad-cam always does)
   * @param interpolateMode upsample to the input's size, or null to keep the layer's resolution
   */
  public ClassActivationMap(Weighting weighting, String layer, boolean reluAttributions,
      LayerMaps.Mode interpolateMode) {
    this.weighting = weighting;
    this.layer = layer;
    this.reluAttributions = reluAttributions;
    this.interpolateMode = interpolateMode;
  }

  @Override
  public String id() {
    return weighting.id();
  }

  @Override
  public Map<String, Object> parameters() {
    return camParameters(layer, reluAttributions, interpolateMode);
  }

  @Override
  public PassCount cost(int examples) {
    return new PassCount(examples, examples);
  }

  @Override
  public Attribution attributeChoosingTargets(
      DifferentiableClassifier model, NDArray inputs, TargetChooser targets, AttributionContext context) {
    return LayerPasses.fromActivationsAndGradients(model, layer, inputs, targets, context, (activations, gradients) -> {
      requireSpatial(activations);
      NDArray weighted = switch (weighting) {
        case GRAD_CAM_PLUS_PLUS -> gradCamPlusPlusWeights(activations, gradients).mul(activations);
        case HIRES_CAM -> gradients.mul(activations);
        case LAYER_CAM -> gradients.maximum(0f).mul(activations);
      };
      return finish(weighted.sum(new int[] {1}, true), reluAttributions, interpolateMode, inputs.getShape());
    });
  }


  /** Grad-CAM++'s channel weights (N, C, 1, 1), pytorch-grad-cam's {@code get_cam_weights}. */
  private static NDArray gradCamPlusPlusWeights(NDArray activations, NDArray gradients) {
    NDArray squared = gradients.square();
    NDArray cubed = squared.mul(gradients);
    NDArray activationSums = activations.sum(new int[] {2, 3}, true);
    NDArray alpha = squared.div(squared.mul(2f).add(activationSums.mul(cubed)).add(GRAD_CAM_PLUS_PLUS_EPS));
    alpha = NDArrays.where(gradients.neq(0f), alpha, alpha.zerosLike());
    return gradients.maximum(0f).mul(alpha).sum(new int[] {2, 3}, true);
  }

  /** The parameters a class activation map records: its layer, ReLU and interpolation. */
  static Map<String, Object> camParameters(String layer, boolean reluAttributions, LayerMaps.Mode interpolateMode) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("layer", layer);
    parameters.put("relu_attributions", reluAttributions);
    parameters.put("interpolate_mode", interpolateMode == null ? null : interpolateMode.captumName());
    return parameters;
  }

  /** {@code maps} after the ReLU if asked, upsampled to the input's H×W when a mode is given. */
  static NDArray finish(NDArray maps, boolean reluAttributions, LayerMaps.Mode interpolateMode, Shape inputShape) {
    NDArray result = reluAttributions ? maps.maximum(0f) : maps;
    if (interpolateMode != null) {
      result = LayerMaps.upsample(result, Math.toIntExact(inputShape.get(2)), Math.toIntExact(inputShape.get(3)),
          interpolateMode);
    }
    return result;
  }

  /** Class activation maps need the layer's spatial axes: N×C×h×w. */
  static NDArray requireSpatial(NDArray activations) {
    if (activations.getShape().dimension() != 4) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "class activation maps need a layer output of N×C×h×w, this layer gives %s", activations.getShape()));
    }
    return activations;
  }
}
