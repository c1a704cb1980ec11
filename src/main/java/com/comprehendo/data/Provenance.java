package com.comprehendo.data;

import com.comprehendo.platform.AtomicFiles;
import com.comprehendo.platform.BuildInfo;
import com.comprehendo.platform.IoErrors;
import com.comprehendo.platform.Json;
import com.comprehendo.platform.OutputException;
import com.comprehendo.platform.Sha256;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an output file was made, written beside it as {@code <file>.json} (the provenance sidecar):
 * enough to make the same file again from the command line. Every file Comprehendo writes as a
 * result (the commands' {@code .npy}, PNG and CSV, the explorer's exports) gets one, written
 * together with the file through {@link AtomicFiles}: both appear, or neither.
 *
 * <p>The sidecar is one JSON object (see {@code docs/provenance.md}); fields that do not apply are
 * {@code null}:
 *
 * <ul>
 *   <li>{@code comprehendo_version} ({@link BuildInfo}), {@code created} (ISO-8601, UTC);
 *   <li>{@code command_line} (the arguments, with {@code working_directory}) or {@code
 *       explorer_action} (what was done in the explorer, e.g. "export attribution as .npy");
 *   <li>{@code output}: the file and the SHA-256 of what was written;
 *   <li>{@code model} and {@code inputs} (by role, e.g. {@code input}, {@code attr}, {@code image}):
 *       each file with its SHA-256;
 *   <li>{@code method} and {@code parameters} under Captum's names, with a parameter given as a file
 *       (a {@code .npy} baseline) recorded as {@code {"file":…, "sha256":…}};
 *   <li>{@code seed}, {@code target}, {@code device}, and {@code settings} (e.g. a heat map's sign
 *       and colormap).
 * </ul>
 *
 * <p>Tribuo's provenance is the model ({@code org.tribuo.provenance}): results record how they were
 * produced, so any of them can be recomputed.
 *
 * <pre>{@code
 * Provenance provenance = Provenance.builder()
 *     .setCommandLine(List.of("comprehendo", "attribute", "--model", "m.pt", ...))
 *     .optModel(modelFile, model.sha256(), ModelSpec.sidecarFile(modelFile).orElse(null))
 *     .optInput("input", imageFile)
 *     .optMethod("ig", method.parameters(), givenParameters)
 *     .optTarget(3)
 *     .optDevice("cpu()")
 *     .build();
 * provenance.write(Path.of("ig.npy"), array::write);  // ig.npy and ig.npy.json, all or nothing
 * }</pre>
 */
public final class Provenance {

  /** An input's own sidecar is included up to this size. */
  private static final long MAX_EMBEDDED_BYTES = 1 << 20;

  private final Map<String, Object> fields;

