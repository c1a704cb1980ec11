package com.comprehendo.analysis.explain;

import com.comprehendo.attribution.AttributionMethod;
import com.comprehendo.attribution.MethodFactory;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.data.Preprocessing;
import com.comprehendo.platform.Json;
import com.comprehendo.platform.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A method and its parameters as given (Captum's names, text values), from which each image's method
 * is built. Seeds are per image: every seed given (the {@code seed} parameter of NoiseTunnel and
 * GradientSHAP, the {@code N} of a {@code noise:N} baseline; 0 when not given) is a run seed, and each
 * image draws from {@code seedFor(key, run seed)}, a hash of its dataset-relative path and the run
 * seed. So an image's map is the same whatever else is explained with it, in whatever order, on
 * however many machines.
 *
 * <pre>{@code
 * MethodRecipe recipe = MethodRecipe.of("noise-tunnel", Map.of("nt_inner", "saliency"), pre);
 * AttributionMethod forOne = recipe.forImage("star/img_0091.png");  // seeded by that path
 * }</pre>
 */
public final class MethodRecipe {

  /**
   * Methods whose result for an image does not depend on the other images of its batch, so several
   * images may share a model pass (IG lays several images' steps out in one pass). The gradient-weighted
   * class activation maps qualify: every step after the features pass and the head's gradient (the
   * spatial means of Grad-CAM, the per-channel sums of Grad-CAM++, the products of HiResCAM and
   * LayerCAM) reduces within one image's row, and each row's gradient is that of its own target output.
   * Score-CAM does not share: it masks each image by its own channels, hundreds of forward passes per
   * image already.
   */
  private static final Set<String> SHARES_BATCHES = Set.of("saliency", "input-x-gradient", "ig", "grad-cam",
      "grad-cam-plus-plus", "hires-cam", "layer-cam");

  private final String id;
  private final Map<String, String> given;
  private final ModelFacts facts;
  private final AttributionMethod template;
  private final boolean randomized;
  /**
   * Made once: the gallery keys every image's cached map with it (made for each image, it took 9 of
   * the gallery files thread's 102 JFR samples).
   */
  private volatile String fingerprint;

  private MethodRecipe(Map<String, String> given, ModelFacts facts, AttributionMethod template) {
    this.id = template.id();
    this.given = Map.copyOf(given);
    this.facts = facts;
    this.template = template;
    this.randomized = id.equals("noise-tunnel") || id.equals("gradient-shap") || noiseBaseline(given.get("baselines"));
  }

  /**
   * A recipe, checked now: the same method is built for every image but for its seeds.
   *
   * @param preprocessing the model's, which places {@code black} and {@code noise} baselines in its
   *     input space
   * @throws IllegalArgumentException naming the parameter at fault (see {@link MethodRegistry#create})
   */
  public static MethodRecipe of(String methodId, Map<String, String> given, Preprocessing preprocessing) {
    return of(methodId, given, ModelFacts.of(Objects.requireNonNull(preprocessing, "preprocessing")));
  }

  /**
   * A recipe for a model described by {@code facts} (its preprocessing, its layers for layer methods).
   *
   * @throws IllegalArgumentException naming the parameter at fault (see {@link MethodRegistry#create})
   */
  public static MethodRecipe of(String methodId, Map<String, String> given, ModelFacts facts) {
    MethodRecipe recipe = readingFilesLater(methodId, given, facts);
    // Building reads no file: a .npy baseline is read (and kept) now, so a missing one is refused here.
    MethodRegistry.builtIn().get(methodId).readFiles(given);
    return recipe;
  }

  /**
   * As {@link #of(String, Map, ModelFacts)}, but a {@code .npy} baseline is not read now: it is read
   * when the first image's method runs (on the worker), for callers on the UI thread that checked the
   * file in the background before (the gallery's settings are applied only after their file was read).
   *
   * @throws IllegalArgumentException naming the parameter at fault
   */
  public static MethodRecipe readingFilesLater(String methodId, Map<String, String> given, ModelFacts facts) {
    return new MethodRecipe(given, facts, MethodRegistry.builtIn().create(methodId, given, facts));
  }

  /** The method's id, e.g. {@code saliency}. */
  public String id() {
    return id;
  }

  /** The parameters as given (text, Captum's names). */
  public Map<String, String> given() {
    return given;
  }

  /** Every parameter the method uses, under Captum's names (the run seeds as given). */
  public Map<String, Object> parameters() {
    return template.parameters();
  }

  /** Whether the method draws random numbers (then each image gets its own seeds). */
  public boolean randomized() {
    return randomized;
  }

  /** Whether several images may share a model pass without changing any image's result. */
  public boolean sharesBatches() {
    return !randomized && SHARES_BATCHES.contains(id) && !given.containsKey("tolerance");
  }

  /** Rows one image takes in gradient passes (IG: its steps); at least 1. */
  public int rowsPerImage() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, gradientRowsPerImage()));
  }

  /** Rows one image takes in gradient passes; 0 for a method of forward passes only (Occlusion). */
  public long gradientRowsPerImage() {
    return template.cost(1).gradient();
  }

  /** The method for the image {@code key}: this recipe's, with seeds derived from the key. */
  public AttributionMethod forImage(String key) {
    if (!randomized) {
      return template;
    }
    return MethodRegistry.builtIn().create(id, seededFor(key), facts);
  }

  /** The seed of the image {@code key}'s random draws; empty for a method that draws none. */
  public OptionalLong seedOf(String key) {
    if (!randomized) {
      return OptionalLong.empty();
    }
    String baselines = given.get("baselines");
    boolean seeded = MethodFactory.acceptedParameters(id, given.get("nt_inner")).contains("seed");
    String runSeed = seeded || !noiseBaseline(baselines) ? given.get("seed")
        : baselines.indexOf(':') < 0 ? null : baselines.substring(baselines.indexOf(':') + 1);
    return OptionalLong.of(seedFor(key, runSeed(runSeed)));
  }

  /** The parameters of the image {@code key}'s method: each given seed replaced by the image's. */
  public Map<String, String> seededFor(String key) {
    Map<String, String> seeded = new LinkedHashMap<>(given);
    if (!randomized) {
      return seeded;
    }
    if (MethodFactory.acceptedParameters(id, given.get("nt_inner")).contains("seed")) {
      seeded.put("seed", Long.toString(seedFor(key, runSeed(given.get("seed")))));
    }
    String baselines = given.get("baselines");
    if (noiseBaseline(baselines)) {
      int colon = baselines.indexOf(':');
      String runSeed = colon < 0 ? null : baselines.substring(colon + 1);
      seeded.put("baselines", "noise:" + seedFor(key, runSeed(runSeed)));
    }
    return seeded;
  }

  /**
   * The seed of image {@code key} under {@code runSeed}: the first 63 bits of SHA-256 of the key's
   * UTF-8 bytes, a zero byte and the run seed's 8 bytes (big-endian).
   */
  public static long seedFor(String key, long runSeed) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(key.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(runSeed).array());
    return ByteBuffer.wrap(digest.digest()).getLong() & Long.MAX_VALUE;
  }

  /**
   * A short text that changes whenever the maps would: the method, every parameter as used and as
   * given (the seeds given are run seeds).
   */
  public String fingerprint() {
    String made = fingerprint;
    if (made == null) {
      made = makeFingerprint();
      fingerprint = made;
    }
    return made;
  }

  private String makeFingerprint() {
    Map<String, Object> identity = new TreeMap<>();
    identity.put("method", id);
    identity.put("parameters", String.valueOf(new TreeMap<>(template.parameters())));
    identity.put("given", new TreeMap<>(given));
    return Json.write(identity);
  }

  private static long runSeed(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    return Long.parseLong(text.strip()); // the factory has accepted it already
  }

  private static boolean noiseBaseline(String baselines) {
    return baselines != null && baselines.strip().toLowerCase(Locale.ROOT).startsWith("noise");
  }
}
