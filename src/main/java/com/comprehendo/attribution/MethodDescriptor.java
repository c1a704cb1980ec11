package com.comprehendo.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything Comprehendo knows of one attribution method, in one place: its id, name and paper, its
 * parameters ({@link ParameterSpec}: Captum's names, defaults, bounds, help), how it is built from
 * their text, its cost in passes, whether it shows a preview or estimates on the way, which targets
 * it explains and what it needs of the model. The command line's options, the explorer's editor, the
 * comparison, bench and the cost estimate all read it from the {@link MethodRegistry}.
 *
 * <p>Building is free of I/O: a baseline file becomes a {@link Baseline.FromFile}, read when the method
 * runs ({@link #files} names the files, for a caller that wants to read them ahead, in the
 * background). So {@link #validate} and {@link #cost} can run on each keystroke on a UI thread.
 */
public final class MethodDescriptor {

  /** What a method may need of the model beyond a differentiable classifier. */
  public enum Requirement {
    /** The model split into a feature extractor and a head, for layer methods such as Grad-CAM. */
    SPLIT_MODEL
  }

  /** What a method can explain. */
  public enum TargetKind {
    /** The score of any one output class, given by its index (Captum's {@code target}). */
    CLASS
  }

  /**
   * What a method reports while it runs ({@link EstimateListener}): estimates counted in steps,
   * samples or windows, or none.
   */
  public enum Estimates {
    NONE("", false),
    /** IG's integral so far, coarse to fine; each step a gradient row. */
    STEPS("steps", false),
    /** NoiseTunnel's average over the samples so far; each sample one or more gradient rows. */
    SAMPLES("samples", false),
    /** Occlusion's windows so far; each window one forward row after the unoccluded pass. */
    WINDOWS("windows", true);

    private final String unit;
    private final boolean forward;

    Estimates(String unit, boolean forward) {
      this.unit = unit;
      this.forward = forward;
    }

    /** E.g. "steps", for "Estimate: 4 of 50 steps". */
    public String unit() {
      return unit;
    }

    /** The passes behind an estimate after {@code unitsDone} units (one image). */
    public PassCount passesAt(int unitsDone) {
      return forward ? new PassCount(unitsDone + 1L, 0) : new PassCount(0, unitsDone);
    }
  }

  /** Builds a method from its parameters' text. */
  @FunctionalInterface
  public interface Factory {
    /**
     * @throws IllegalArgumentException naming the parameter at fault
     */
    AttributionMethod create(MethodParameters parameters);
  }

  private final String id;
  private final List<String> aliases;
  private final String displayName;
  private final String description;
  private final List<ParameterSpec> parameters;
  private final Factory factory;
  private final boolean preview;
  private final Estimates estimates;
  private final Set<TargetKind> targets;
  private final Set<Requirement> requirements;
  private final Function<Map<String, String>, String> summary;
  private final Function<ModelFacts, Map<String, String>> benchmark;

  private MethodDescriptor(Builder b) {
    this.id = b.id;
    this.aliases = List.copyOf(b.aliases);
    this.displayName = Objects.requireNonNull(b.displayName, "displayName");
    this.description = Objects.requireNonNull(b.description, "description");
    this.parameters = List.copyOf(b.parameters);
    this.factory = Objects.requireNonNull(b.factory, "factory");
    this.preview = b.preview;
    this.estimates = b.estimates;
    this.targets = Set.copyOf(b.targets);
    this.requirements = Set.copyOf(b.requirements);
    this.summary = b.summary;
    this.benchmark = b.benchmark;
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The command-line name, e.g. {@code ig}. */
  public String id() {
    return id;
  }

  /** Other names accepted for the id, e.g. {@code integrated-gradients}. */
  public List<String> aliases() {
    return aliases;
  }

  /** E.g. "Integrated Gradients". */
  public String displayName() {
    return displayName;
  }

  /** One line with the paper, for tooltips and {@code --help}. */
  public String description() {
    return description;
  }

  /** Every parameter, in display order, including those that apply only to some settings. */
  public List<ParameterSpec> parameters() {
    return parameters;
  }

  /** The parameters that apply given the other values (e.g. IG's under NoiseTunnel over IG). */
  public List<ParameterSpec> parametersFor(Map<String, String> values) {
    return parameters.stream().filter(p -> p.appliesTo(values, this::engineDefault)).toList();
  }

  /** The parameter called {@code name}, if the method has it. */
  public Optional<ParameterSpec> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Whether a cheaper variant is shown first while the method runs ({@link AttributionMethod#preview}). */
  public boolean hasPreview() {
    return preview;
  }

  /** What the method reports on the way. */
  public Estimates estimates() {
    return estimates;
  }

  public Set<TargetKind> targets() {
    return targets;
  }

  /** What the model must offer ({@link ModelFacts#offers()}); empty for any classifier. */
  public Set<Requirement> requirements() {
    return requirements;
  }

  /** Whether the method can run on a model with these facts. */
  public boolean runsOn(ModelFacts facts) {
    return facts.offers().containsAll(requirements);
  }

  /**
   * The values the explorer starts with for this model (blank ones left out), those of parameters
   * that apply only to some settings included when they apply.
   */
  public Map<String, String> suggestedValues(ModelFacts facts) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ParameterSpec spec : parameters) {
      if (spec.condition().isEmpty() && !spec.suggested(facts).isBlank()) {
        values.put(spec.name(), spec.suggested(facts));
      }
    }
    for (ParameterSpec spec : parametersFor(values)) {
      if (spec.condition().isPresent() && !spec.suggested(facts).isBlank()) {
        values.put(spec.name(), spec.suggested(facts));
      }
    }
    return values;
  }

  /**
   * Builds the method, without I/O.
   *
   * @param values Captum argument names to their text; those not given take Captum's defaults
   * @throws IllegalArgumentException naming the parameter at fault and what is allowed: a parameter
   *     the method does not take, a value out of bounds, or a combination the method refuses
   */
  public AttributionMethod create(Map<String, String> given, ModelFacts facts, MethodRegistry registry) {
    Map<String, String> values = canonical(given);
    List<ParameterSpec> applying = parametersFor(values);
    for (Map.Entry<String, String> entry : values.entrySet()) {
      ParameterSpec spec = applying.stream().filter(p -> p.name().equals(entry.getKey())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(entry.getKey() + " does not apply to " + id + over(values)
              + " (its parameters: " + String.join(", ", applying.stream().map(ParameterSpec::name).sorted().toList())
              + ")"));
      if (entry.getValue() != null) {
        spec.check(entry.getValue(), facts);
      }
    }
    return factory.create(new MethodParameters(values, facts, registry));
  }

  /** The values with each choice in its canonical spelling (an alias such as {@code integrated-gradients} as {@code ig}). */
  private Map<String, String> canonical(Map<String, String> given) {
    Map<String, String> values = new LinkedHashMap<>(given);
    for (ParameterSpec spec : parameters) {
      String text = values.get(spec.name());
      if (text != null && spec.kind() == ParameterSpec.Kind.CHOICE) {
        spec.canonical(text).ifPresent(value -> values.put(spec.name(), value));
      }
    }
    return values;
  }

  /** The problem with these values, or empty when they build a method; no I/O. */
  public Optional<String> validate(Map<String, String> values, ModelFacts facts, MethodRegistry registry) {
    try {
      create(values, facts, registry);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The passes for one image of the model's input (3 × 224 × 224 when unknown): the floor of the
   * running time, a function of the parameters and the image size.
   *
   * @throws IllegalArgumentException when the values do not build a method
   */
  public PassCount cost(Map<String, String> values, ModelFacts facts, MethodRegistry registry) {
    return create(values, facts, registry).cost(1, facts.rowShapeOrDefault());
  }

  /** The baseline files the values name, for reading them ahead in the background. */
  public List<java.nio.file.Path> files(Map<String, String> values) {
    List<java.nio.file.Path> files = new ArrayList<>();
    for (ParameterSpec spec : parametersFor(values)) {
      String text = values.get(spec.name());
      if (spec.kind() == ParameterSpec.Kind.BASELINE && text != null
          && BaselineText.parse(text).kind() == BaselineKind.FILE && !text.isBlank()) {
        files.add(java.nio.file.Path.of(text.trim()));
      }
    }
    return files;
  }

  /**
   * Reads the baseline files the values name, through {@link com.comprehendo.data.NpyFiles} (I/O: on
   * the command line, or in the background), so that a missing or broken file is reported before any
   * work and the run finds it in memory.
   *
   * @throws IllegalArgumentException naming {@code baselines} and the file's problem
   */
  public void readFiles(Map<String, String> values) {
    for (java.nio.file.Path file : files(values)) {
      new Baseline.FromFile(file).values();
    }
  }

  /**
   * The parameters that tell runs apart in a few words, e.g. "50 steps, gausslegendre"; empty for
   * methods without parameters of note.
   */
  public String summary(Map<String, String> values) {
    return summary.apply(values);
  }

  /** The settings {@code comprehendo bench} times this method at; empty when it is not timed. */
  public Map<String, String> benchmarkValues(ModelFacts facts) {
    return benchmark.apply(facts);
  }

  /** Captum's default of a parameter, as text ("" when it has none). */
  String engineDefault(String parameter) {
    return parameter(parameter).map(ParameterSpec::engineDefault).orElse("");
  }

  /** " over ig" for a method that wraps another, chosen by a parameter that others depend on. */
  private String over(Map<String, String> values) {
    return parameters.stream().flatMap(p -> p.condition().stream()).findFirst()
        .map(c -> " over " + values.getOrDefault(c.parameter(), engineDefault(c.parameter())))
        .orElse("");
  }

  @Override
  public String toString() {
    return id;
  }

  /** Builds a {@link MethodDescriptor}. */
  public static final class Builder {
    private final String id;
    private final List<String> aliases = new ArrayList<>();
    private String displayName;
    private String description;
    private final List<ParameterSpec> parameters = new ArrayList<>();
    private Factory factory;
    private boolean preview;
    private Estimates estimates = Estimates.NONE;
    private Set<TargetKind> targets = Set.of(TargetKind.CLASS);
    private Set<Requirement> requirements = Set.of();
    private Function<Map<String, String>, String> summary = values -> "";
    private Function<ModelFacts, Map<String, String>> benchmark = facts -> Map.of();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder aliases(String... values) {
      aliases.addAll(List.of(values));
      return this;
    }

    public Builder displayName(String value) {
      displayName = value;
      return this;
    }

    /** One line citing the paper. */
    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder parameters(ParameterSpec... values) {
      parameters.addAll(List.of(values));
      return this;
    }

    public Builder parameters(List<ParameterSpec> values) {
      parameters.addAll(values);
      return this;
    }

    public Builder factory(Factory value) {
      factory = value;
      return this;
    }

    /** The method shows a cheaper variant first ({@link AttributionMethod#preview}). */
    public Builder withPreview() {
      preview = true;
      return this;
    }

    public Builder estimates(Estimates value) {
      estimates = value;
      return this;
    }

    public Builder targets(TargetKind... values) {
      targets = Set.of(values);
      return this;
    }

    public Builder requires(Requirement... values) {
      requirements = Set.of(values);
      return this;
    }

    public Builder summary(Function<Map<String, String>, String> value) {
      summary = value;
      return this;
    }

    public Builder benchmark(Function<ModelFacts, Map<String, String>> value) {
      benchmark = value;
      return this;
    }

    public MethodDescriptor build() {
      return new MethodDescriptor(this);
    }
  }
}
