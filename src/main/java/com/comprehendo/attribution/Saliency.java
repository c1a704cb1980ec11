package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.TargetChooser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saliency (Simonyan, Vedaldi and Zisserman, "Deep Inside Convolutional Networks", 2014): the input
 * gradient of the target output, {@code |∂F_t/∂x|} by default, signed with {@code abs = false}.
 */
public final class Saliency implements TargetsFromOwnPass {

  private final boolean absolute;

  /** @param absolute Captum's {@code abs}, default true */
  public Saliency(boolean absolute) {
    this.absolute = absolute;
  }

  /** Captum's default: absolute values. */
  public Saliency() {
    this(true);
  }

  @Override
  public String id() {
    return "saliency";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("abs", absolute);
    return parameters;
  }

  @Override
  public PassCount cost(int examples) {
    return new PassCount(0, examples);
  }

  @Override
  public Attribution attributeChoosingTargets(
      DifferentiableClassifier model, NDArray inputs, TargetChooser targets, AttributionContext context) {
    return Batching.fromGradients(this, model, inputs, targets, context, (x, gradient) -> absolute ? gradient.abs() : gradient.duplicate());
  }
}
