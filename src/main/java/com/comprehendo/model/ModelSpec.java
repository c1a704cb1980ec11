package com.comprehendo.model;

import com.comprehendo.data.Preprocessing;
import com.comprehendo.data.ResizeMethod;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a TorchScript file does not carry: class names, input size, resize method, normalization and the
 * kind of output. Read from the sidecar {@code <model>.json} beside the model, for example:
 *
 * <pre>{@code
 * {"classes": ["cat", "dog"], "input_size": [224, 224], "resize": "squish",
 *  "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "output": "logits",
 *  "layers": {"features": "layer4", "features_layer3": "layer3"}}
 * }</pre>
 *
 * <p>Every key is optional; what is missing takes a default (ImageNet statistics, 224 × 224, squish,
 * logits, classes named by index from the output width), and {@link #assumptions()} lists each default
 * taken so the user is told.
 *
 * @param classes class names in output order; empty when unknown (then named by index once the output
 *     width is known)
 * @param preprocessing how images become input tensors
 * @param output whether the output holds logits or probabilities
 * @param assumptions the defaults that were taken, in words
 * @param sidecar the sidecar file read, if any
 * @param layerNames display names of a split model's layers, by the name of their {@code features}
 *     method ({@code features}, {@code features_<name>}; see {@link ModelLayer}), in the sidecar's order
 */
public record ModelSpec(
    List<String> classes,
    Preprocessing preprocessing,
    OutputKind output,
    List<String> assumptions,
    Optional<Path> sidecar,
    Map<String, String> layerNames) {

  public ModelSpec {
    classes = List.copyOf(classes);
    assumptions = List.copyOf(assumptions);
    layerNames = Collections.unmodifiableMap(new LinkedHashMap<>(layerNames));
  }

  /** A spec that names no layers. */
  public ModelSpec(
      List<String> classes, Preprocessing preprocessing, OutputKind output, List<String> assumptions,
      Optional<Path> sidecar) {
    this(classes, preprocessing, output, assumptions, sidecar, Map.of());
  }

  /**
   * Where the sidecar of a model file may be, in the order looked at: {@code model.json} for {@code
   * model.pt}, else {@code model.pt.json}, beside the path as given; then, when that path is a symbolic
   * link, the same two names beside the file it finally points to.
   *
   * <p>A link {@code ~/work/model.pt -> /models/resnet/model.pt} finds {@code /models/resnet/model.json}:
   * the sidecar belongs to the model and was written beside it (export_for_comprehendo.py writes both),
   * not beside every link to it. Beside the link comes first so that a link may carry a sidecar of its
   * own (other class names, another input size) for a model file shared read-only; that is also where
   * a sidecar was looked for before links were followed, so no sidecar found before is passed over.
   */
  public static List<Path> sidecarCandidates(Path modelFile) {
    List<Path> candidates = new ArrayList<>(sidecarsBeside(modelFile));
    if (Files.isSymbolicLink(modelFile)) {
      try {
        candidates.addAll(sidecarsBeside(modelFile.toRealPath()));
      } catch (IOException | SecurityException e) {
        // A dangling link or a loop: the model itself cannot be read, and the model's check says so.
      }
    }
    return List.copyOf(candidates);
  }

  /**
   * The sidecar names beside {@code modelFile} as given, links not followed: {@code model.json} for
   * {@code model.pt}, else {@code model.pt.json}. For a model on another file system, whose folder is
   * looked at by name (the cluster job).
   */
  public static List<Path> sidecarsBeside(Path modelFile) {
    String name = modelFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return List.of(modelFile.resolveSibling(stem + ".json"), modelFile.resolveSibling(name + ".json"));
  }

  /** The sidecar file {@link #forModel} reads for {@code modelFile}: the first candidate that exists. */
  public static Optional<Path> sidecarFile(Path modelFile) {
    return sidecarCandidates(modelFile).stream().filter(Files::isRegularFile).findFirst();
  }

  /** Reads the sidecar beside {@code modelFile}, or returns the defaults when there is none. */
  public static ModelSpec forModel(Path modelFile) throws ModelLoadException {
    Optional<Path> sidecar = sidecarFile(modelFile);
    if (sidecar.isPresent()) {
      return read(sidecar.get());
    }
    return defaults(List.of("no sidecar " + sidecarCandidates(modelFile).get(0).getFileName() + " found"));
  }

  /** The defaults, with the reason they are used. */
  public static ModelSpec defaults(List<String> reasons) {
    List<String> assumptions = new ArrayList<>(reasons);
    assumptions.add("assuming input 224x224, resize squish, ImageNet mean/std, logits, classes named by index");
    return new ModelSpec(List.of(), Preprocessing.imagenetDefault(), OutputKind.LOGITS, assumptions, Optional.empty());
  }

  /** Reads a sidecar file; a malformed one is an error that names the key at fault. */
  public static ModelSpec read(Path sidecarFile) throws ModelLoadException {
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(Files.readString(sidecarFile, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new ModelLoadException(sidecarFile + ": the sidecar must be a JSON object");
      }
      json = parsed.getAsJsonObject();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the sidecar " + sidecarFile + ": " + e.getMessage(), e);
    } catch (JsonParseException e) {
      throw new ModelLoadException(sidecarFile + " is not valid JSON: " + rootMessage(e), e);
    }
    try {
      return fromJson(json, sidecarFile);
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      throw new ModelLoadException(sidecarFile + ": " + e.getMessage(), e);
    }
  }

  private static ModelSpec fromJson(JsonObject json, Path sidecarFile) {
    List<String> assumptions = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    if (json.has("classes")) {
      for (JsonElement element : array(json, "classes")) {
        classes.add(text(element, "an entry of \"classes\""));
      }
      if (classes.isEmpty()) {
        throw new IllegalArgumentException("\"classes\" is empty");
      }
    } else {
      assumptions.add("no \"classes\" in the sidecar: classes are named by index");
    }
    int height = 224;
    int width = 224;
    if (json.has("input_size")) {
      JsonElement size = json.get("input_size");
      if (size.isJsonArray()) {
        JsonArray dims = size.getAsJsonArray();
        if (dims.size() != 2) {
          throw new IllegalArgumentException("\"input_size\" must be [height, width] or one number");
        }
        height = side(dims.get(0));
        width = side(dims.get(1));
      } else {
        height = side(size);
        width = height;
      }
    } else {
      assumptions.add("no \"input_size\": assuming 224x224");
    }
    ResizeMethod resize = ResizeMethod.SQUISH;
    if (json.has("resize")) {
      resize = ResizeMethod.parse(text(json.get("resize"), "\"resize\""));
    }
    float[] mean = Preprocessing.IMAGENET_MEAN;
    float[] std = Preprocessing.IMAGENET_STD;
    if (json.has("mean") != json.has("std")) {
      throw new IllegalArgumentException("\"mean\" and \"std\" must be given together");
    }
    if (json.has("mean")) {
      mean = floats(json, "mean");
      std = floats(json, "std");
    } else {
      assumptions.add("no \"mean\"/\"std\": assuming ImageNet statistics");
    }
    OutputKind output = OutputKind.LOGITS;
    if (json.has("output")) {
      output = OutputKind.parse(text(json.get("output"), "\"output\""));
    }
    Preprocessing preprocessing = new Preprocessing(height, width, resize, mean, std);
    Map<String, String> layers = json.has("layers") ? layerNames(json.get("layers")) : Map.of();
    return new ModelSpec(classes, preprocessing, output, assumptions, Optional.of(sidecarFile), layers);
  }

  /** {@code "layers": {"features": "layer4", …}}: a features method's name to the layer's display name. */
  private static Map<String, String> layerNames(JsonElement element) {
    if (!element.isJsonObject()) {
      throw new IllegalArgumentException("\"layers\" must map each features method to a layer name, e.g. "
          + "{\"features\": \"layer4\"}, got " + element);
    }
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
      String method = entry.getKey();
      if (!method.equals("features") && !method.startsWith("features_")) {
        throw new IllegalArgumentException("\"layers\" names features methods (features, features_<name>), not '"
            + method + "'");
      }
      String name = text(entry.getValue(), "the name of layer " + method).strip();
      if (name.isEmpty() || name.length() > 100 || names.containsValue(name)) {
        throw new IllegalArgumentException("the name of layer " + method + " must be 1 to 100 characters and "
            + "differ from the others, got " + entry.getValue());
      }
      names.put(method, name);
    }
    return names;
  }

  private static JsonArray array(JsonObject json, String key) {
    JsonElement element = json.get(key);
    if (!element.isJsonArray()) {
      throw new IllegalArgumentException("\"" + key + "\" must be a list, got " + element);
    }
    return element.getAsJsonArray();
  }

  private static float[] floats(JsonObject json, String key) {
    JsonArray values = array(json, key);
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      JsonElement value = values.get(i);
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
        throw new IllegalArgumentException("\"" + key + "\" must be a list of numbers, entry " + (i + 1) + " is " + value);
      }
      result[i] = value.getAsFloat();
      if (!Float.isFinite(result[i])) {
        throw new IllegalArgumentException("\"" + key + "\" must be finite numbers, entry " + (i + 1) + " is " + value);
      }
    }
    return result;
  }

  /**
   * The largest input side a sidecar may ask for. Inputs are tensors of C·H·W floats built before every
   * pass: 16384² RGB is already 3 GiB, and a side of 10⁵ made libtorch fail allocating 120 GB.
   */
  static final int MAX_INPUT_SIDE = 16384;

  private static int side(JsonElement element) {
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("\"input_size\" must be [height, width] or one number of pixels, got " + element);
    }
    double value = element.getAsDouble();
    if (value != Math.rint(value) || value < 1 || value > MAX_INPUT_SIDE) {
      throw new IllegalArgumentException("\"input_size\" must be whole numbers of pixels from 1 to " + MAX_INPUT_SIDE
          + ", got " + element);
    }
    return (int) value;
  }

  private static String text(JsonElement element, String what) {
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(what + " must be a string, got " + element);
    }
    return element.getAsString();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** The class names for a model with {@code outputWidth} outputs: the sidecar's, or "class_0", … */
  public List<String> classNames(int outputWidth) {
    if (!classes.isEmpty()) {
      return classes;
    }
    List<String> names = new ArrayList<>(outputWidth);
    for (int i = 0; i < outputWidth; i++) {
      names.add("class_" + i);
    }
    return names;
  }
}
