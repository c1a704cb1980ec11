package com.comprehendo.attribution;

import com.comprehendo.attribution.ClassActivationMap.Weighting;
import java.util.Map;

/**
 * The class activation maps beyond Captum (pytorch-grad-cam's Grad-CAM++, HiResCAM, Score-CAM and
 * LayerCAM), declared for the {@link MethodRegistry} beside {@link BuiltInMethods}' Grad-CAM, with its
 * layer and interpolation parameters. pytorch-grad-cam has no switch for its ReLU; here it is {@code
 * relu_attributions}, on by default as there.
 */
final class ClassActivationMaps {

  private static final ParameterSpec RELU = ParameterSpec.bool("relu_attributions").engineDefault("true")
      .help("keep only the positive evidence (ReLU of the map, as pytorch-grad-cam always does)").build();

  private ClassActivationMaps() {}

  static MethodDescriptor gradCamPlusPlus() {
    return gradientWeighted(Weighting.GRAD_CAM_PLUS_PLUS, "Grad-CAM++", "gradcam-plus-plus",
        "Activations weighted by their positive gradients' higher-order terms (Chattopadhay et al. 2018).");
  }

  static MethodDescriptor hiResCam() {
    return gradientWeighted(Weighting.HIRES_CAM, "HiResCAM", "hirescam",
        "Activations times their gradient, cell by cell, summed over channels (Draelos & Carin 2020).");
  }

  static MethodDescriptor layerCam() {
    return gradientWeighted(Weighting.LAYER_CAM, "LayerCAM", "layercam",
        "Activations times their positive gradient, cell by cell (Jiang et al. 2021).");
  }

  static MethodDescriptor scoreCam() {
    return MethodDescriptor.builder("score-cam").aliases("scorecam")
        .displayName("Score-CAM")
        .description("Activations weighted by the score of the image masked by each channel; forward passes only,"
            + " one per channel (Wang et al. 2020).")
        .parameters(BuiltInMethods.LAYER, RELU, BuiltInMethods.INTERPOLATE_MODE)
        .factory(p -> new ScoreCam(p.text("layer", null), p.bool("relu_attributions", true),
            BuiltInMethods.interpolateMode(p.text("interpolate_mode", "none"))))
        .requires(MethodDescriptor.Requirement.SPLIT_MODEL)
        .summary(ClassActivationMaps::summary)
        .build();
  }

  private static MethodDescriptor gradientWeighted(Weighting weighting, String displayName, String alias,
      String description) {
    return MethodDescriptor.builder(weighting.id()).aliases(alias)
        .displayName(displayName)
        .description(description)
        .parameters(BuiltInMethods.LAYER, RELU, BuiltInMethods.INTERPOLATE_MODE)
        .factory(p -> new ClassActivationMap(weighting, p.text("layer", null), p.bool("relu_attributions", true),
            BuiltInMethods.interpolateMode(p.text("interpolate_mode", "none"))))
        .requires(MethodDescriptor.Requirement.SPLIT_MODEL)
        .summary(ClassActivationMaps::summary)
        .build();
  }

  private static String summary(Map<String, String> values) {
    return values.getOrDefault("layer", "first layer")
        + (Boolean.parseBoolean(values.getOrDefault("relu_attributions", "true")) ? "" : ", signed");
  }
}
