package com.comprehendo.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.model.DifferentiableClassifier.TargetGradients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A layer of a TorchScript model exported with a split ({@link ModelLayer}): the methods {@code
 * features}/{@code head}, or {@code features_<name>}/{@code head_<name>} for several layers. In
 * PyTorch: {@code torch.jit.trace_module(model, {"forward": x, "features": x, "head": f})}.
 *
 * <p>{@link #discover} finds the pairs a module exports and checks each on one input before the model
 * is used: {@code features} must return one N×C×h×w tensor and {@code head(features(x))} must equal
 * {@code forward(x)}, or the layer methods would explain another function than the model.
 */
final class TorchScriptLayer implements ModelLayer {

  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptLayer.class);

  /**
   * How far {@code head(features(x))} may be from {@code forward(x)}, relative to the largest output
   * (at least 1): float32 rounding of the same operations is ~1e-6; a wrong split is off by far more.
   */
  static final double SPLIT_TOLERANCE = 1e-4;

  private static final String FEATURES = "features";
  private static final String HEAD = "head";

  private static final String DETACHED_HEAD = "the model's head does not depend on the layer's output through autograd"
      + " (it detaches its input), so layer methods that need gradients cannot explain it";

  private final PtSymbolBlock block;
  private final String name;
  private final String featuresMethod;
  private final String headMethod;

  private TorchScriptLayer(PtSymbolBlock block, String name, String featuresMethod, String headMethod) {
    this.block = block;
    this.name = name;
    this.featuresMethod = featuresMethod;
    this.headMethod = headMethod;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public NDArray activations(NDArray input) {
    return ModuleMethods.run(block, featuresMethod, input, false);
  }

  @Override
  public NDArray head(NDArray activations) {
    return ModuleMethods.run(block, headMethod, activations, false);
  }

  @Override
  public TargetGradients headGradients(NDArray activations, int[] targets) {
    return ModuleMethods.targetGradients(block, headMethod, activations, targets, DETACHED_HEAD);
  }

  @Override
  public TargetGradients headGradients(NDArray activations, TargetChooser targets) {
    return ModuleMethods.targetGradients(block, headMethod, activations, targets, DETACHED_HEAD);
  }

  @Override
  public String toString() {
    return name + " (" + featuresMethod + "/" + headMethod + ")";
  }

  /**
   * The layers {@code block} exports, the plain {@code features}/{@code head} pair first, then those the
   * sidecar names in its order, then the others by name; each checked on one input.
   *
   * @throws ModelLoadException when a layer's {@code features} is not one N×C×h×w tensor, its split
   *     disagrees with {@code forward}, or the sidecar names a layer the model does not export
   */
  static List<TorchScriptLayer> discover(PtSymbolBlock block, NDManager manager, ModelSpec spec, Path file)
      throws ModelLoadException {
    Set<String> methods = new TreeSet<>(Arrays.asList(JniUtils.getMethodNames(block)));
    List<String> featureMethods = new ArrayList<>();
    for (String method : methods) {
      if (!method.equals(FEATURES) && !method.startsWith(FEATURES + "_")) {
        continue;
      }
      String head = HEAD + method.substring(FEATURES.length());
      if (methods.contains(head)) {
        featureMethods.add(method);
      } else {
        LOG.info("{} exports {} without {}: not a split, ignored", file.getFileName(), method, head);
      }
    }
    for (String named : spec.layerNames().keySet()) {
      if (!featureMethods.contains(named)) {
        throw new ModelLoadException(spec.sidecar().map(p -> p.getFileName().toString()).orElse("the sidecar")
            + " names the layer " + named + ", but " + file.getFileName() + " exports no " + named + "/"
            + HEAD + named.substring(FEATURES.length()) + " methods (it has: " + String.join(", ", methods) + ")");
      }
    }
    List<String> sidecarOrder = new ArrayList<>(spec.layerNames().keySet());
    featureMethods.sort(Comparator.comparingInt((String m) -> m.equals(FEATURES) ? -1
        : sidecarOrder.contains(m) ? sidecarOrder.indexOf(m) : sidecarOrder.size()));
    List<TorchScriptLayer> layers = new ArrayList<>();
    for (String method : featureMethods) {
      String shortName = method.equals(FEATURES) ? FEATURES : method.substring(FEATURES.length() + 1);
      String name = spec.layerNames().getOrDefault(method, shortName);
      TorchScriptLayer layer = new TorchScriptLayer(block, name, method, HEAD + method.substring(FEATURES.length()));
      layer.check(manager, spec.preprocessing(), file);
      layers.add(layer);
    }
    return layers;
  }

  /** Checks on one pseudo-random input that this layer is one N×C×h×w tensor and that head ∘ features = forward. */
  private void check(NDManager modelManager, Preprocessing input, Path file) throws ModelLoadException {
    String model = file.getFileName().toString();
    Shape inputShape = new Shape(1, input.channels(), input.height(), input.width());
    try (NDManager manager = modelManager.newSubManager()) {
      NDArray probe = manager.create(probeValues(inputShape), inputShape);
      NDArray expected = ModuleMethods.run(block, "forward", probe, false);
      NDArray activations;
      try {
        activations = activations(probe);
      } catch (ModuleMethods.NotOneTensorException e) {
        throw new ModelLoadException(model + "'s " + featuresMethod + " returns "
            + ModuleMethods.outputType(block, featuresMethod, probe) + "; a layer for layer methods must be one tensor"
            + " N×C×h×w (the output of a convolutional stage). " + reexport(), e);
      } catch (EngineException e) {
        throw new ModelLoadException(model + "'s " + featuresMethod + " failed on an input of shape " + inputShape
            + ": " + EngineFailures.modelMessage(e) + ". " + reexport(), e);
      }
      Shape shape = activations.getShape();
      if (shape.dimension() != 4 || shape.get(0) != 1 || shape.size() == 0) {
        throw new ModelLoadException(model + "'s " + featuresMethod + " returns a tensor of shape " + shape
            + " for one image; a layer for layer methods must be N×C×h×w (the output of a convolutional stage,"
            + " before pooling and flattening). " + reexport());
      }
      if (activations.getDataType() != DataType.FLOAT32) {
        throw new ModelLoadException(model + "'s " + featuresMethod + " returns " + activations.getDataType()
            + "; export the model in float32.");
      }
      NDArray actual;
      try {
        actual = head(activations);
      } catch (ModuleMethods.NotOneTensorException e) {
        throw new ModelLoadException(model + "'s " + headMethod + " returns "
            + ModuleMethods.outputType(block, headMethod, activations) + "; it must return the class scores as"
            + " forward does. " + reexport(), e);
      } catch (EngineException e) {
        throw new ModelLoadException(model + "'s " + headMethod + " failed on the output of " + featuresMethod
            + " (shape " + shape + "): " + EngineFailures.modelMessage(e) + ". " + reexport(), e);
      }
      if (!actual.getShape().equals(expected.getShape())) {
        throw new ModelLoadException(model + "'s " + headMethod + "(" + featuresMethod + "(x)) has shape "
            + actual.getShape() + " but forward(x) has " + expected.getShape() + ". " + reexport());
      }
      double largest = Math.max(1, expected.abs().max().getFloat());
      double difference = actual.sub(expected).abs().max().getFloat();
      if (!(difference <= SPLIT_TOLERANCE * largest)) {
        throw new ModelLoadException(String.format(Locale.ROOT,
            "%s's split disagrees with its forward: %s(%s(x)) differs from forward(x) by %.3g (allowed: %.0e × %.3g),"
                + " so layer methods would explain another function. %s",
            model, headMethod, featuresMethod, difference, SPLIT_TOLERANCE, largest, reexport()));
      }
      LOG.info("{}: layer {} checked, {} per image", model, this, shape.slice(1));
    }
  }

  private String reexport() {
    return "Export the split again with tools/export_for_comprehendo.py, or remove the " + featuresMethod + "/"
        + headMethod + " methods to use the model without layer methods.";
  }

  /** Standard normal values, fixed by a seed: a probe that reaches every branch a blank image might not. */
  private static float[] probeValues(Shape shape) {
    Random random = new Random(20_240_613L);
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /** The layer called {@code name} (or the first, for null or blank) among {@code layers}. */
  static ModelLayer find(List<? extends ModelLayer> layers, String name) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("this model has no split into features and head for layer methods; "
          + HOW_TO_SPLIT);
    }
    if (name == null || name.isBlank()) {
      return layers.get(0);
    }
    for (ModelLayer layer : layers) {
      if (layer.name().equals(name.strip())) {
        return layer;
      }
    }
    throw new IllegalArgumentException("layer: '" + name.strip() + "' is not a layer of this model (its layers: "
        + String.join(", ", layers.stream().map(ModelLayer::name).toList()) + ")");
  }
}
