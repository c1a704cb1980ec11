package com.comprehendo.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
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
 * {@link IValueUtils#forward(PtSymbolBlock, NDList, boolean)} with autograd on, because {@code
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
  private ModuleParameters parameters;

  private TorchScriptClassifier(Path file, String sha256, Model model, ModelSpec spec, int outputWidth) {
    this.file = file;
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
      int width = probeOutputWidth(model, block, spec, file);
      LOG.info("loaded {} on {}: {} outputs, input {}", file, device, width, spec.preprocessing());
      return new TorchScriptClassifier(file, digest, model, spec, width);
    } catch (ModelLoadException | RuntimeException e) {
      model.close();
      throw e;
    }
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
      } catch (NotOneTensorException e) {
        throw new ModelLoadException(file.getFileName() + "'s forward returns " + outputType(block, probe)
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
    // The graph optimizer is thread-local in libtorch and costs ~10% on gradient passes (measured on
    // ResNet-34): set it on the calling thread each time, as PtSymbolBlock.forward would.
    JniUtils.setGraphExecutorOptimize(Boolean.getBoolean("ai.djl.pytorch.graph_optimizer"));
    NDList outputs = IValueUtils.forward(block, new NDList(input), withAutograd);
    if (outputs.size() != 1) {
      outputs.close();
      throw new NotOneTensorException();
    }
    return outputs.singletonOrThrow();
  }

  /** A forward whose result DJL did not read as exactly one tensor (a tuple, list or dict, say). */
  private static final class NotOneTensorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NotOneTensorException() {
      super("the model did not return exactly one tensor");
    }
  }

  /**
   * What the forward returned, in TorchScript's words ({@code (Tensor, Tensor)}): DJL's tensor list reads
   * a tuple as no tensors at all, which made the old message say "returned 0 tensors".
   */
  private static String outputType(PtSymbolBlock block, NDArray probe) {
    try (IValue input = IValue.from((PtNDArray) probe);
        IValue output = IValueUtils.forward(block, new IValue[] {input})) {
      if (output.isTuple()) {
        IValue[] parts = output.toIValueTuple();
        for (IValue part : parts) {
          part.close();
        }
        return "a tuple of " + parts.length + " values (" + output.getType() + ")";
      }
      return output.isMap() ? "a dict (" + output.getType() + ")"
          : output.isList() ? "a list (" + output.getType() + ")"
          : output.getType();
    } catch (RuntimeException e) {
      return "something other than one tensor";
    }
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
    long rows = input.getShape().get(0);
    if (targets.length != rows) {
      throw new IllegalArgumentException(rows + " inputs but " + targets.length + " targets");
    }
    NDManager caller = input.getManager();
    GradientGuard.acquire();
    // Intermediates (the gradient leaf, the outputs) live in a scratch manager; only the results are
    // handed to the caller's manager.
    try (NDManager scratch = caller.newSubManager();
        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray leaf = input.duplicate();
      leaf.attach(scratch);
      leaf.setRequiresGradient(true);
      NDArray outputs = runForward(block, leaf, true);
      NDArray targetOutputs = Targets.select(outputs, targets);
      try {
        collector.backward(targetOutputs.sum());
      } catch (EngineException e) {
        if (EngineFailures.isDetachedFromInput(e)) {
          throw new EngineException(DETACHED_INPUT, e);
        }
        throw e;
      }
      NDArray gradients = leaf.getGradient();
      NDArray detachedOutputs = targetOutputs.stopGradient();
      gradients.attach(caller);
      detachedOutputs.attach(caller);
      return new TargetGradients(detachedOutputs, gradients);
    } finally {
      GradientGuard.release();
    }
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
