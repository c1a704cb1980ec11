package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.DifferentiableClassifier;
import com.comprehendo.model.LayerMaps;
import com.comprehendo.model.ModelLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Score-CAM (Wang et al., "Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural
 * Networks", CVPR Workshops 2020), as pytorch-grad-cam's {@code ScoreCAM} computes it, with forward
 * passes only: each channel of the layer's activations A is upsampled to the input's H×W bilinearly
 * with aligned corners ({@code torch.nn.UpsamplingBilinear2d}, as pytorch-grad-cam does), rescaled to
 * [0, 1] by its own minimum and maximum (plus 1e-8), and multiplies the input; the model's raw target
 * output on each masked input is the channel's score, and the map is Σ_c softmax_c(scores) · A_c.
 *
 * <p>Where this differs from pytorch-grad-cam, see {@link ClassActivationMap}: the map keeps its values
 * (ReLU by default, as there), and is upsampled only when an interpolation mode is given. The masked
 * inputs of one image go through the model in batches as large as the memory budget allows
 * (pytorch-grad-cam's are 16 rows); the batch size does not change the result.
 *
 * <p>Passes: one through the features and C (the layer's channels) through the model per image.
 */
public final class ScoreCam implements AttributionMethod {

  /**
   * The channels the estimate assumes before the layer has run (a ResNet's last stage has 512): the
   * method's true count, one pass per channel and image, is known only from the layer's output and is
   * what the result reports.
   */
  static final int ESTIMATED_CHANNELS = 512;

  /** pytorch-grad-cam's guard against a constant channel in its min-max rescaling. */
  private static final float RESCALE_EPS = 1e-8f;

  private final String layer;
  private final boolean reluAttributions;
  private final LayerMaps.Mode interpolateMode;

  /**
   * @param layer the layer's name, or null for the model's default layer
   * @param reluAttributions take the ReLU of the map (pytorch-grad-cam always does)
   * @param interpolateMode upsample the map to the input's size, or null to keep the layer's resolution
   */
  public ScoreCam(String layer, boolean reluAttributions, LayerMaps.Mode interpolateMode) {
    this.layer = layer;
    this.reluAttributions = reluAttributions;
    this.interpolateMode = interpolateMode;
  }

  @Override
  public String id() {
    return "score-cam";
  }

  @Override
  public Map<String, Object> parameters() {
    return ClassActivationMap.camParameters(layer, reluAttributions, interpolateMode);
  }

  @Override
  public PassCount cost(int examples) {
    return passes(examples, ESTIMATED_CHANNELS);
  }

  private static PassCount passes(int examples, long channels) {
    return new PassCount(examples * (1 + channels), 0);
  }

  @Override
  public Attribution attribute(
      DifferentiableClassifier model, NDArray inputs, int[] targets, AttributionContext context) {
    Shape inputShape = inputs.getShape();
    int examples = Math.toIntExact(inputShape.get(0));
    IntegratedGradients.requireTargets(targets, examples);
    ModelLayer chosen = model.layer(layer);
    NDManager scope = inputs.getManager();
    try (NDManager job = scope.newSubManager()) {
      NDArray activations = ClassActivationMap.requireSpatial(LayerPasses.activations(job, chosen, inputs, context,
          new Batching.Progress(ProgressListener.NONE, examples)));
      long channels = activations.getShape().get(1);
      PassCount cost = passes(examples, channels);
      Batching.Progress progress = new Batching.Progress(context.progress(), cost.total());
      progress.advance(examples);
      NDArray masks = rescaledMasks(activations, Math.toIntExact(inputShape.get(2)),
          Math.toIntExact(inputShape.get(3)));
      int maxRows = context.budget().maxRows(Batching.rowElements(inputShape), false);
      List<NDArray> scores = new ArrayList<>();
      for (int n = 0; n < examples; n++) {
        scores.add(channelScores(job, model, inputs.get(n), masks.get(n), targets[n], maxRows, context, progress));
      }
      NDArray weights = NDArrays.stack(new NDList(scores)).softmax(1)
          .reshape(examples, channels, 1, 1);
      NDArray maps = ClassActivationMap.finish(weights.mul(activations).sum(new int[] {1}, true), reluAttributions,
          interpolateMode, inputShape);
      return new Attribution(Batching.into(scope, maps.duplicate()), Optional.empty(), cost);
    }
  }

  /**
   * Each channel upsampled to H×W (bilinear, corners aligned) and rescaled to [0, 1]:
   * (u − min) / (max − min + 1e-8) over each channel's pixels. Shape (N, C, H, W).
   */
  private static NDArray rescaledMasks(NDArray activations, int height, int width) {
    NDArray upsampled = LayerMaps.upsampleAlignedCorners(activations, height, width);
    Shape shape = upsampled.getShape();
    NDArray flat = upsampled.reshape(shape.get(0), shape.get(1), -1);
    NDArray maxima = flat.max(new int[] {2}, true).reshape(shape.get(0), shape.get(1), 1, 1);
    NDArray minima = flat.min(new int[] {2}, true).reshape(shape.get(0), shape.get(1), 1, 1);
    return upsampled.sub(minima).div(maxima.sub(minima).add(RESCALE_EPS));
  }

  /**
   * The raw target output for the image masked by each channel's mask, in batches of at most {@code
   * maxRows} masked images: shape (C,), attached to {@code manager}.
   */
  private static NDArray channelScores(NDManager manager, DifferentiableClassifier model, NDArray image,
      NDArray masks, int target, int maxRows, AttributionContext context, Batching.Progress progress) {
    int channels = Math.toIntExact(masks.getShape().get(0));
    List<NDArray> parts = new ArrayList<>();
    for (int start = 0; start < channels; start += maxRows) {
      context.cancellation().throwIfCancelled();
      int end = Math.min(channels, start + maxRows);
      try (NDManager batch = manager.newSubManager()) {
        // input_tensor[:, None] * upsampled[:, :, None]: every channel's mask times every input channel.
        NDArray masked = Batching.into(batch, image.expandDims(0).mul(
            masks.get(new NDIndex("{}:{}", start, end)).expandDims(1)));
        NDArray outputs = Batching.into(batch, model.forward(masked));
        parts.add(Batching.into(manager, outputs.get(new NDIndex(":, {}", target))));
      }
      progress.advance(end - start);
    }
    return parts.size() == 1 ? parts.get(0) : Batching.into(manager, NDArrays.concat(new NDList(parts)));
  }
}
