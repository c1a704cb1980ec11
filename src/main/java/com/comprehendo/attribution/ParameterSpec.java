package com.comprehendo.attribution;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One parameter of an attribution method, declared once for every place that shows or reads it: the
 * command line's option, the explorer's editor, provenance. It carries Captum's argument name, the
 * kind of value, Captum's default, the value the explorer starts with, bounds checked without any
 * I/O (so the explorer can check each keystroke on its UI thread), and a line of help.
 *
 * <pre>{@code
 * ParameterSpec steps = ParameterSpec.integer("n_steps")
 *     .help("points on the path from baseline to image").engineDefault("50")
 *     .bounds(1, 100_000, "a pass per step and image").build();
 * steps.check("0", ModelFacts.UNKNOWN); // IllegalArgumentException: n_steps must be at least 1, got 0
 * }</pre>
 *
 * <p>Longer than 400 lines for one reason: the builder and the one {@code check} per kind of parameter
 * (integer, number, boolean, choice, model choice, integer list, baseline) belong with the fields they
 * fill and read; split, each kind's rules would live in two places.
 */
public final class ParameterSpec {

  /** What kind of value a parameter takes, and so which editor shows it. */
  public enum Kind {
    /** A whole number, bounded. */
    INTEGER,
    /** A finite number, bounded. */
    NUMBER,
    /** true or false. */
    BOOLEAN,
    /** One of a fixed list (Captum's spelling). */
    CHOICE,
    /** One of a list the loaded model gives, e.g. its layer names ({@link ModelFacts#layers()}). */
    MODEL_CHOICE,
    /** Comma-separated whole numbers, e.g. a window shape {@code 3,15,15}. */
    INTEGER_LIST,
    /** Captum's {@code baselines} (see {@link BaselineText}). */
    BASELINE
  }

  /**
   * A parameter that applies only when another one has one of some values, e.g. IG's {@code n_steps}
   * under NoiseTunnel only when {@code nt_inner} is {@code ig}.
   */
  public record Condition(String parameter, List<String> values) {
    public Condition {
      values = List.copyOf(values);
    }
  }

  private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

  private final String name;
  private final Kind kind;
  private final String help;
  private final String option;
  private final String paramLabel;
  private final String engineDefault;
  private final String blankText;
  private final Function<ModelFacts, String> suggested;
  private final List<String> choices;
  private final Function<String, ?> parser;
  private final List<BaselineKind> baselineKinds;
  private final BigDecimal min;
  private final boolean minExclusive;
  private final BigDecimal max;
  private final String maxReason;
  private final Condition condition;
  private final Consumer<String> firstCheck;

  private ParameterSpec(Builder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.help = Objects.requireNonNull(b.help, "help of " + b.name);
    this.option = b.option != null ? b.option : "--" + b.name.replace('_', '-');
    this.paramLabel = b.paramLabel != null ? b.paramLabel : defaultLabel(b);
    this.engineDefault = b.engineDefault;
    this.blankText = b.blankText != null ? b.blankText : b.engineDefault.isEmpty() ? "auto" : b.engineDefault;
    this.suggested = b.suggested != null ? b.suggested : facts -> b.engineDefault;
    this.choices = List.copyOf(b.choices);
    this.parser = b.parser;
    this.baselineKinds = List.copyOf(b.baselineKinds);
    this.min = b.min;
    this.minExclusive = b.minExclusive;
    this.max = b.max;
    this.maxReason = b.maxReason;
    this.condition = b.condition;
    this.firstCheck = b.firstCheck;
  }

  public static Builder integer(String name) {
    return new Builder(name, Kind.INTEGER);
  }

  public static Builder number(String name) {
    return new Builder(name, Kind.NUMBER);
  }

  public static Builder bool(String name) {
    return new Builder(name, Kind.BOOLEAN).choices(List.of("true", "false"));
  }

  /** One of {@code choices} (Captum's spelling); the first is the default unless one is given. */
  public static Builder choice(String name, List<String> choices) {
    return new Builder(name, Kind.CHOICE).choices(choices).engineDefault(choices.get(0));
  }

  /** One of the names the model gives ({@link ModelFacts#layers()}). */
  public static Builder modelChoice(String name) {
    return new Builder(name, Kind.MODEL_CHOICE);
  }

  public static Builder integerList(String name) {
    return new Builder(name, Kind.INTEGER_LIST);
  }

  /** Captum's {@code baselines}, of the kinds given, in the order an editor offers them. */
  public static Builder baseline(String name, List<BaselineKind> kinds) {
    Builder builder = new Builder(name, Kind.BASELINE);
    builder.baselineKinds = List.copyOf(kinds);
    return builder;
  }

  /** Captum's argument name, e.g. {@code n_steps}. */
  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** One line: what the parameter does, for tooltips and {@code --help}. */
  public String help() {
    return help;
  }

