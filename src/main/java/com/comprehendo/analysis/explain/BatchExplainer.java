package com.comprehendo.analysis.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.analysis.DecodeAhead;
import com.comprehendo.analysis.ImagePrediction;
import com.comprehendo.analysis.Localization;
import com.comprehendo.analysis.ScoreKind;
import com.comprehendo.analysis.SharedPasses;
import com.comprehendo.attribution.Attribution;
import com.comprehendo.attribution.AttributionContext;
import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.data.BoundingBox;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.CancelledException;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.OutputKind;
import com.comprehendo.model.TorchScriptClassifier;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Explains many images with one method: the dataset, not the image, is the unit of work (what Captum's
 * users ask for in its issues #494 and #645).
 *
 * <ul>
 *   <li>Images are decoded and preprocessed on a thread pool ahead of the model ({@link DecodeAhead}).
 *   <li>Where the method allows it ({@link MethodRecipe#sharesBatches()}: Saliency, Input×Gradient,
 *       IG, Grad-CAM, Grad-CAM++, HiResCAM, LayerCAM), several images go through the method together,
 *       so one model pass holds several images (IG: the steps of several images). The rows per gradient pass are measured ({@link
 *       BatchSizer}) up to what the memory budget allows, and each call takes as many images as
 *       fill one pass. Other methods run image by image, their passes capped at the same size.
 *   <li>Each image's prediction is given with the item, or read from the method's own gradient pass
 *       where it runs the model on the image (Saliency, Input×Gradient, Grad-CAM: one pass per image),
 *       else from a forward pass of its batch; its target from the {@link TargetChoice}, its seeds
 *       from its key ({@link MethodRecipe}).
 *   <li>Results go to an {@link ExplanationSink} image by image, in input order; an unreadable image
 *       goes there with its reason and the run goes on.
 *   <li>Cancellation is polled between batches: what went to the sink stays, nothing of the batch in
 *       progress does.
 * </ul>
 *
 * <p>Results depend on neither the order of the images nor how they are split into runs, up to the
 * float rounding of different batch sizes (relative L2 well below 1e-5). {@link #explainOne} is the
 * same computation for a single image, for drivers that map images one by one.
 *
 * <pre>{@code
 * BatchExplainer explainer = BatchExplainer.builder(model, MethodRecipe.of("saliency", Map.of(), pre))
 *     .optCancellation(token).optProgress((done, total) -> log.info("{}/{}", done, total)).build();
 * explainer.explain(items, results);
 * }</pre>
 */
public final class BatchExplainer {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchExplainer.class);

  /** Batches decoded ahead of the one being explained. */
  private static final int BATCHES_AHEAD = 2;

  /** Images per call never exceed this: beyond it decoding ahead holds memory for no gain. */
  private static final int MAX_IMAGES = 128;

  private final TorchScriptClassifier model;
  private final MethodRecipe recipe;
  private final Preprocessing preprocessing;
  private final ScoreKind scoreKind;
  private final TargetChoice target;
  private final BatchBudget budget;
  private final Integer imagesPerCall;
  private final int decodeThreads;
  private final Function<String, Optional<BoundingBox>> boxes;
  private final ProgressListener progress;
  private final CancellationToken cancellation;

  private BatchExplainer(Builder builder) {
    this.model = builder.model;
    this.recipe = builder.recipe;
    this.preprocessing = model.spec().preprocessing();
    this.scoreKind = model.spec().output() == OutputKind.PROBABILITIES ? ScoreKind.PROBABILITIES : ScoreKind.LOGITS;
    this.target = builder.target;
    this.budget = builder.budget;
    this.imagesPerCall = builder.imagesPerCall;
    this.decodeThreads = builder.decodeThreads;
    this.boxes = builder.boxes;
    this.progress = builder.progress;
    this.cancellation = builder.cancellation;
  }

  /** A builder for explaining with {@code recipe} on {@code model}. */
  public static Builder builder(TorchScriptClassifier model, MethodRecipe recipe) {
    return new Builder(model, recipe);
  }

  public MethodRecipe recipe() {
    return recipe;
  }

  /**
   * Explains one image: the same computation as within a run (a pure function of the image, the
   * model and the recipe).
   */
  public ImageExplanation explainOne(ExplainItem item) {
    List<ImageExplanation> results = new ArrayList<>(1);
    try {
      explain(List.of(item).iterator(), 1, results::add);
    } catch (IOException e) {
      throw new IllegalStateException("a list cannot fail to take a result", e);
    }
    return results.get(0);
  }

  /** Explains {@code items} in order into {@code sink}; see {@link #explain(Iterator, int, ExplanationSink)}. */
  public void explain(List<ExplainItem> items, ExplanationSink sink) throws IOException {
    explain(items.iterator(), items.size(), sink);
  }

  /**
   * Explains every item, in order, handing each result to {@code sink} as soon as its batch is done.
   *
   * @param total how many items there are, for progress (images done / total)
   * @throws CancelledException when cancelled: the results handed over so far stay with the sink
   * @throws IOException when the sink fails
   */
  public void explain(Iterator<ExplainItem> items, int total, ExplanationSink sink) throws IOException {
    Shape rowShape = new Shape(preprocessing.channels(), preprocessing.height(), preprocessing.width());
    // Rows per gradient pass, measured: on a CPU the budget's ceiling is often far from the fastest
    // (the demo model's IG ran 2.5 times slower per row in passes of 128 rows than of 32).
    SharedPasses rowSizer = rowSizer(rowShape);
    int done = 0;
    long started = System.nanoTime();
    long modelNanos = 0;
    ImageDecoder decoder = ImageDecoder.createDefault();
    try (DecodeAhead<ExplainItem, Decoded> decoded =
        new DecodeAhead<>(items, item -> decode(item, decoder), decodeThreads, "comprehendo-explain-decode")) {
      while (decoded.hasNext()) {
        cancellation.throwIfCancelled();
        int rowsPerPass = rowSizer == null ? budget.maxRows(rowShape.size(), true) : rowSizer.nextRows();
        int wanted = imagesPerCall(rowsPerPass);
        decoded.keepAhead(wanted * BATCHES_AHEAD);
        List<Decoded> taken = new ArrayList<>(wanted);
        List<Decoded> batch = new ArrayList<>(wanted);
        while (batch.size() < wanted && decoded.hasNext()) {
          Decoded next = decoded.next();
          taken.add(next);
          if (next.unreadable() == null) {
            batch.add(next);
          }
        }
        cancellation.throwIfCancelled();
        List<ImageExplanation> results = List.of();
        if (!batch.isEmpty()) {
          long start = System.nanoTime();
          results = explainBatch(batch, rowShape, budget.withRowCap(rowsPerPass), rowSizer != null);
          long nanos = System.nanoTime() - start;
          modelNanos += nanos;
          if (rowSizer != null) {
            rowSizer.recordCall(rowsPerPass, (long) batch.size() * recipe.rowsPerImage(), nanos);
          }
        }
        Iterator<ImageExplanation> explained = results.iterator();
        for (Decoded image : taken) {
          sink.accept(image.unreadable() == null ? explained.next()
              : ImageExplanation.unreadable(image.item().key(), image.item().label(), recipe.id(), image.unreadable()));
        }
        done += taken.size();
        progress.onProgress(done, total);
      }
    } finally {
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} images in {} s, model {} s, rows per pass {}", done, (System.nanoTime() - started) / 1e9,
            modelNanos / 1e9, BatchSizer.settledSizes(model));
      }
    }
  }

  /**
   * Measures the rows per gradient pass for methods whose passes are gradient passes of whole images
   * (null, the budget's ceiling, for a fixed number of images per call and for methods that batch
   * their own forward passes, such as Occlusion).
   */
  private SharedPasses rowSizer(Shape rowShape) {
    if (imagesPerCall != null || recipe.gradientRowsPerImage() == 0) {
      return null;
    }
    return SharedPasses.gradient(model, rowShape, budget);
  }

  /** Images per method call: enough to fill a pass where images share passes, else one. */
  private int imagesPerCall(int rowsPerPass) {
    if (!recipe.sharesBatches()) {
      return 1;
    }
    if (imagesPerCall != null) {
      return imagesPerCall;
    }
    return SharedPasses.imagesPerCall(rowsPerPass, recipe.rowsPerImage(), MAX_IMAGES);
  }

  /** @param rowsMeasured whether the budget's row cap is the pass size measured ({@link SharedPasses}) */
  private List<ImageExplanation> explainBatch(List<Decoded> batch, Shape rowShape, BatchBudget passBudget,
      boolean rowsMeasured) {
    int count = batch.size();
    int rowSize = Math.toIntExact(rowShape.size());
    float[] pixels = new float[count * rowSize];
    for (int i = 0; i < count; i++) {
      System.arraycopy(batch.get(i).chw(), 0, pixels, i * rowSize, rowSize);
    }
    List<ImageExplanation> results = new ArrayList<>(count);
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray inputs = scope.create(pixels, new Shape(count).addAll(rowShape));
      PredictedTargets chosen = new PredictedTargets(batch.stream().map(Decoded::item).toList(), target, scoreKind);
      float[][] maps = new float[count][];
      long[] mapShape;
      AttributionContext context = AttributionContext.defaults().withBudget(passBudget).withCancellation(cancellation);
      if (recipe.sharesBatches()) {
        AttributionContext shared = rowsMeasured ? context.withChosenPassRows(passBudget.rowCap()) : context;
        Attribution attribution = method(batch.get(0).item().key()).attributeChoosingTargets(model, inputs, chosen, shared);
        float[] values = attribution.values().toFloatArray();
        mapShape = attribution.values().getShape().slice(1).getShape();
        int mapSize = values.length / count;
        for (int i = 0; i < count; i++) {
          maps[i] = Arrays.copyOfRange(values, i * mapSize, (i + 1) * mapSize);
        }
      } else {
        mapShape = null;
        for (int i = 0; i < count; i++) {
          AttributionMethod method = method(batch.get(i).item().key());
          try (NDManager one = scope.newSubManager()) {
            NDArray input = inputs.get("{}:{}", i, i + 1);
            input.attach(one);
            Attribution attribution = method.attributeChoosingTargets(model, input, chosen.fromRow(i), context);
            maps[i] = attribution.values().toFloatArray();
            mapShape = attribution.values().getShape().slice(1).getShape();
          }
        }
      }
      ImagePrediction[] predictions = chosen.predictions(recipe.id());
      int[] targets = chosen.targets();
      int[] shape = Arrays.stream(mapShape).mapToInt(Math::toIntExact).toArray();
      for (int i = 0; i < count; i++) {
        Decoded image = batch.get(i);
        String key = image.item().key();
        ImagePrediction p = predictions[i];
        NpyArray map = new NpyArray(shape, maps[i]);
        Localization.Scores localization = boxes.apply(key)
            .map(box -> Localization.score(map.data(), shape, box, image.width(), image.height(), preprocessing))
            .orElse(Localization.Scores.NONE);
        results.add(new ImageExplanation(key, image.item().label(),
            Optional.of(new ImageExplanation.Prediction(p.predicted(), p.predictedProbability(), p.loss())),
            recipe.id(), targets[i], recipe.seedOf(key),
            Optional.of(map), image.width(), image.height(), localization, Optional.empty()));
      }
    }
    return results;
  }

  /**
   * The method for image {@code key}, without IG's convergence delta: no result of a run records it, and
   * it costs two forward passes per image.
   */
  private AttributionMethod method(String key) {
    return recipe.forImage(key).withoutConvergenceDelta();
  }

  /** One image after decoding: its tensor and size, or why it could not be read. */
  private record Decoded(ExplainItem item, float[] chw, int width, int height, String unreadable) {}

  /**
   * Decodes one image, or says why it cannot be read. An {@link OutOfMemoryError} is not caught: the
   * decoder refuses images over its pixel limit, so running out of memory is no property of one file.
   */
  private Decoded decode(ExplainItem item, ImageDecoder decoder) {
    try {
      BufferedImage image = item.source().decode(decoder);
      return new Decoded(item, ImageTensors.toChw(image, preprocessing), image.getWidth(), image.getHeight(), null);
    } catch (ImageDecodeException e) {
      return new Decoded(item, null, 0, 0, e.reason());
    } catch (RuntimeException e) {
      return new Decoded(item, null, 0, 0, "cannot decode: " + e);
    }
  }

  /** Builds {@link BatchExplainer}. */
  public static final class Builder {
    private final TorchScriptClassifier model;
    private final MethodRecipe recipe;
    private TargetChoice target = TargetChoice.PREDICTED;
    private BatchBudget budget = BatchBudget.defaultBudget();
    private Integer imagesPerCall;
    private int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private Function<String, Optional<BoundingBox>> boxes = key -> Optional.empty();
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancellation = CancellationToken.NONE;

    private Builder(TorchScriptClassifier model, MethodRecipe recipe) {
      this.model = Objects.requireNonNull(model, "model");
      this.recipe = Objects.requireNonNull(recipe, "recipe");
    }

    /** Which class each map explains; default the predicted one. */
    public Builder optTarget(TargetChoice value) {
      target = Objects.requireNonNull(value, "target");
      return this;
    }

    /** The memory one model pass may use; default {@link BatchBudget#defaultBudget()}. */
    public Builder optBudget(BatchBudget value) {
      budget = Objects.requireNonNull(value, "budget");
      return this;
    }

    /** Images per method call for methods that share batches; by default measured within the budget. */
    public Builder optImagesPerCall(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("images per call must be at least 1, got " + value);
      }
      imagesPerCall = value;
      return this;
    }

    /** Threads decoding ahead; default the cores less one. */
    public Builder optDecodeThreads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("decode threads must be at least 1, got " + value);
      }
      decodeThreads = value;
      return this;
    }

    /** The object's box of each image by key, in the image's pixels, for the localization scores. */
    public Builder optBoxes(Function<String, Optional<BoundingBox>> value) {
      boxes = Objects.requireNonNull(value, "boxes");
      return this;
    }

    /** Receives images done / total after each batch. */
    public Builder optProgress(ProgressListener value) {
      progress = Objects.requireNonNull(value, "progress");
      return this;
    }

    public Builder optCancellation(CancellationToken value) {
      cancellation = Objects.requireNonNull(value, "cancellation");
      return this;
    }

    public BatchExplainer build() {
      return new BatchExplainer(this);
    }
  }
}
