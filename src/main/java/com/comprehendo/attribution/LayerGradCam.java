package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.LayerMaps;
import com.comprehendo.model.TargetChooser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
 * Localization", ICCV 2017), as Captum 0.8's {@code LayerGradCam}: the gradient of the raw target output
 * with respect to the layer's output, averaged over the spatial dimensions, times the activations,
 * summed over channels ({@code attr_dim_summation}); signed unless {@code relu_attributions}. The result
 * is N×1×h×w at the layer's resolution, or, with an interpolation mode, upsampled to the input's H×W as
 * Captum's {@code LayerAttribution.interpolate} does ({@link LayerMaps}).
 *
 * <p>One forward pass through the features and one backward pass through the head per image.
 */
public final class LayerGradCam implements TargetsFromOwnPass {

  private final String layer;
  private final boolean reluAttributions;
  private final boolean attrDimSummation;
  private final LayerMaps.Mode interpolateMode;

  /**
   * @param layer the layer's name, or null for the model's default layer
   * @param reluAttributions Captum's {@code relu_attributions} (default false)
   * @param attrDimSummation Captum's {@code attr_dim_summation} (default true)
   * @param interpolateMode upsample to the input's size, or null to keep the layer's resolution
   */
  public LayerGradCam(String layer, boolean reluAttributions, boolean attrDimSummation, LayerMaps.Mode interpolateMode) {
    this.layer = layer;
    this.reluAttributions = reluAttributions;
    this.attrDimSummation = attrDimSummation;
    this.interpolateMode = interpolateMode;
  }

  @Override
  public String id() {
    return "grad-cam";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("layer", layer);
    parameters.put("relu_attributions", reluAttributions);
    parameters.put("attr_dim_summation", attrDimSummation);
    parameters.put("interpolate_mode", interpolateMode == null ? null : interpolateMode.captumName());
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    return new PassCount(examples, examples);
  }

  @Override
  public Attribution attributeChoosingTargets(
      DifferentiableClassifier model, NDArray inputs, TargetChooser targets, AttributionContext context) {
    return LayerPasses.fromActivationsAndGradients(model, layer, inputs, targets, context, (activations, gradients) -> {
      // Captum: torch.mean(layer_grad, dim=(2, 3), keepdim=True), then the sum over channels of
      // mean_grad * layer_eval (keepdim), then ReLU if asked.
      // DJL's PyTorch engine means over one axis at a time: the spatial axes flattened into one
      // (torch reduces contiguous trailing dimensions as one anyway).
      Shape gradientShape = gradients.getShape();
      NDArray weights = gradientShape.dimension() <= 2 ? gradients
          : gradients.reshape(gradientShape.get(0), gradientShape.get(1), -1).mean(new int[] {2}, true)
              .reshape(spatialOnes(gradientShape));
      NDArray scaled = weights.mul(activations);
      return ClassActivationMap.finish(attrDimSummation ? scaled.sum(new int[] {1}, true) : scaled,
          reluAttributions, interpolateMode, inputs.getShape());
    });
  }


  /** (N, C, 1, …, 1): the gradient's shape with its spatial dimensions averaged away (keepdim). */
  private static Shape spatialOnes(Shape shape) {
    long[] dims = shape.getShape().clone();
    for (int i = 2; i < dims.length; i++) {
      dims[i] = 1;
    }
    return new Shape(dims);
  }
}
