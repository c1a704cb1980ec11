package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.TargetChooser;
import com.comprehendo.model.Targets;

/** Helpers shared by the methods for running a model over rows in budget-sized chunks. */
final class Batching {

  private Batching() {}

  /** Elements of one row (one image) of a batch shape (N, ...). */
  static long rowElements(Shape batchShape) {
    return batchShape.slice(1).size();
  }

  /** The shape (−1, 1, ..., 1) of {@code rank} dimensions: a vector broadcast along the first axis. */
  static Shape leadingAxis(int rank) {
    long[] dims = new long[rank];
    java.util.Arrays.fill(dims, 1L);
    dims[0] = -1;
    return new Shape(dims);
  }

  /** Moves {@code array} into {@code manager}, so it is freed with it; returns it. */
  static NDArray into(NDManager manager, NDArray array) {
    array.attach(manager);
    return array;
  }

  /** Each row's target output of a forward pass without gradients, attached to {@code manager}. */
  static NDArray targetOutputs(NDManager manager, DifferentiableClassifier model, NDArray inputs, int[] targets) {
    NDArray local = into(manager, inputs.duplicate());
    NDArray outputs = into(manager, model.forward(local));
    return Targets.select(outputs, targets);
  }

  /**
   * Input gradients of every row's target output, computed in chunks of at most {@code maxRows} rows,
   * each in its own sub-manager; the result is attached to {@code manager}.
   */
  static NDArray gradients(
      NDManager manager,
      DifferentiableClassifier model,
      NDArray rows,
      int[] targets,
      int maxRows,
      AttributionContext context,
      Progress progress) {
    return gradients(manager, model, rows, TargetChooser.fixed(targets), maxRows, context, progress);
  }

  /**
   * As {@link #gradients(NDManager, DifferentiableClassifier, NDArray, int[], int, AttributionContext,
   * Progress)}, each row's target chosen by {@code targets} in the row's own gradient pass.
   */
  static NDArray gradients(
      NDManager manager,
      DifferentiableClassifier model,
      NDArray rows,
      TargetChooser targets,
      int maxRows,
      AttributionContext context,
      Progress progress) {
    Shape shape = rows.getShape();
    int total = Math.toIntExact(shape.get(0));
    if (total <= maxRows) {
      context.cancellation().throwIfCancelled();
      NDArray gradient;
      try (NDManager batch = manager.newSubManager()) {
        NDArray local = into(batch, rows.duplicate());
        gradient = into(manager, model.targetGradients(local, targets).gradients());
      }
      progress.advance(total);
      return gradient;
    }
    NDArray result = manager.zeros(shape, rows.getDataType());
    for (int start = 0; start < total; start += maxRows) {
      context.cancellation().throwIfCancelled();
      int end = Math.min(total, start + maxRows);
      try (NDManager batch = manager.newSubManager()) {
        NDArray chunk = into(batch, rows.get("{}:{}", start, end));
        NDArray gradient = model.targetGradients(chunk, targets.fromRow(start)).gradients();
        into(batch, gradient);
        result.set(new ai.djl.ndarray.index.NDIndex("{}:{}", start, end), gradient);
      }
      progress.advance(end - start);
    }
    return result;
  }

  /**
   * The targets {@code targets} chooses for {@code inputs}: as known, or from forward passes of at most
   * the budget's rows (for methods whose passes do not run the model on the inputs themselves).
   */
  static int[] chooseTargets(DifferentiableClassifier model, NDArray inputs, TargetChooser targets,
      AttributionContext context) {
    int total = Math.toIntExact(inputs.getShape().get(0));
    int[] known = targets.knownTargets(0, total);
    if (known != null) {
      return known;
    }
    int[] chosen = new int[total];
    int maxRows = context.budget().maxRows(rowElements(inputs.getShape()), false);
    for (int start = 0; start < total; start += maxRows) {
      context.cancellation().throwIfCancelled();
      int end = Math.min(total, start + maxRows);
      try (NDManager batch = inputs.getManager().newSubManager()) {
        NDArray chunk = into(batch, start == 0 && end == total ? inputs.duplicate() : inputs.get("{}:{}", start, end));
        NDArray outputs = into(batch, model.forward(chunk));
        System.arraycopy(targets.fromRow(start).choose(outputs.toFloatArray(), end - start), 0, chosen, start,
            end - start);
      }
    }
    return chosen;
  }

  /**
   * One gradient pass per example, turned into an attribution by {@code transform(inputs, gradient)}
   * (Saliency: |g|; Input×Gradient: x ⊙ g); the result is attached to the inputs' manager. The targets
   * are chosen in the gradient pass itself ({@link TargetChooser}).
   */
  static Attribution fromGradients(
      AttributionMethod method,
      DifferentiableClassifier model,
      NDArray inputs,
      TargetChooser targets,
      AttributionContext context,
      java.util.function.BinaryOperator<NDArray> transform) {
    int examples = Math.toIntExact(inputs.getShape().get(0));
    NDManager scope = inputs.getManager();
    Progress progress = new Progress(context.progress(), examples);
    int maxRows = context.budget().maxRows(rowElements(inputs.getShape()), true);
    try (NDManager job = scope.newSubManager()) {
      NDArray gradient = gradients(job, model, inputs, targets, maxRows, context, progress);
      NDArray values = into(scope, transform.apply(inputs, gradient));
      return new Attribution(values, java.util.Optional.empty(), method.cost(examples));
    }
  }

  /** Counts passes and forwards them to the listener as done / total. */
  static final class Progress {
    private final ProgressListener listener;
    private final long total;
    private long done;

    Progress(ProgressListener listener, long total) {
      this.listener = listener;
      this.total = total;
    }

    void advance(long passes) {
      done += passes;
      listener.onProgress(done, total);
    }

    long done() {
      return done;
    }
  }
}
