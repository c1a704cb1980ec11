package com.comprehendo.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.comprehendo.data.Dataset;
import com.comprehendo.data.ImageDecodeException;
import com.comprehendo.data.ImageDecoder;
import com.comprehendo.data.ImageRecord;
import com.comprehendo.data.ImageTensors;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.UnreadableImage;
import com.comprehendo.job.BatchBudget;
import com.comprehendo.job.BatchSizer;
import com.comprehendo.job.CancellationToken;
import com.comprehendo.job.ProgressListener;
import com.comprehendo.model.TorchScriptClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicts every image of a dataset: decoding and preprocessing run on a small thread pool, ahead of
 * batched inference on the calling thread, so the model never waits for the disk or the JPEG decoder
 * when it need not. Unreadable files are recorded with their reason and skipped. Memory stays bounded:
 * at most a few batches of decoded tensors are in flight, whatever the size of the folder.
 *
 * <pre>{@code
 * AnalysisSnapshot results = DatasetPredictor.builder(model).build().predict(dataset);
 * }</pre>
 */
public final class DatasetPredictor {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetPredictor.class);

  /** Batches decoded ahead of the one being inferred. */
  private static final int BATCHES_AHEAD = 3;

  /** Images per pass never exceed this: beyond it decoding ahead holds much memory for little gain. */
  private static final int MAX_BATCH = 64;

  /** Threads decoding images ahead of inference: the cores less the one that runs the model. */
  private static final int DECODE_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

  private final TorchScriptClassifier model;
  private final Integer batchSize;
  private final ProgressListener progress;
  private final CancellationToken cancellation;
  private final BatchBudget budget;
  private final ImageDecoder decoder = ImageDecoder.createDefault();

  private DatasetPredictor(Builder builder) {
    this.model = builder.model;
    this.batchSize = builder.batchSize;
    this.progress = builder.progress;
    this.cancellation = builder.cancellation;
    this.budget = builder.budget;
  }

  public static Builder builder(TorchScriptClassifier model) {
    return new Builder(model);
  }

  /** Predicts the whole dataset (its labels must already index the model's classes). */
  public AnalysisSnapshot predict(Dataset dataset) {
    PredictionAccumulator accumulator = new PredictionAccumulator(model.classNames(), scoreKind());
    predictInto(dataset, accumulator);
    return accumulator.snapshot();
  }

  /** The largest batch this predictor runs on {@code model}: bounded by the memory budget and {@code MAX_BATCH}. */
  public static int maxBatchSize(TorchScriptClassifier model) {
    return maxBatchSize(model, BatchBudget.defaultBudget());
  }

  /** The largest batch on {@code model} within {@code budget} (and {@code MAX_BATCH}). */
  public static int maxBatchSize(TorchScriptClassifier model, BatchBudget budget) {
    Preprocessing pre = model.spec().preprocessing();
    long rowElements = (long) pre.channels() * pre.height() * pre.width();
    return Math.min(MAX_BATCH, budget.maxRows(rowElements, false));
  }

  /**
   * Predicts the dataset into {@code accumulator}, batch by batch, so a caller can show partial results.
   *
   * @throws com.comprehendo.job.CancelledException if cancelled; what was added so far stays in the accumulator
   */
  public void predictInto(Dataset dataset, PredictionAccumulator accumulator) {
    Preprocessing pre = model.spec().preprocessing();
    Shape rowShape = new Shape(pre.channels(), pre.height(), pre.width());
    int total = dataset.size();
    int budgetRows = maxBatchSize(model, budget);
    // A batch size the user gave is lowered to what the budget allows (never refused): 10⁹ used to
    // allocate its lists up front and end in an OutOfMemoryError.
    BatchSizer sizer = batchSize != null
        ? BatchSizer.fixed(Math.min(batchSize, budgetRows))
        : BatchSizer.measuring(model, "forward " + rowShape, 1, budgetRows);
    DecodeAhead<ImageRecord, Decoded> pending =
        new DecodeAhead<>(dataset.iterator(), record -> decode(record, pre), DECODE_THREADS, "comprehendo-decode");
    int done = 0;
    long inferNanos = 0;
    long waitNanos = 0;
    long startNanos = System.nanoTime();
    try {
      while (done < total) {
        cancellation.throwIfCancelled();
        int batchSize = sizer.nextUnits();
        pending.keepAhead(batchSize * BATCHES_AHEAD);
        List<ImageRecord> batchRecords = new ArrayList<>();
        List<float[]> batchTensors = new ArrayList<>();
        List<UnreadableImage> batchUnreadable = new ArrayList<>();
        while (batchRecords.size() < batchSize && pending.hasNext()) {
          long waitStart = System.nanoTime();
          Decoded decoded = pending.next();
          waitNanos += System.nanoTime() - waitStart;
          if (decoded.unreadable() != null) {
            batchUnreadable.add(decoded.unreadable());
          } else {
            batchRecords.add(decoded.record());
            batchTensors.add(decoded.chw());
          }
        }
        // Checked again before the pass (waiting for decoding may have taken a while); nothing of this
        // batch is in the accumulator yet, so a caller that resumes at the images done repeats none.
        cancellation.throwIfCancelled();
        if (!batchRecords.isEmpty()) {
          long started = System.nanoTime();
          float[] scores = infer(batchTensors, rowShape);
          long inferred = System.nanoTime() - started;
          inferNanos += inferred;
          sizer.record(batchRecords.size(), inferred);
          accumulator.addBatch(batchRecords, scores);
        }
        batchUnreadable.forEach(accumulator::addUnreadable);
        done += batchRecords.size() + batchUnreadable.size();
        progress.onProgress(done, total);
      }
    } finally {
      pending.close();
      // Where the time went: inference near the total means decoding kept up.
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} images in {} s: inference {} s, waiting for decoding {} s, batch sizes {}", done,
            seconds(System.nanoTime() - startNanos), seconds(inferNanos), seconds(waitNanos),
            BatchSizer.settledSizes(model));
      }
    }
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
  }

  private float[] infer(List<float[]> tensors, Shape rowShape) {
    int rowSize = Math.toIntExact(rowShape.size());
    float[] batch = new float[tensors.size() * rowSize];
    for (int i = 0; i < tensors.size(); i++) {
      System.arraycopy(tensors.get(i), 0, batch, i * rowSize, rowSize);
    }
    try (NDManager manager = model.manager().newSubManager()) {
      NDArray inputs = manager.create(batch, new Shape(tensors.size()).addAll(rowShape));
      NDArray outputs = model.forward(inputs);
      return outputs.toFloatArray();
    }
  }

  /**
   * Decodes one image, or says why it cannot be read. Memory is bounded before anything is
   * allocated: the decoder refuses images over its pixel limit, and at most {@link #BATCHES_AHEAD}
   * batches of tensors wait, so an {@link OutOfMemoryError} is no property of one file and is not
   * caught here: it ends the run like any other error of the JVM.
   */
  private Decoded decode(ImageRecord record, Preprocessing pre) {
    try {
      return new Decoded(record, ImageTensors.toChw(decoder.decodeForTensors(record.path()), pre), null);
    } catch (ImageDecodeException e) {
      return new Decoded(record, null, e.toUnreadable(record.path()));
    } catch (RuntimeException e) {
      return new Decoded(record, null, new UnreadableImage(record.path(), "cannot decode: " + e));
    }
  }

  private ScoreKind scoreKind() {
    return model.spec().output() == com.comprehendo.model.OutputKind.PROBABILITIES
        ? ScoreKind.PROBABILITIES
        : ScoreKind.LOGITS;
  }

  /** One image after decoding: its tensor, or why it could not be read. */
  private record Decoded(ImageRecord record, float[] chw, UnreadableImage unreadable) {}

  /** Builds {@link DatasetPredictor}. */
  public static final class Builder {
    private final TorchScriptClassifier model;
    private Integer batchSize;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancellation = CancellationToken.NONE;
    private BatchBudget budget = BatchBudget.defaultBudget();

    private Builder(TorchScriptClassifier model) {
      this.model = model;
    }

    /** Images per forward pass; by default the fastest measured within the memory budget (at most 64). */
    public Builder optBatchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("batch size must be at least 1, got " + value);
      }
      batchSize = value;
      return this;
    }

    /** Receives images done / total after each batch. */
    public Builder optProgress(ProgressListener value) {
      progress = value;
      return this;
    }

    public Builder optCancellation(CancellationToken value) {
      cancellation = value;
      return this;
    }

    /** The memory one forward pass may use; by default {@link BatchBudget#defaultBudget()}. */
    public Builder optBudget(BatchBudget value) {
      budget = java.util.Objects.requireNonNull(value, "budget");
      return this;
    }

    public DatasetPredictor build() {
      return new DatasetPredictor(this);
    }
  }
}
