package com.comprehendo.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.platform.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image classifier loaded from a TorchScript file (traced or scripted) through DJL's PyTorch engine,
 * with input gradients.
 *
 * <p>The recipe, each step learnt from a failure: load with {@code trainParam=true} (DJL otherwise
 * loads in inference mode, whose tensors cannot be saved for backward); freeze every weight at once so
 * backward computes only the input gradient; keep the module in eval mode and run the forward through
 * {@code IValueUtils.forward(block, inputs, true)} (autograd on), because {@code
 * PtSymbolBlock.forward(..., training=true)} would switch a scripted module's BatchNorm to batch
 * statistics; hold the {@link GradientGuard} since only one gradient collector may be open per JVM.
 *
 * <pre>{@code
 * try (TorchScriptClassifier model = TorchScriptClassifier.load(Path.of("model.pt"), Device.cpu())) {
 *   NDArray logits = model.forward(batch);
 * }
 * }</pre>
 */
public final class TorchScriptClassifier implements RandomizableClassifier, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptClassifier.class);

  private final Path file;
  private final String sha256;
  private final Model model;
  private final PtSymbolBlock block;
  private final ModelSpec spec;
  private final int outputWidth;
  private final List<String> classNames;
  private final List<TorchScriptLayer> layers;
  private ModuleParameters parameters;
  /** Gives back what {@link ConvolutionKernels} set for this model (oneDNN off while it is open). */
  private final Runnable releaseKernels;

  private TorchScriptClassifier(Path file, String sha256, Model model, ModelSpec spec, int outputWidth,
      List<TorchScriptLayer> layers, Runnable releaseKernels) {
    this.file = file;
    this.releaseKernels = releaseKernels;
    this.layers = List.copyOf(layers);
    this.sha256 = sha256;
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.spec = spec;
    this.outputWidth = outputWidth;
    this.classNames = spec.classNames(outputWidth);
  }

  /** Loads a model and its sidecar (or the defaults) onto {@code device}. */
  public static TorchScriptClassifier load(Path file, Device device) throws ModelLoadException {
    return load(file, ModelSpec.forModel(file), device);
  }

  /**
   * Loads a model with an explicit spec onto {@code device}, and checks with one forward pass that it
   * accepts the spec's input size and returns one vector per image of the spec's class count.
   *
   * @throws ModelLoadException with a message for the user when the file or the model is unusable
   */
  public static TorchScriptClassifier load(Path file, ModelSpec spec, Device device) throws ModelLoadException {
    ModelFileSniffer.requireTorchScript(file);
    String digest = sha256(file);
    Model model = Model.newInstance(file.getFileName().toString(), device, "PyTorch");
    Runnable releaseKernels = () -> {};
    try {
      try {
        model.load(file.toAbsolutePath(), null, Map.of("trainParam", "true"));
      } catch (MalformedModelException | IOException | EngineException e) {
        throw new ModelLoadException(
            "libtorch could not load " + file.getFileName() + ": " + firstLine(e) + ". "
                + ModelFileSniffer.HOW_TO_EXPORT, e);
      }
      PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
      block.freezeParameters(true);
      JniUtils.enableInferenceMode(block);
      releaseKernels = ConvolutionKernels.prepare(block, file);
      int width = probeOutputWidth(model, block, spec, file);
      List<TorchScriptLayer> layers = TorchScriptLayer.discover(block, model.getNDManager(), spec, file);
      LOG.info("loaded {} on {}: {} outputs, input {}, layers {}", file, device, width, spec.preprocessing(), layers);
      return new TorchScriptClassifier(file, digest, model, spec, width, layers, releaseKernels);
    } catch (ModelLoadException | RuntimeException e) {
      releaseKernels.run();
      model.close();
      throw e;
    }
  }

  /** The scripted module, for this package's checks (tests). */
  PtSymbolBlock block() {
    return block;
  }

  private static int probeOutputWidth(Model model, PtSymbolBlock block, ModelSpec spec, Path file)
      throws ModelLoadException {
    Preprocessing pre = spec.preprocessing();
    Shape inputShape = new Shape(1, pre.channels(), pre.height(), pre.width());
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray probe = manager.zeros(inputShape, DataType.FLOAT32);
      NDArray output;
      try {
        output = runForward(block, probe, false);
      } catch (ModuleMethods.NotOneTensorException e) {
        throw new ModelLoadException(file.getFileName() + "'s forward returns "
            + ModuleMethods.outputType(block, "forward", probe)
            + "; Comprehendo needs one tensor of class scores (export a wrapper that returns only the logits).", e);
      } catch (EngineException | IllegalArgumentException e) {
        // The model's own words first; the input size is only a guess at the cause.
        throw new ModelLoadException(
            file.getFileName() + " failed on an input of shape " + inputShape + ": " + EngineFailures.modelMessage(e)
                + ". If it expects another input size or channel count, set \"input_size\" (and mean/std) in "
                + (spec.sidecar().isPresent() ? "its sidecar " + spec.sidecar().get().getFileName()
                    : "a sidecar " + ModelSpec.sidecarCandidates(file).get(0).getFileName() + " beside it") + ".", e);
      }
      Shape shape = output.getShape();
      if (shape.dimension() != 2 || shape.get(0) != 1) {
        throw new ModelLoadException(
            file.getFileName() + " returned an output of shape " + shape + " for one image; Comprehendo needs "
                + "a vector of class scores per image (shape [N, classes]).");
      }
      int width = Math.toIntExact(shape.get(1));
      if (width < 2) {
        throw new ModelLoadException(
            file.getFileName() + " returns a single score per image; Comprehendo needs one score per class "
                + "(for a binary classifier, export two logits).");
      }
      if (!spec.classes().isEmpty() && spec.classes().size() != width) {
        throw new ModelLoadException(
            file.getFileName() + " has " + width + " outputs but its sidecar lists " + spec.classes().size()
                + " classes; fix \"classes\" in " + spec.sidecar().map(Path::toString).orElse("the sidecar") + ".");
      }
      if (output.getDataType() != DataType.FLOAT32) {
        throw new ModelLoadException(
            file.getFileName() + " returns " + output.getDataType() + " outputs; export the model in float32.");
      }
      return width;
    }
  }

  private static NDArray runForward(PtSymbolBlock block, NDArray input, boolean withAutograd) {
    return ModuleMethods.run(block, "forward", input, withAutograd);
  }

  @Override
  public Device device() {
    return model.getNDManager().getDevice();
  }

  /**
   * The device as the command line's JSON and the provenance sidecars name it: {@code cpu} or {@code
   * gpu:0}, as {@code --device} takes it (DJL's own {@code toString} says {@code cpu()}).
   */
  public String deviceName() {
    Device device = device();
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }

  @Override
  public Optional<String> identity() {
    return Optional.of(sha256 + "@" + device());
  }

  @Override
  public int outputWidth() {
    return outputWidth;
  }

  @Override
  public NDArray forward(NDArray input) {
    return runForward(block, input, false);
  }

  @Override
  public TargetGradients targetGradients(NDArray input, int[] targets) {
    return ModuleMethods.targetGradients(block, "forward", input, targets, DETACHED_INPUT);
  }

  @Override
  public TargetGradients targetGradients(NDArray input, TargetChooser targets) {
    return ModuleMethods.targetGradients(block, "forward", input, targets, DETACHED_INPUT);
  }

  @Override
  public List<String> layerNames() {
    return layers.stream().map(ModelLayer::name).toList();
  }

  @Override
  public ModelLayer layer(String name) {
    return TorchScriptLayer.find(layers, name);
  }

  /** Why gradient methods cannot run on a model whose forward cuts its output off from its input. */
  static final String DETACHED_INPUT = "the model's output does not depend on its input through autograd (its forward"
      + " detaches the input: .detach(), .data, .numpy() or torch.no_grad()), so gradient methods cannot explain it;"
      + " Occlusion, which needs forward passes only, can";

  @Override
  public List<String> parameterGroups() {
    return parameters().groups();
  }

  @Override
  public void randomize(String group, long seed) {
    parameters().randomize(group, seed);
  }

  @Override
  public void restoreParameters() {
    parameters().restore();
  }

  private synchronized ModuleParameters parameters() {
    if (parameters == null) {
      parameters = new ModuleParameters(block, model.getNDManager());
    }
    return parameters;
  }

  /** The file this model was loaded from. */
  public Path file() {
    return file;
  }

  /** SHA-256 of the model file, recorded with every result so it can be reproduced. */
  public String sha256() {
    return sha256;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** Class names in output order (the sidecar's, or "class_i"). */
  public List<String> classNames() {
    return classNames;
  }

  /** The manager owning the model; jobs open their own sub-managers of it. */
  public NDManager manager() {
    return model.getNDManager();
  }

  @Override
  public void close() {
    releaseKernels.run();
    model.close();
  }

  private static String sha256(Path file) throws ModelLoadException {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the model file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = message.strip().lines().findFirst().orElse(message);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
