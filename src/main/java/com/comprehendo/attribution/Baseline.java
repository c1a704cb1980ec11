package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.NpyArray;
import java.util.Arrays;

/**
 * The reference input that attributions are measured against (Captum's {@code baselines}): a scalar
 * that broadcasts, or a tensor with the input's shape or a batch dimension of 1.
 */
public sealed interface Baseline {

  /** Every element equal to {@code value} (Captum's default is 0). */
  static Baseline constant(float value) {
    return new Constant(value);
  }

  static Baseline zero() {
    return new Constant(0f);
  }

  /** A tensor baseline of shape (C, H, W), (1, C, H, W) or the input's (N, C, H, W). */
  static Baseline tensor(NpyArray values) {
    return new Tensor(values);
  }

  /** Creates the baseline broadcast to {@code inputShape} on {@code manager}'s device. */
  NDArray materialize(NDManager manager, Shape inputShape);

  /** A short description for summaries and provenance. */
  String describe();

  /** A scalar baseline. */
  record Constant(float value) implements Baseline {
    @Override
    public NDArray materialize(NDManager manager, Shape inputShape) {
      return manager.full(inputShape, value);
    }

    @Override
    public String describe() {
      return Float.toString(value);
    }
  }

  /** A tensor baseline. */
  record Tensor(NpyArray values) implements Baseline {
    @Override
    public NDArray materialize(NDManager manager, Shape inputShape) {
      Shape own = new Shape(values.longShape());
      Shape rowShape = inputShape.slice(1);
      NDArray array = manager.create(values.data(), own);
      if (own.equals(inputShape)) {
        return array;
      }
      if (own.equals(rowShape) || own.equals(new Shape(1).addAll(rowShape))) {
        return array.reshape(new Shape(1).addAll(rowShape)).broadcast(inputShape);
      }
      throw new IllegalArgumentException(
          "baseline shape " + Arrays.toString(values.shape()) + " does not fit the input shape " + inputShape
              + " (use the input's shape, or one image of shape " + rowShape + ")");
    }

    @Override
    public String describe() {
      return "tensor" + Arrays.toString(values.shape());
    }
  }
}
