package com.comprehendo.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import com.comprehendo.data.NpyArray;
import com.comprehendo.data.NpyFiles;
import com.comprehendo.data.Preprocessing;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The reference input that attributions are measured against (Captum's {@code baselines}), made for
 * the inputs at hand: a scalar, a tensor, a colour per channel (e.g. black), a blurred copy of each
 * input, or seeded uniform noise. All values are in the model's input space, i.e. after the
 * preprocessing's normalization.
 *
 * <pre>{@code
 * Baseline black = Baseline.black(spec.preprocessing()); // (0 − mean_c) / std_c per channel
 * Baseline blurred = Baseline.blurred(10);                // each input blurred with σ = 10 px
 * try (NDManager job = inputs.getManager().newSubManager()) {
 *   NDArray b = blurred.materialize(job, inputs);         // the inputs' shape, attached to job
 * }
 * }</pre>
 *
 * <p>Why several: the baseline stands for "the feature is missing", and what missing means is a
 * modelling choice with a visible effect on the attribution (Sturmfels, Lundberg and Lee,
 * "Visualizing the Impact of Feature Attribution Baselines", Distill 2020). A black baseline cannot
 * credit black pixels; a blurred one removes detail but keeps the coarse colour layout; noise
 * baselines are not tied to one colour at all.
 *
 * <p>Longer than 400 lines on purpose: a sealed interface keeps its variants (constant, tensor, file,
 * per channel, black-mean-white, blurred, noise) in one file, so every kind of baseline and how it is
 * materialized can be read and checked together.
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

  /**
   * The tensor in a {@code .npy} file, read when first needed through {@link NpyFiles} (once per
   * version of the file), so building a method never touches the disk.
   */
  static Baseline file(Path file) {
    return new FromFile(file);
  }

  /**
   * Three images, black, the dataset mean and white in the model's normalized space: a distribution of
   * baselines for GradientSHAP, which needs one and has no Captum default. The mean is 0 after the
   * normalization; black and white are {@code (0 − mean_c) / std_c} and {@code (1 − mean_c) / std_c}.
   */
  static Baseline blackMeanWhite(Preprocessing preprocessing) {
    return new BlackMeanWhite(preprocessing.inputValues(0f), preprocessing.inputValues(1f));
  }

  /** A black image in the model's input space: {@code (0 − mean[c]) / std[c]} per channel. */
  static Baseline black(Preprocessing preprocessing) {
    return new PerChannel("black", preprocessing.inputValues(0f));
  }

  /** Each input blurred by a Gaussian of standard deviation {@code sigma} pixels. */
  static Baseline blurred(double sigma) {
    return new Blurred(sigma);
  }

  /** Noise drawn per element from U(low[c], high[c]) with a generator seeded by {@code seed}. */
  static Baseline uniformNoise(float[] low, float[] high, long seed) {
    return new UniformNoise(low, high, seed);
  }

  /** Uniform noise over the whole pixel range 0..1 of each channel, mapped through the normalization. */
  static Baseline uniformNoise(Preprocessing preprocessing, long seed) {
    return new UniformNoise(preprocessing.inputValues(0f), preprocessing.inputValues(1f), seed);
  }

  /**
   * Creates the baseline for {@code inputs}: an array of the inputs' shape, attached to {@code
   * manager} (use one on the inputs' device). Nothing else is left in {@code manager} or in the inputs'
   * manager.
   *
   * @param inputs the batch (N, C, H, W) the baseline is for; image-dependent baselines read it
   * @throws IllegalArgumentException when the baseline does not fit the inputs' shape
   */
  NDArray materialize(NDManager manager, NDArray inputs);

  /** A short description for summaries and provenance, e.g. {@code 0.0}, {@code black[…]} or {@code blur:10}. */
  String describe();

  /**
   * The baselines as a distribution of K rows shared by all inputs, shape (K, C, H, W), for
   * GradientSHAP; empty for a baseline made per input (black, blurred, noise, a constant), which is a
   * distribution of one row for each input.
   *
   * @param rowShape one input's (C, H, W)
   * @throws IllegalArgumentException when a file baseline cannot be read
   */
  default Optional<NpyArray> distribution(long[] rowShape) {
    return Optional.empty();
  }

  /** A scalar baseline. */
  record Constant(float value) implements Baseline {
    @Override
    public NDArray materialize(NDManager manager, NDArray inputs) {
      return manager.full(inputs.getShape(), value);
    }

    @Override
    public String describe() {
      return Float.toString(value);
    }
  }

  /** A tensor baseline. */
  record Tensor(NpyArray values) implements Baseline {
    /** A NaN or infinite baseline makes every attribution NaN: refused with where it is. */
    public Tensor {
      values.nonFinite().ifPresent(where -> {
        throw new IllegalArgumentException("baselines: the tensor holds " + where + "; a baseline must be finite");
      });
    }

    @Override
    public NDArray materialize(NDManager manager, NDArray inputs) {
      Shape inputShape = inputs.getShape();
      Shape own = new Shape(values.longShape());
      Shape rowShape = inputShape.slice(1);
      if (own.equals(inputShape)) {
        return manager.create(values.data(), own);
      }
      if (own.equals(rowShape) || own.equals(new Shape(1).addAll(rowShape))) {
        try (NDManager scratch = manager.newSubManager()) {
          NDArray array = scratch.create(values.data(), new Shape(1).addAll(rowShape));
          return ownedCopy(manager, array.broadcast(inputShape));
        }
      }
      throw new IllegalArgumentException(
          "baseline shape " + Arrays.toString(values.shape()) + " does not fit the input shape " + inputShape
              + " (use the input's shape, or one image of shape " + rowShape + ")");
    }

    @Override
    public String describe() {
      return "tensor" + Arrays.toString(values.shape());
    }

    @Override
    public Optional<NpyArray> distribution(long[] rowShape) {
      return Optional.of(values);
    }
  }

  /**
   * A tensor baseline in a {@code .npy} file: read on first use (on the worker, never while the
   * parameters are typed) and kept by {@link NpyFiles} until the file changes.
   */
  record FromFile(Path path) implements Baseline {
    public FromFile {
      java.util.Objects.requireNonNull(path, "path");
    }

    /** The file's tensor, read now or taken from memory. */
    public NpyArray values() {
      NpyArray values;
      try {
        values = NpyFiles.read(path);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(
            "baselines: '" + path + "' is neither a number nor an existing .npy file (accepted: " + BaselineText.FORMS + ")");
      } catch (IOException e) {
        throw new IllegalArgumentException("baselines: " + e.getMessage(), e);
      }
      values.nonFinite().ifPresent(where -> {
        throw new IllegalArgumentException("baselines: " + path + " holds " + where + "; a baseline must be finite");
      });
      return values;
    }

    @Override
    public NDArray materialize(NDManager manager, NDArray inputs) {
      return new Tensor(values()).materialize(manager, inputs);
    }

    /** E.g. {@code tensor[3, 224, 224]} (reads the file's header through the cache). */
    @Override
    public String describe() {
      return new Tensor(values()).describe();
    }

    @Override
    public Optional<NpyArray> distribution(long[] rowShape) {
      return Optional.of(values());
    }
  }

  /** See {@link Baseline#blackMeanWhite}: three uniform images, the same for every input. */
  record BlackMeanWhite(float[] black, float[] white) implements Baseline {

    /** The name on the command line and in provenance. */
    public static final String NAME = "black-mean-white";

    public BlackMeanWhite {
      if (black.length == 0 || black.length != white.length) {
        throw new IllegalArgumentException("black and white need one value per channel each");
      }
      black = black.clone();
      white = white.clone();
    }

    @Override
    public NDArray materialize(NDManager manager, NDArray inputs) {
      throw new IllegalArgumentException(NAME + " is a distribution of three baselines, for gradient-shap only");
    }

    @Override
    public String describe() {
      return NAME;
    }

    @Override
    public Optional<NpyArray> distribution(long[] rowShape) {
      int channels = Math.toIntExact(rowShape[0]);
      int plane = Math.toIntExact(rowShape[1] * rowShape[2]);
      if (channels != black.length && black.length != 1) {
        throw new IllegalArgumentException("the " + NAME + " baseline has " + black.length
            + " channel values but the input has " + channels + " channels");
      }
      float[][] rows = {black, new float[black.length], white};
      float[] data = new float[rows.length * channels * plane];
      for (int k = 0; k < rows.length; k++) {
        for (int c = 0; c < channels; c++) {
          int offset = (k * channels + c) * plane;
          Arrays.fill(data, offset, offset + plane, rows[k][black.length == 1 ? 0 : c]);
        }
      }
      return Optional.of(new NpyArray(new int[] {rows.length, channels, (int) rowShape[1], (int) rowShape[2]}, data));
    }
  }

  /**
   * One value per channel, the same at every position: a uniform colour such as black, which under
   * ImageNet normalization is not 0 but about (−2.12, −2.04, −1.80). The most common image baseline
   * after 0 (Sundararajan et al. 2017 use black); it cannot credit pixels that are already black.
   *
   * @param name what the values stand for (e.g. "black")
   * @param values one value per channel, or one value for all
   */
  record PerChannel(String name, float[] values) implements Baseline {
    public PerChannel {
      if (values.length == 0) {
        throw new IllegalArgumentException("a per-channel baseline needs at least one value");
      }
      values = values.clone();
    }

    @Override
    public float[] values() {
      return values.clone();
    }

    @Override
    public NDArray materialize(NDManager manager, NDArray inputs) {
      Shape shape = inputs.getShape();
      int channels = channels(shape, values.length, name);
      long[] dims = new long[shape.dimension()];
      Arrays.fill(dims, 1L);
      if (values.length > 1) {
        dims[1] = channels;
      }
      try (NDManager scratch = manager.newSubManager()) {
        NDArray small = scratch.create(values, new Shape(dims));
        return ownedCopy(manager, small.broadcast(shape));
      }
    }

    @Override
    public String describe() {
      return name + format(values);
    }
  }

  /**
   * Each input blurred by a Gaussian of standard deviation {@code sigma} pixels over its last two
   * axes (H, W), channel by channel: the baseline keeps the image's coarse colours and layout and
   * removes detail finer than about σ, so the attribution shows which <em>details</em> the class
   * depends on (Sturmfels, Lundberg and Lee, Distill 2020; after the blur perturbation of Fong and
   * Vedaldi, ICCV 2017).
   *
   * <p>The kernel is sampled at integer offsets −r..r with r = ⌈3σ⌉ and normalized to sum 1, applied
   * separably (rows, then columns); borders repeat the edge pixel, so a constant image stays exactly
   * constant. The blur is linear and the normalization per channel affine, and the kernel sums to 1,
   * so blurring the normalized input equals normalizing the blurred pixels: the baseline can be made
   * from the model's input directly. Runs as two convolutions on the inputs' device (a few
   * milliseconds for 3×224×224 at σ = 10 on a CPU: 9–17 ms on two busy cores).
   *
   * @param sigma the standard deviation in pixels, positive
   */
  record Blurred(double sigma) implements Baseline {

    /**
     * The default σ in pixels: the blur of Fong and Vedaldi's meaningful perturbations (σ = 10 at
     * 224²), which removes the texture and small parts a classifier keys on while the objects' coarse
     * shapes and colours stay.
     */
    public static final double DEFAULT_SIGMA = 10;

    public Blurred {
      if (!(sigma > 0) || Double.isInfinite(sigma)) {
        throw new IllegalArgumentException("the blur sigma must be a positive number of pixels, got " + sigma);
      }
    }

    /** The normalized 1-D kernel, 2⌈3σ⌉ + 1 taps, symmetric, summing to 1. */
    static float[] kernel(double sigma) {
      int radius = (int) Math.ceil(3 * sigma);
      double[] weights = new double[2 * radius + 1];
      double sum = 0;
      for (int i = -radius; i <= radius; i++) {
        weights[i + radius] = Math.exp(-(double) i * i / (2 * sigma * sigma));
        sum += weights[i + radius];
      }
      float[] kernel = new float[weights.length];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = (float) (weights[i] / sum);
      }
      return kernel;
    }

    @Override
    public NDArray materialize(NDManager manager, NDArray inputs) {
      Shape shape = inputs.getShape();
      int rank = shape.dimension();
      if (rank < 3) {
        throw new IllegalArgumentException("a blurred baseline needs images of shape (N, C, H, W), got " + shape);
      }
      long height = shape.get(rank - 2);
      long width = shape.get(rank - 1);
      float[] kernel = kernel(sigma);
      int radius = kernel.length / 2;
      try (NDManager scratch = manager.newSubManager()) {
        // Every channel of every image as its own single-channel plane: (N·C, 1, H, W).
        NDArray planes = inputs.reshape(-1, 1, height, width);
        planes.attach(scratch);
        NDArray taps = scratch.create(kernel).toDevice(inputs.getDevice(), false).toType(inputs.getDataType(), false);
        NDArray rows = convolve(planes, taps.reshape(1, 1, kernel.length, 1), 2, radius);
        NDArray both = convolve(rows, taps.reshape(1, 1, 1, kernel.length), 3, radius);
        return attached(manager, both.reshape(shape));
      }
    }

    /** Pads {@code planes} along {@code axis} by repeating the edge {@code radius} times, then convolves. */
    private static NDArray convolve(NDArray planes, NDArray weight, int axis, int radius) {
      long size = planes.getShape().get(axis);
      String prefix = axis == 2 ? ":, :, " : ":, :, :, ";
      NDArray before = planes.get(new NDIndex(prefix + "0:1")).repeat(axis, radius);
      NDArray after = planes.get(new NDIndex(prefix + "{}:{}", size - 1, size)).repeat(axis, radius);
      NDArray padded = NDArrays.concat(new NDList(before, planes, after), axis);
      return Conv2d.conv2d(padded, weight).singletonOrThrow();
    }

    @Override
    public String describe() {
      return "blur:" + number(sigma);
    }
  }

  /**
   * Noise drawn independently per element from U(low[c], high[c]), by default over the full pixel
   * range 0..1 mapped through the normalization: a baseline that favours no colour, which Sundararajan
   * et al. (2017) suggest and Sturmfels et al. (Distill 2020) discuss (one draw here; average over
   * seeds, or use GradientSHAP, for the expectation over a noise distribution).
   *
   * <p>The values come from {@link RandomDraws#seeded(long)}: {@code low[c] + u · (high[c] − low[c])}
   * with u the next {@code uniform} draw, element by element in (N, C, H, W) order. The same seed gives
   * the same baseline on any device; the default seed is 0.
   *
   * @param low per-channel lower bounds (one value for all channels allowed)
   * @param high per-channel upper bounds, as many as {@code low}
   * @param seed the generator's seed
   */
  record UniformNoise(float[] low, float[] high, long seed) implements Baseline {

    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 0;

    public UniformNoise {
      if (low.length == 0 || low.length != high.length) {
        throw new IllegalArgumentException(
            "uniform noise needs as many lower as upper bounds, got " + low.length + " and " + high.length);
      }
      for (int c = 0; c < low.length; c++) {
        if (!(low[c] <= high[c]) || Float.isInfinite(low[c]) || Float.isInfinite(high[c])) {
          throw new IllegalArgumentException(
              "uniform noise needs finite bounds with low ≤ high, got " + Arrays.toString(low) + " and " + Arrays.toString(high));
        }
      }
      low = low.clone();
      high = high.clone();
    }

    @Override
    public float[] low() {
      return low.clone();
    }

    @Override
    public float[] high() {
      return high.clone();
    }

    @Override
    public NDArray materialize(NDManager manager, NDArray inputs) {
      Shape shape = inputs.getShape();
      int channels = channels(shape, low.length, "noise");
      int count = Math.toIntExact(shape.size());
      long plane = shape.dimension() > 2 ? shape.slice(2).size() : 1;
      float[] draws = RandomDraws.seeded(seed).uniform(count);
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        int c = low.length == 1 ? 0 : (int) ((i / plane) % channels);
        values[i] = low[c] + draws[i] * (high[c] - low[c]);
      }
      return manager.create(values, shape);
    }

    @Override
    public String describe() {
      StringBuilder ranges = new StringBuilder();
      for (int c = 0; c < low.length; c++) {
        ranges.append(c == 0 ? "" : ", ").append(number(low[c])).append("..").append(number(high[c]));
      }
      return "noise:" + seed + "[" + ranges + "]";
    }
  }

  /** The channel count of {@code shape} (axis 1), checked against {@code values} given per channel. */
  private static int channels(Shape shape, int values, String name) {
    if (values == 1) {
      return 1;
    }
    if (shape.dimension() < 2 || shape.get(1) != values) {
      throw new IllegalArgumentException(
          "the " + name + " baseline has " + values + " channel values but the input shape " + shape + " has "
              + (shape.dimension() < 2 ? "no channel axis" : shape.get(1) + " channels"));
    }
    return values;
  }

  private static NDArray attached(NDManager manager, NDArray array) {
    array.attach(manager);
    return array;
  }

  /**
   * A copy of {@code view} in libtorch's own memory, attached to {@code manager}. An array made from Java
   * data (DJL's {@code create}) lives in a direct buffer that only that array keeps alive, and a view of
   * it (a broadcast) shares the buffer without keeping it: returning the view and closing the array let
   * the next garbage collection free memory the baseline still read (values such as 1e36 appeared).
   */
  private static NDArray ownedCopy(NDManager manager, NDArray view) {
    return attached(manager, view.duplicate());
  }

  private static String format(float[] values) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(number(values[i]));
    }
    return text.append(']').toString();
  }

  /** 10 as "10", 1.5 as "1.5", −2.117904 as "-2.1179": short and exact enough to read and retype. */
  private static String number(double value) {
    BigDecimal rounded = new BigDecimal(String.format(Locale.ROOT, "%.4f", value)).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
  }
}
