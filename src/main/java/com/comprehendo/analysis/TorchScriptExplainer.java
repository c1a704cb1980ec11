package com.comprehendo.analysis;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.DatasetPredictor;
import com.comprehendo.analysis.PredictionAccumulator;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.attribution.Attribution;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.EstimateListener;
import com.comprehendo.attribution.PassCount;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.DeviceChoice;
import com.comprehendo.model.LayerMaps;
import com.comprehendo.model.ModelLoadException;
import com.comprehendo.model.OutputKind;
import com.comprehendo.model.TorchScriptClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Explainer} over a {@link TorchScriptClassifier}. Every call scopes its tensors in a
 * sub-manager of the model's and copies results to the host before closing it, so native memory stays
 * flat however long the explorer runs.
 */
public final class TorchScriptExplainer implements Explainer {

  private final TorchScriptClassifier model;

  private TorchScriptExplainer(TorchScriptClassifier model) {
    this.model = model;
  }

  /** Loads {@code modelFile} (and its sidecar) on {@code device}. */
  public static TorchScriptExplainer open(Path modelFile, DeviceChoice device) throws ModelLoadException {
    return new TorchScriptExplainer(TorchScriptClassifier.load(modelFile, device.resolve()));
  }

  /** The loaded classifier, for the faithfulness metrics run on it (analysis.metrics.FaithfulnessMeter). */
  public TorchScriptClassifier classifier() {
    return model;
  }

  @Override
  public String device() {
    Device device = model.device();
    return device.isGpu() ? "GPU " + device.getDeviceId() : "CPU";
  }

  @Override
  public Path file() {
    return model.file();
  }

  @Override
  public List<String> classNames() {
    return model.classNames();
  }

  @Override
  public List<String> layerNames() {
    return model.layerNames();
  }

  @Override
  public Preprocessing preprocessing() {
    return model.spec().preprocessing();
  }

  @Override
  public List<String> assumptions() {
    return model.spec().assumptions();
  }

  @Override
  public ScoreKind scoreKind() {
    return model.spec().output() == OutputKind.PROBABILITIES ? ScoreKind.PROBABILITIES : ScoreKind.LOGITS;
  }

  private Shape inputShape() {
    Preprocessing pre = preprocessing();
    return new Shape(1, pre.channels(), pre.height(), pre.width());
  }