  private Provenance(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** A builder; one of {@code setCommandLine} and {@code setExplorerAction} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the sidecar of {@code output} goes: {@code <output>.json} beside it. */
  public static Path sidecarOf(Path output) {
    Path name = output.getFileName();
    if (name == null) {
      throw new IllegalArgumentException(output + " is not a file name");
    }
    return output.resolveSibling(name + ".json");
  }

  /**
   * Writes {@code output} and its sidecar together, atomically (see {@link AtomicFiles}).
   *
   * @throws OutputException when either cannot be written; then neither is
   */
  public void write(Path output, AtomicFiles.Content content) throws OutputException {
    try (AtomicFiles files = new AtomicFiles()) {
      files.add(output, content);
      addSidecar(files, output);
      files.commit();
    }
  }

  /**
   * Adds the sidecar of {@code output} to a set of files being written; {@code output} must be in
   * the set already, and written (its SHA-256 is recorded).
   */
  public void addSidecar(AtomicFiles files, Path output) throws OutputException {
    String json = toJson(output, files.sha256(output));
    files.add(sidecarOf(output), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** The sidecar's text for {@code output}, whose content has the given SHA-256. */
  public String toJson(Path output, String outputSha256) {
    return toJson(fileRecord(output, outputSha256));
  }

  /** The sidecar's text for an output on another file system ({@link #fileRecord(String, String)}). */
  public String toJson(String outputLocation, String outputSha256) {
    return toJson(fileRecord(outputLocation, outputSha256));
  }

  private String toJson(Map<String, Object> outputRecord) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("comprehendo_version", fields.get("comprehendo_version"));
    document.put("created", fields.get("created"));
    document.put("output", outputRecord);
    document.putAll(fields);
    return Json.PRETTY.toJson(document) + "\n";
  }

  /** The recorded fields, without {@code output} (for tests and summaries). */
  public Map<String, Object> fields() {
    return fields;
  }

  /**
   * A file's record: {@code {"file": <absolute path>, "sha256": <hex>}}, or with {@code sha256} null
   * and an {@code error} when it cannot be read.
   */
  public static Map<String, Object> fileRecord(Path file) {
    return fileRecord(file, null);
  }

  /**
   * The record of a file that is not on this machine's file system (a cluster's: {@code hdfs://…}),
   * hashed by the caller from its bytes.
   */
  public static Map<String, Object> fileRecord(String location, String sha256) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("file", location);
    record.put("sha256", sha256);
    return record;
  }

  private static Map<String, Object> fileRecord(Path file, String knownSha256) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("file", file.toAbsolutePath().toString());
    try {
      record.put("sha256", knownSha256 != null ? knownSha256 : Sha256.of(file));
    } catch (IOException e) {
      record.put("sha256", null);
      record.put("error", IoErrors.reason(e));
    }
    return record;
  }

  /**
   * The parameters to record: {@code effective} (all values, defaults included), where each value
   * given as the name of an existing file (a {@code .npy} baseline) is replaced by the file's
   * {@linkplain #fileRecord record}, so the sidecar names the tensor by its hash, not by its shape.
   */
  public static Map<String, Object> parameters(Map<String, ?> effective, Map<String, String> given) {
    Map<String, Object> parameters = new LinkedHashMap<>(effective);
    given.forEach((name, value) -> {
      if (value != null && !value.isBlank() && isFile(value)) {
        parameters.put(name, fileRecord(Path.of(value.strip())));
      } else if (!parameters.containsKey(name)) {
        parameters.put(name, value);
      }
    });
    return parameters;
  }

  /**
   * The provenance written beside {@code output}, when there is one of ours (a small JSON object with
   * a {@code comprehendo_version}).
   */
  public static Optional<JsonElement> read(Path output) {
    return readProvenance(sidecarOf(output));
  }

