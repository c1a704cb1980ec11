package com.comprehendo.ui.service;

import com.comprehendo.attribution.Baseline;
import com.comprehendo.attribution.BaselineKind;
import com.comprehendo.attribution.BaselineText;
import java.util.Objects;

/**
 * The {@code baselines} parameter as the editor shows it: a kind (Black, Constant, Blurred copy,
 * Uniform noise, From .npy file) and the one setting that kind takes (the constant, the blur's sigma,
 * the noise's seed, the file), written to and read from the text the engine parses ({@link BaselineText}). The
 * text stays the single source of truth, so validation, cost and the result cache see exactly what
 * the command line would.
 *
 * <pre>{@code
 * BaselineForm.parse("blur:4")                    // BLUR, "4"
 * new BaselineForm(Kind.NOISE, "7").text()        // "noise:7"
 * new BaselineForm(Kind.BLUR, "").text()          // "blur" (the engine's default sigma)
 * }</pre>
 *
 * @param kind which baseline
 * @param argument its setting as typed; blank for Black, or for the default sigma / seed
 */
public record BaselineForm(Kind kind, String argument) {

  /** The kinds of baseline, in the order the editor offers them. */
  public enum Kind {
    BLACK("Black", "Black", "", "no setting: pixel value 0 through the model's normalization"),
    BLACK_MEAN_WHITE("Black, mean and white", "Black, mean, white", "",
        "no setting: three baselines, black, the dataset mean and white through the model's normalization"),
    CONSTANT("Constant…", "Constant", "0", "a value in normalized input space (Captum's default is 0)"),
    BLUR("Blurred copy", "Blurred copy", number(Baseline.Blurred.DEFAULT_SIGMA), "blur sigma in pixels"),
    NOISE("Uniform noise", "Uniform noise", Long.toString(Baseline.UniformNoise.DEFAULT_SEED), "random seed of the noise"),
    FILE("From .npy file…", ".npy file", "", "path of a .npy baseline tensor");

    private final String label;
    private final String shortLabel;
    private final String defaultArgument;
    private final String argumentHint;

    Kind(String label, String shortLabel, String defaultArgument, String argumentHint) {
      this.label = label;
      this.shortLabel = shortLabel;
      this.defaultArgument = defaultArgument;
      this.argumentHint = argumentHint;
    }

    /** E.g. "Blurred copy", as the list of choices shows it. */
    public String label() {
      return label;
    }

    /** The label once chosen, where the setting's field beside it takes room: "Constant", ".npy file". */
    public String shortLabel() {
      return shortLabel;
    }

    /** The setting a kind starts with when chosen, e.g. "10" for the blur's sigma. */
    public String defaultArgument() {
      return defaultArgument;
    }

    /** What the setting means, for the field's prompt and tooltip. */
    public String argumentHint() {
      return argumentHint;
    }

    /** Whether the kind has a setting to type. */
    public boolean takesArgument() {
      return this != BLACK && this != BLACK_MEAN_WHITE;
    }

    /** The engine's kind this one shows. */
    public BaselineKind engineKind() {
      return BaselineKind.valueOf(name());
    }

    /** The kind that shows the engine's {@code kind}. */
    public static Kind of(BaselineKind kind) {
      return valueOf(kind.name());
    }
  }

  public BaselineForm {
    Objects.requireNonNull(kind, "kind");
    argument = argument == null ? "" : argument.trim();
  }

  /** Reads the parameter's text; anything that is not a number or a keyword is taken as a file. */
  public static BaselineForm parse(String text) {
    BaselineText parsed = BaselineText.parse(text);
    return new BaselineForm(Kind.of(parsed.kind()), parsed.argument());
  }

  /** The parameter's text for the engine, e.g. {@code black}, {@code 0.5}, {@code blur:10}, a path. */
  public String text() {
    return new BaselineText(kind.engineKind(), argument).text();
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
