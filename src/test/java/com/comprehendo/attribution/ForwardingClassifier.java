package com.comprehendo.attribution;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.ModelLayer;
import com.comprehendo.model.TargetChooser;
import java.util.List;

/** A classifier that hands every call to another: tests override the calls they watch. */
public class ForwardingClassifier implements DifferentiableClassifier {

  final DifferentiableClassifier model;

  public ForwardingClassifier(DifferentiableClassifier model) {
    this.model = model;
  }

  @Override
  public Device device() {
    return model.device();
  }

  @Override
  public int outputWidth() {
    return model.outputWidth();
  }

  @Override
  public NDArray forward(NDArray input) {
    return model.forward(input);
  }

  @Override
  public TargetGradients targetGradients(NDArray input, int[] targets) {
    return model.targetGradients(input, targets);
  }

  @Override
  public TargetGradients targetGradients(NDArray input, TargetChooser targets) {
    return model.targetGradients(input, targets);
  }

  @Override
  public List<String> layerNames() {
    return model.layerNames();
  }

  @Override
  public ModelLayer layer(String name) {
    return model.layer(name);
  }
}
