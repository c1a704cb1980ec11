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
    Preprocessing pre = preprocessing();
    long start = System.nanoTime();
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray batch = scope.create(input, inputShape());
      AttributionContext context = AttributionContext.defaults().withProgress(progress)
          .withCancellation(cancellation).withEstimates(estimates)
          .withBudget(BatchBudget.defaultBudget().withRowCap(maxRowsPerPass));
      Attribution attribution = method.attribute(model, batch, new int[] {target}, context);
      NDArray shown = attribution.values();
      int channels = pre.channels();
      Shape shape = shown.getShape();
      LayerGrid layerGrid = null;
      if (shape.get(1) != channels || shape.get(2) != pre.height() || shape.get(3) != pre.width()) {
        // A layer's map (Grad-CAM's 1×h×w, Layer IG's C'×h×w): summed over its channels and upsampled
        // bilinearly to the image, as pytorch-grad-cam shows a CAM, so the explorer draws it like any map;
        // the summed map at the layer's resolution is kept for the hover.
        NDArray summed = shown.sum(new int[] {1}, true);
        layerGrid = new LayerGrid(layerName(method), Math.toIntExact(shape.get(2)), Math.toIntExact(shape.get(3)),
            Math.toIntExact(shape.get(1)), summed.toFloatArray());
        shown = LayerMaps.asShownOnInput(summed, pre.height(), pre.width());
        channels = 1;
      }
      float[] values = shown.toFloatArray();
      float[] deltas = attribution.convergenceDelta().map(NDArray::toFloatArray).orElse(new float[0]);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new AttributionResult(
          values, channels, pre.height(), pre.width(), deltas, attribution.passes(), seconds,
          attribution.stepsUsed(), layerGrid);
    }
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
