package com.comprehendo.model;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.comprehendo.model.DifferentiableClassifier.TargetGradients;

/**
 * Runs a method of a TorchScript module ({@code forward}, or an exported one such as {@code features})
 * on one tensor, expecting one tensor back.
 *
 * <p>DJL calls another method than {@code forward} when the input list holds an array named {@code
 * module_method:<name>}, which it drops from the inputs. {@link IValueUtils#runMethod} would do it
 * directly, but always in inference mode, whose outputs cannot carry gradients.
 */
final class ModuleMethods {

  private static final String METHOD_MARKER = "module_method:";

  private ModuleMethods() {}

  /**
   * {@code method(input)}, attached to the input's manager.
   *
   * @param withAutograd record the graph (for a backward pass) instead of running in inference mode
   * @throws NotOneTensorException when the method returns anything but one tensor
   */
  static NDArray run(PtSymbolBlock block, String method, NDArray input, boolean withAutograd) {
    // The graph optimizer is thread-local in libtorch and costs ~10% on gradient passes (measured on
    // ResNet-34): set it on the calling thread each time, as PtSymbolBlock.forward would.
    JniUtils.setGraphExecutorOptimize(Boolean.getBoolean("ai.djl.pytorch.graph_optimizer"));
    NDList outputs;
    if (method.equals("forward")) {
      outputs = IValueUtils.forward(block, new NDList(input), withAutograd);
    } else {
      try (NDManager markers = input.getManager().newSubManager()) {
        NDArray marker = markers.create(0f);
        marker.setName(METHOD_MARKER + method);
        outputs = IValueUtils.forward(block, new NDList(input, marker), withAutograd);
      }
    }
    if (outputs.size() != 1) {
      outputs.close();
      throw new NotOneTensorException(method);
    }
    return outputs.singletonOrThrow();
  }

  /**
   * Runs {@code method} with autograd and returns, for each row n, its output {@code out_{targets[n]}}
   * and the gradient of that output with respect to row n of {@code input} (Captum's {@code
   * torch.autograd.grad(outputs[:, target].unbind(), inputs)}; rows are independent in eval mode).
   * Both results are attached to the input's manager and own their memory (copied before the gradient
   * collector and the leaf are closed); every intermediate is freed.
   *
   * @param detached what to say when the method's output does not depend on its input through autograd
   */
  static TargetGradients targetGradients(
      PtSymbolBlock block, String method, NDArray input, int[] targets, String detached) {
    long rows = input.getShape().get(0);
    if (targets.length != rows) {
      throw new IllegalArgumentException(rows + " inputs but " + targets.length + " targets");
    }
    return targetGradients(block, method, input, TargetChooser.fixed(targets), detached);
  }

  /**
   * As {@link #targetGradients(PtSymbolBlock, String, NDArray, int[], String)}, each row's target
   * chosen by {@code targets}: when they are not known in advance, from the row's outputs of this very
   * pass (read before the backward pass), so choosing costs no pass of its own.
   */
  static TargetGradients targetGradients(
      PtSymbolBlock block, String method, NDArray input, TargetChooser targets, String detached) {
    int rows = Math.toIntExact(input.getShape().get(0));
    int[] known = targets.knownTargets(0, rows);
    NDManager caller = input.getManager();
    GradientGuard.acquire();
    // Intermediates (the gradient leaf, the outputs) live in a scratch manager; only copies of the
    // results are handed to the caller's manager.
    try (NDManager scratch = caller.newSubManager();
        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray leaf = input.duplicate();
      leaf.attach(scratch);
      leaf.setRequiresGradient(true);
      NDArray outputs = run(block, method, leaf, true);
      int[] chosen = known != null ? known : targets.choose(outputs.stopGradient().toFloatArray(), rows);
      NDArray targetOutputs = Targets.select(outputs, chosen);
      try {
        collector.backward(targetOutputs.sum());
      } catch (EngineException e) {
        if (EngineFailures.isDetachedFromInput(e)) {
          throw new EngineException(detached, e);
        }
        throw e;
      }
      NDArray gradients = leaf.getGradient().duplicate();
      NDArray detachedOutputs = targetOutputs.stopGradient().duplicate();
      gradients.attach(caller);
      detachedOutputs.attach(caller);
      return new TargetGradients(detachedOutputs, gradients);
    } finally {
      GradientGuard.release();
    }
  }

  /**
   * What {@code method} returned, in TorchScript's words ({@code (Tensor, Tensor)}): DJL's tensor list
   * reads a tuple as no tensors at all, which made messages say "returned 0 tensors".
   */
  static String outputType(PtSymbolBlock block, String method, NDArray probe) {
    try (IValue input = IValue.from((PtNDArray) probe);
        IValue output = IValueUtils.runMethod(block, method, input)) {
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

  /** A method whose result DJL did not read as exactly one tensor (a tuple, list or dict, say). */
  static final class NotOneTensorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NotOneTensorException(String method) {
      super("the model's " + method + " did not return exactly one tensor");
    }
  }
}