  @Override
  public Prediction predict(float[] input) {
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray batch = scope.create(input, inputShape());
      return Prediction.of(model.forward(batch).toFloatArray(), scoreKind(), classNames());
    }
  }

  @Override
  public void predictDataset(
      Dataset dataset, PredictionAccumulator into, ProgressListener progress, CancellationToken cancellation) {
    // Decoding runs ahead on the predictor's own small pool; inference stays on this (the model) thread.
    DatasetPredictor.builder(model).optProgress(progress).optCancellation(cancellation).build()
        .predictInto(dataset, into);
  }

  @Override
  public AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation) {
    return attribute(input, target, method, progress, cancellation, EstimateListener.NONE, BatchBudget.MAX_ROWS);
  }

  @Override
  public AttributionResult attribute(
      float[] input, int target, AttributionMethod method, ProgressListener progress, CancellationToken cancellation,
      EstimateListener estimates, int maxRowsPerPass) {
    long start = System.nanoTime();
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray batch = scope.create(input, inputShape());
      AttributionContext context = AttributionContext.defaults().withProgress(progress)
          .withCancellation(cancellation).withEstimates(estimates)
          .withBudget(BatchBudget.defaultBudget().withRowCap(maxRowsPerPass));
      return results(method.attribute(model, batch, new int[] {target}, context), method, 1, start).get(0);
    }
  }

  @Override
  public int rowsPerSharedPass() {
    return sharedPasses().nextRows();
  }

  @Override
  public List<AttributionResult> attributeTogether(
      List<float[]> inputs, int[] targets, AttributionMethod method, int rowsPerPass, CancellationToken cancellation) {
    int count = inputs.size();
    if (count == 0 || targets.length != count) {
      throw new IllegalArgumentException(count + " images but " + targets.length + " targets");
    }
    Shape one = inputShape();
    int rowSize = Math.toIntExact(one.size());
    float[] pixels = new float[count * rowSize];
    for (int i = 0; i < count; i++) {
      if (inputs.get(i).length != rowSize) {
        throw new IllegalArgumentException("image " + i + " has " + inputs.get(i).length + " values, not " + rowSize);
      }
      System.arraycopy(inputs.get(i), 0, pixels, i * rowSize, rowSize);
    }
    long start = System.nanoTime();
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray batch = scope.create(pixels, new Shape(count).addAll(one.slice(1)));
      AttributionContext context = AttributionContext.defaults().withCancellation(cancellation)
          .withChosenPassRows(rowsPerPass);
      List<AttributionResult> results = results(method.attribute(model, batch, targets.clone(), context), method, count, start);
      long rowsPerImage = method.cost(1).gradient();
      if (rowsPerImage > 0) {
        sharedPasses().recordCall(rowsPerPass, count * rowsPerImage, System.nanoTime() - start);
      }
      return results;
    }
  }

  /** The gradient passes the images of one call share, measured with the model's own (IG's one-image passes). */
  private SharedPasses sharedPasses() {
    return SharedPasses.gradient(model, inputShape().slice(1), BatchBudget.defaultBudget());
  }

  /**
   * The attribution of {@code count} images, copied to the host image by image; each gets its share of
   * the call's passes.
   */
  private List<AttributionResult> results(Attribution attribution, AttributionMethod method, int count, long startNanos) {
    Preprocessing pre = preprocessing();
    NDArray shown = attribution.values();
    int channels = pre.channels();
    Shape shape = shown.getShape();
    float[] layerValues = null;
    int layerHeight = 0;
    int layerWidth = 0;
    if (shape.get(1) != channels || shape.get(2) != pre.height() || shape.get(3) != pre.width()) {
      // A layer's map (Grad-CAM's 1×h×w, Layer IG's C'×h×w): summed over its channels and upsampled
      // bilinearly to the image, as pytorch-grad-cam shows a CAM, so the explorer draws it like any map;
      // the summed map at the layer's resolution is kept for the hover.
      NDArray summed = shown.sum(new int[] {1}, true);
      layerValues = summed.toFloatArray();
      layerHeight = Math.toIntExact(shape.get(2));
      layerWidth = Math.toIntExact(shape.get(3));
      shown = LayerMaps.asShownOnInput(summed, pre.height(), pre.width());
      channels = 1;
    }
    float[] values = shown.toFloatArray();
    float[] deltas = attribution.convergenceDelta().map(NDArray::toFloatArray).orElse(new float[0]);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    PassCount passes = attribution.passes();
    // Each image's share of the call's passes (the whole count for one image).
    PassCount share = new PassCount((passes.forward() + count - 1) / count, (passes.gradient() + count - 1) / count);
    int mapSize = values.length / count;
    int layerSize = layerHeight * layerWidth;
    int deltasEach = deltas.length / count;
    List<AttributionResult> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      LayerGrid layerGrid = layerValues == null ? null : new LayerGrid(layerName(method), layerHeight, layerWidth,
          Math.toIntExact(shape.get(1)), Arrays.copyOfRange(layerValues, i * layerSize, (i + 1) * layerSize));
      results.add(new AttributionResult(Arrays.copyOfRange(values, i * mapSize, (i + 1) * mapSize), channels,
          pre.height(), pre.width(), Arrays.copyOfRange(deltas, i * deltasEach, (i + 1) * deltasEach), share, seconds,
          attribution.stepsUsed(), layerGrid));
    }
    return results;
  }

  /** The layer a layer method's map comes from: its {@code layer} parameter, else the model's first layer. */
  private String layerName(AttributionMethod method) {
    Object named = method.parameters().get("layer");
    return named != null ? named.toString() : model.layerNames().isEmpty() ? "the layer" : model.layerNames().get(0);
  }

  @Override
  public void close() {
    model.close();
  }
}
