package com.comprehendo.cli;

import com.comprehendo.analysis.explain.MethodRecipe;
import com.comprehendo.attribution.BaselineKind;
import com.comprehendo.attribution.MethodDescriptor;
import com.comprehendo.attribution.MethodRegistry;
import com.comprehendo.attribution.ModelFacts;
import com.comprehendo.attribution.ParameterSpec;
import com.comprehendo.data.Preprocessing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The attribution methods' parameters as command-line options, made from the {@link MethodRegistry}:
 * one option per Captum argument name in kebab case ({@code n_steps} as {@code --n-steps}), its help
 * gathered from every method that takes it. Values stay text; the registry checks them, so the
 * command line refuses exactly what the explorer refuses, with the same words.
 *
 * <p>A command takes them with two lines:
 *
 * <pre>{@code
 * @Command(name = "explain", modelTransformer = MethodOptions.Install.class)
 * class ExplainCommand {
 *   @Mixin private MethodOptions methodOptions;
 *   ... MethodRegistry.builtIn().create(id, methodOptions.given(), facts) ...
 * }
 * }</pre>
 */
@Command
public final class MethodOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  /** Adds the registry's parameters to a command as options (its {@code modelTransformer}). */
  public static final class Install implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      addOptions(spec, MethodRegistry.builtIn());
      return spec;
    }
  }

  /** The registered method ids, for {@code --method}'s {@code completionCandidates} and help. */
  public static final class MethodIds implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return MethodRegistry.builtIn().ids().iterator();
    }
  }

  /** Adds one option per parameter name of {@code registry} to {@code spec}. */
  static void addOptions(CommandSpec spec, MethodRegistry registry) {
    for (ParameterSpec parameter : registry.everyParameter()) {
      spec.addOption(OptionSpec.builder(parameter.option())
          .paramLabel(parameter.paramLabel())
          .type(String.class)
          .description(describe(parameter.name(), registry))
          .build());
    }
  }

  /** What the user gave for {@code parameter}, as typed; empty when the option was not given. */
  public Optional<String> given(ParameterSpec parameter) {
    OptionSpec option = command.findOption(parameter.option());
    return option == null ? Optional.empty() : Optional.ofNullable(option.getValue());
  }

  /** Every method parameter given, under Captum's names, in the registry's order. */
  public Map<String, String> given() {
    Map<String, String> values = new LinkedHashMap<>();
    for (ParameterSpec parameter : MethodRegistry.builtIn().everyParameter()) {
      given(parameter).ifPresent(value -> values.put(parameter.name(), value));
    }
    return values;
  }

  /**
   * The recipe of {@code methodId} with the options given, for a model of this preprocessing, checked
   * now (a {@code .npy} baseline is read): {@code explain} and the Spark job build it from the model's
   * sidecar before loading the model, so a bad option is refused before any slow work.
   *
   * @throws IllegalArgumentException saying what is wrong in the command line's words ({@link #inOptionWords})
   */
  public MethodRecipe recipe(String methodId, Preprocessing preprocessing) {
    try {
      return MethodRecipe.of(methodId, given(), ModelFacts.of(preprocessing));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(inOptionWords(e.getMessage()), e);
    }
  }

  /**
   * A registry's refusal in the command line's words: an unknown method under {@code --method}, a
   * parameter under its option's name ({@link #withOptionNames}).
   */
  public static String inOptionWords(String message) {
    return message.startsWith("unknown method") ? "--method: " + message : withOptionNames(message);
  }

  /**
   * Rewrites the Captum name that leads a message (and those listed in "its parameters: …") to the
   * options' names; words elsewhere in the message are left alone.
   */
  public static String withOptionNames(String message) {
    String result = message;
    List<ParameterSpec> parameters = MethodRegistry.builtIn().everyParameter();
    for (ParameterSpec parameter : parameters) {
      String captum = parameter.name();
      if (result.startsWith(captum + " ") || result.startsWith(captum + ":")) {
        result = parameter.option() + result.substring(captum.length());
        break;
      }
    }
    int list = result.indexOf("(its parameters: ");
    if (list >= 0) {
      List<String> options = new ArrayList<>();
      for (String name : result.substring(list + 17, result.indexOf(')', list)).split(", ")) {
        options.add(parameters.stream().filter(p -> p.name().equals(name)).map(ParameterSpec::option)
            .findFirst().orElse(name));
      }
      result = result.substring(0, list) + "(its options: " + String.join(", ", options) + ")";
    }
    return result;
  }

  /**
   * The option's help: for each group of methods that take the parameter alike, their ids, the help
   * and the default, e.g. "ig, noise-tunnel: points on the path from baseline to image (default 50)."
   */
  private static String describe(String name, MethodRegistry registry) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    boolean baseline = false;
    for (MethodDescriptor method : registry.methods()) {
      Optional<ParameterSpec> parameter = method.parameter(name);
      if (parameter.isEmpty()) {
        continue;
      }
      ParameterSpec spec = parameter.get();
      baseline |= spec.kind() == ParameterSpec.Kind.BASELINE;
      String accepted = spec.kind() == ParameterSpec.Kind.BASELINE
          ? "; one of " + String.join(", ", spec.baselineKinds().stream().map(BaselineKind::syntax).toList())
          : spec.kind() == ParameterSpec.Kind.CHOICE ? "; one of " + String.join(", ", spec.choices(ModelFacts.UNKNOWN)) : "";
      String tail = !spec.engineDefault().isEmpty() ? " (default " + spec.engineDefault() + ")"
          : spec.blankText().equals("required") ? " (required)" : "";
      String who = method.id() + spec.condition()
          .map(c -> " (" + c.parameter() + " " + String.join(" or ", c.values()) + ")").orElse("");
      groups.computeIfAbsent(spec.help() + accepted + tail, key -> new ArrayList<>()).add(who);
    }
    List<String> sentences = new ArrayList<>();
    groups.forEach((text, ids) -> sentences.add(String.join(", ", ids) + ": " + text + "."));
    if (baseline) {
      sentences.add("blur[:SIGMA] is a Gaussian blur of the input, sigma in pixels (default 10); noise[:SEED] is"
          + " uniform over the pixel range (default seed 0); black and black-mean-white follow the model's"
          + " normalization.");
    }
    return String.join(" ", sentences);
  }
}