  /** The command-line option, e.g. {@code --n-steps} (IG's {@code method} is {@code --ig-method}). */
  public String option() {
    return option;
  }

  /** The value's placeholder in {@code --help}, e.g. {@code N}. */
  public String paramLabel() {
    return paramLabel;
  }

  /** Captum's default as text; empty where the engine sizes it, it is off, or it must be given. */
  public String engineDefault() {
    return engineDefault;
  }

  /** What leaving the parameter out means, in a word: {@code auto}, {@code off}, {@code required} or the default. */
  public String blankText() {
    return blankText;
  }

  /**
   * The value the explorer starts with for this model: Captum's default, except where Captum has
   * none or the explorer's differs for speed (the occlusion window is sized from the input).
   */
  public String suggested(ModelFacts facts) {
    return suggested.apply(facts);
  }

  /** The values offered: a {@link Kind#CHOICE}'s list, a {@link Kind#MODEL_CHOICE}'s from the model. */
  public List<String> choices(ModelFacts facts) {
    return kind == Kind.MODEL_CHOICE ? facts.layers() : choices;
  }

  /** For {@link Kind#BASELINE}: the kinds of baseline taken, in the order an editor offers them. */
  public List<BaselineKind> baselineKinds() {
    return baselineKinds;
  }

  /** When the parameter applies only for some value of another; empty when it always applies. */
  public Optional<Condition> condition() {
    return Optional.ofNullable(condition);
  }

  /** A choice's canonical spelling when its parser gives one (e.g. a method id for an alias). */
  Optional<String> canonical(String text) {
    if (parser == null) {
      return Optional.empty();
    }
    try {
      return parser.apply(text.trim()) instanceof String value ? Optional.of(value) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether the parameter applies given the other parameters' values (a missing one at its default). */
  boolean appliesTo(Map<String, String> values, Function<String, String> defaults) {
    if (condition == null) {
      return true;
    }
    String value = values.get(condition.parameter());
    return condition.values().contains(value == null ? defaults.apply(condition.parameter()) : value);
  }

  /**
   * Checks {@code text} against the kind and bounds, without any I/O (a baseline file is not opened).
   *
   * @throws IllegalArgumentException starting with the parameter's name, saying what is allowed
   */
  public void check(String text, ModelFacts facts) {
    if (firstCheck != null) {
      firstCheck.accept(text);
    }
    String value = text.trim();
    switch (kind) {
      case INTEGER:
        if (!WHOLE.matcher(value).matches()) {
          throw new IllegalArgumentException(name + ": '" + text + "' is not a whole number");
        }
        checkBounds(new BigDecimal(new BigInteger(value.startsWith("+") ? value.substring(1) : value)), value);
        break;
      case NUMBER:
        double number;
        try {
          number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + ": '" + text + "' is not a number");
        }
        if (!Double.isFinite(number)) {
          throw new IllegalArgumentException(name + " must be a finite number" + lowerBoundWords() + ", got " + value);
        }
        checkBounds(new BigDecimal(number), Double.toString(number));
        break;
      case BOOLEAN:
      case CHOICE:
        if (parser != null) {
          try {
            parser.apply(value);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
          }
        } else if (choices.stream().noneMatch(c -> c.equalsIgnoreCase(value))) {
          throw new IllegalArgumentException(
              name + ": '" + text + "' is not allowed (allowed: " + String.join(", ", choices) + ")");
        }
        break;
      case MODEL_CHOICE:
        if (!facts.layers().isEmpty() && !facts.layers().contains(value)) {
          throw new IllegalArgumentException(name + ": '" + text + "' is not a layer of this model (its layers: "
              + String.join(", ", facts.layers().subList(0, Math.min(8, facts.layers().size())))
              + (facts.layers().size() > 8 ? ", …" : "") + ")");
        }
        break;
      case INTEGER_LIST:
        for (String entry : value.split(",", -1)) {
          if (!WHOLE.matcher(entry.trim()).matches() || entry.trim().length() > 10
              || Long.parseLong(entry.trim()) > Integer.MAX_VALUE || Long.parseLong(entry.trim()) < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a comma-separated list of whole numbers");
          }
        }
        break;
      case BASELINE:
        BaselineText.toBaseline(value, baselineKinds, facts.input());
        break;
      default:
        throw new AssertionError(kind);
    }
  }

  private void checkBounds(BigDecimal value, String shown) {
    if (min != null && (minExclusive ? value.compareTo(min) <= 0 : value.compareTo(min) < 0)) {
      throw new IllegalArgumentException(kind == Kind.INTEGER
          ? name + " must be at least " + min.stripTrailingZeros().toPlainString() + ", got " + shown
          : name + " must be " + (minExclusive && min.signum() == 0 ? "positive" : "a finite number" + lowerBoundWords())
              + ", got " + shown);
    }
    if (max != null && value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + max.stripTrailingZeros().toPlainString() + ", got " + shown
          + (maxReason == null ? "" : " (" + maxReason + ")"));
    }
  }