  /** A provenance sidecar's content, when {@code sidecar} is one (small, JSON, ours). */
  private static Optional<JsonElement> readProvenance(Path sidecar) {
    try {
      if (!Files.isRegularFile(sidecar) || Files.size(sidecar) > MAX_EMBEDDED_BYTES) {
        return Optional.empty();
      }
      return parse(Files.readString(sidecar, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) { // unreadable: not ours
      return Optional.empty();
    }
  }

  /** A sidecar's text read elsewhere (a cluster's file system), when it is one of ours. */
  public static Optional<JsonElement> parse(String sidecarText) {
    try {
      JsonElement json = JsonParser.parseString(sidecarText);
      return json.isJsonObject() && json.getAsJsonObject().has("comprehendo_version") ? Optional.of(json) : Optional.empty();
    } catch (RuntimeException e) { // not JSON: not ours
      return Optional.empty();
    }
  }

  /** Whether a parameter's text names a file: an existing regular file, and not a number. */
  private static boolean isFile(String text) {
    try {
      Double.parseDouble(text.strip());
      return false; // "50" is a step count even if a file of that name lies in the working directory
    } catch (NumberFormatException notANumber) {
      // may be a path
    }
    try {
      return Files.isRegularFile(Path.of(text.strip()));
    } catch (RuntimeException e) { // not a path at all
      return false;
    }
  }

  /** Collects the fields; the builder hashes the files it is given. */
  public static final class Builder {
    private List<String> commandLine;
    private String workingDirectory;
    private String explorerAction;
    private Map<String, Object> model;
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private String method;
    private Map<String, Object> parameters;
    private Object seed;
    private Object target;
    private String device;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private Instant created;

    private Builder() {}

    /** The command's arguments, e.g. {@code ["comprehendo", "attribute", "--model", …]}. */
    public Builder setCommandLine(List<String> arguments) {
      this.commandLine = List.copyOf(arguments);
      this.workingDirectory = Path.of("").toAbsolutePath().toString();
      return this;
    }

    /** What was done in the explorer, e.g. "export attribution as .npy". */
    public Builder setExplorerAction(String action) {
      this.explorerAction = Objects.requireNonNull(action, "action");
      return this;
    }

    /**
     * The model file, hashed now, and its sidecar (classes, preprocessing), hashed too.
     *
     * @param sidecar the sidecar the model was loaded with; null when it had none
     */
    public Builder optModel(Path file, Path sidecar) {
      return optModel(file, null, sidecar);
    }

    /**
     * The model file with its SHA-256, as computed when it was loaded, and its sidecar.
     *
     * @param sha256 the model's hash; null to hash the file now
     * @param sidecar the sidecar the model was loaded with; null when it had none
     */
    public Builder optModel(Path file, String sha256, Path sidecar) {
      Map<String, Object> record = fileRecord(file, sha256);
      record.put("sidecar", sidecar == null ? null : fileRecord(sidecar));
      this.model = record;
      return this;
    }

    /** The model as recorded elsewhere: {@link Provenance#fileRecord(String, String)} with a {@code sidecar}. */
    public Builder optModel(Map<String, Object> record) {
      this.model = new LinkedHashMap<>(record);
      return this;
    }

    /**
     * An input file under its role (an option name, e.g. {@code input}), hashed now. When the input
     * was made by Comprehendo (its own sidecar is beside it), that provenance is included, so a
     * heat map rendered from an attribution names the attribution's method and model too.
     */
    public Builder optInput(String role, Path file) {
      Map<String, Object> record = fileRecord(file);
      readProvenance(sidecarOf(file)).ifPresent(made -> record.put("provenance", made));
      inputs.put(role, record);
      return this;
    }

    /** An input that is not one file (e.g. a dataset folder), recorded as given. */
    public Builder optInput(String role, Object description) {
      inputs.put(role, description);
      return this;
    }

    /**
     * The method and its parameters; see {@link Provenance#parameters}. A {@code seed} among them is
     * also recorded as the seed.
     *
     * @param effective every parameter the method used, under Captum's names
     * @param given the parameters as the user gave them (text), to find the ones given as files
     */
    public Builder optMethod(String id, Map<String, ?> effective, Map<String, String> given) {
      this.method = id;
      this.parameters = Provenance.parameters(effective, given);
      if (seed == null && effective.get("seed") != null) {
        this.seed = effective.get("seed");
      }
      return this;
    }

    /** The seed of the random draws, where the method has any. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The explained class: an index, or a list of them (one per example). */
    public Builder optTarget(Object target) {
      this.target = target;
      return this;
    }

    /** The device computed on, e.g. {@code cpu()}. */
    public Builder optDevice(String device) {
      this.device = device;
      return this;
    }

    /** Anything else the output depends on (e.g. a heat map's {@code sign}). */
    public Builder optSetting(String name, Object value) {
      settings.put(name, value);
      return this;
    }

    /** When it was made (default: now). */
    public Builder optCreated(Instant created) {
      this.created = created;
      return this;
    }

    /** The provenance; exactly one of the command line and the explorer action must be set. */
    public Provenance build() {
      if ((commandLine == null) == (explorerAction == null)) {
        throw new IllegalStateException("set either the command line or the explorer action");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("comprehendo_version", BuildInfo.version());
      fields.put("created", (created == null ? Instant.now() : created).truncatedTo(ChronoUnit.MILLIS).toString());
      fields.put("command_line", commandLine);
      fields.put("working_directory", workingDirectory);
      fields.put("explorer_action", explorerAction);
      fields.put("model", model);
      fields.put("inputs", inputs);
      fields.put("method", method);
      fields.put("parameters", parameters);
      fields.put("seed", seed);
      fields.put("target", target);
      fields.put("device", device);
      fields.put("settings", settings);
      return new Provenance(fields);
    }
  }
}
