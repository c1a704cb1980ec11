package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.comprehendo.attribution.MethodRegistry;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Method options made from the registry: any command gets them with a mixin, and reads back what was given. */
class MethodOptionsTest {

  @Command(name = "probe", modelTransformer = MethodOptions.Install.class)
  static final class Probe implements Runnable {
    @Mixin MethodOptions methodOptions;

    @Override
    public void run() {}
  }

  @Test
  void aCommandWithTheMixinReadsBackOnlyWhatWasGiven() {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs("--n-steps", "8", "--ig-method", "riemann_left", "--abs", "false");
    assertEquals(Map.of("n_steps", "8", "method", "riemann_left", "abs", "false"), probe.methodOptions.given());
    assertEquals(Optional.of("8"),
        probe.methodOptions.given(MethodRegistry.builtIn().get("ig").parameter("n_steps").orElseThrow()));
    assertEquals(Optional.empty(),
        probe.methodOptions.given(MethodRegistry.builtIn().get("ig").parameter("tolerance").orElseThrow()));
  }

  @Test
  void everyParameterOfEveryMethodIsAnOption() {
    CommandLine line = new CommandLine(new Probe());
    MethodRegistry.builtIn().everyParameter()
        .forEach(p -> assertTrue(line.getCommandSpec().findOption(p.option()) != null, p.option()));
  }

  @Test
  void messagesNameTheOptionsNotCaptumsArguments() {
    assertEquals("--ig-method: unknown integration method 'x'", MethodOptions.withOptionNames("method: unknown integration method 'x'"));
    assertEquals("--n-steps does not apply to saliency (its options: --abs)",
        MethodOptions.withOptionNames("n_steps does not apply to saliency (its parameters: abs)"));
    assertEquals("the method n_steps", MethodOptions.withOptionNames("the method n_steps"));
  }
}