  private String lowerBoundWords() {
    return min == null ? "" : (minExclusive ? " > " : " ≥ ") + min.stripTrailingZeros().toPlainString();
  }

  private static String defaultLabel(Builder b) {
    switch (b.kind) {
      case INTEGER:
        return "N";
      case NUMBER:
        return "X";
      case BOOLEAN:
        return "true|false";
      case CHOICE:
        return b.name.toUpperCase(Locale.ROOT);
      case MODEL_CHOICE:
        return "NAME";
      case INTEGER_LIST:
        return "N,…";
      default:
        return "B";
    }
  }

  @Override
  public String toString() {
    return name + "(" + kind + ")";
  }

  /** Builds a {@link ParameterSpec}; only the name, kind and help are needed. */
  public static final class Builder {
    private final String name;
    private final Kind kind;
    private String help;
    private String option;
    private String paramLabel;
    private String engineDefault = "";
    private String blankText;
    private Function<ModelFacts, String> suggested;
    private List<String> choices = List.of();
    private Function<String, ?> parser;
    private List<BaselineKind> baselineKinds = List.of();
    private BigDecimal min;
    private boolean minExclusive;
    private BigDecimal max;
    private String maxReason;
    private Condition condition;
    private Consumer<String> firstCheck;

    private Builder(String name, Kind kind) {
      this.name = Objects.requireNonNull(name, "name");
      this.kind = kind;
    }

    public Builder help(String value) {
      help = value;
      return this;
    }

    /** The option's name when it is not {@code --} and the kebab-case Captum name. */
    public Builder option(String value) {
      option = value;
      return this;
    }

    public Builder paramLabel(String value) {
      paramLabel = value;
      return this;
    }

    /** Captum's default as text. */
    public Builder engineDefault(String value) {
      engineDefault = value;
      return this;
    }

    /** What a missing value means when there is no default: "auto" (the default word), "off", "required". */
    public Builder blankText(String value) {
      blankText = value;
      return this;
    }

    /** The explorer's starting value when it differs from Captum's default (blank: leave it out). */
    public Builder suggested(String value) {
      suggested = facts -> value;
      return this;
    }

    /** The explorer's starting value, from what is known of the model. */
    public Builder suggested(Function<ModelFacts, String> value) {
      suggested = value;
      return this;
    }

    Builder choices(List<String> values) {
      choices = new ArrayList<>(values);
      return this;
    }

    /** For a {@link Kind#CHOICE}: reads Captum's spelling (and aliases), refusing others with a message. */
    public Builder parser(Function<String, ?> value) {
      parser = value;
      return this;
    }

    /** Inclusive bounds of a number, with what a larger value would mean. */
    public Builder bounds(double lowest, double highest, String whyAtMost) {
      min = BigDecimal.valueOf(lowest);
      max = BigDecimal.valueOf(highest);
      maxReason = whyAtMost;
      return this;
    }

    /** Only a lower bound, e.g. a seed's. */
    public Builder atLeast(double lowest) {
      min = BigDecimal.valueOf(lowest);
      return this;
    }

    /** A lower bound the value must exceed, e.g. a tolerance {@code > 0}. */
    public Builder above(double lowest) {
      min = BigDecimal.valueOf(lowest);
      minExclusive = true;
      return this;
    }

    /** Whole-number bounds of a {@code long}, e.g. a seed's. */
    public Builder longRange() {
      min = BigDecimal.valueOf(Long.MIN_VALUE);
      max = BigDecimal.valueOf(Long.MAX_VALUE);
      return this;
    }

    /** Applies only when {@code parameter} is one of {@code values}. */
    public Builder when(String parameter, List<String> values) {
      condition = new Condition(parameter, values);
      return this;
    }

    /** A check run before the kind's own, for a method-specific message. */
    public Builder firstCheck(Consumer<String> value) {
      firstCheck = value;
      return this;
    }

    public ParameterSpec build() {
      return new ParameterSpec(this);
    }
  }

  /** The same parameter applying only when {@code parameter} is one of {@code values}. */
  public ParameterSpec when(String parameter, List<String> values) {
    Builder copy = new Builder(name, kind);
    copy.help = help;
    copy.option = option;
    copy.paramLabel = paramLabel;
    copy.engineDefault = engineDefault;
    copy.blankText = blankText;
    copy.suggested = suggested;
    copy.choices = choices;
    copy.parser = parser;
    copy.baselineKinds = baselineKinds;
    copy.min = min;
    copy.minExclusive = minExclusive;
    copy.max = max;
    copy.maxReason = maxReason;
    copy.firstCheck = firstCheck;
    copy.condition = new Condition(parameter, values);
    return copy.build();
  }
}
