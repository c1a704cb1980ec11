package com.comprehendo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The shared model options refuse a wrong value while parsing: one line naming the option, exit 2, for every command. */
class ModelOptionsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "predict|--device|tpu|--device: unknown device 'tpu'",
      "bench|--device|''|--device: ",
      "attribute|--memory-budget|0|--memory-budget: memory budget must be a positive size: 0",
      "predict|--memory-budget|-1|--memory-budget: memory budget must be a positive size: -1",
      "bench|--memory-budget|NaN|--memory-budget: unreadable memory budget 'NaN'",
      "bench|--memory-budget|lots|--memory-budget: unreadable memory budget 'lots'"})
  void aWrongValueIsOneLineNamingTheOptionAndExitTwo(String command, String option, String value, String expected) {
    StringWriter err = new StringWriter();
    CommandLine line = ComprehendoCommand.commandLine();
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    Path model = dir.resolve("m.pt");
    String[] args = switch (command) {
      case "predict" -> new String[] {command, "--model", model.toString(), "--data", dir.toString(), "--out",
          dir.resolve("p.csv").toString(), option, value};
      case "attribute" -> new String[] {command, "--model", model.toString(), "--input", "x.npy", "--method", "saliency",
          "--out", dir.resolve("a.npy").toString(), option, value};
      default -> new String[] {command, "--model", model.toString(), option, value};
    };
    assertEquals(2, line.execute(args), err.toString());
    String first = err.toString().lines().findFirst().orElse("");
    assertTrue(first.startsWith("comprehendo " + command + ": " + expected), first);
  }

  @org.junit.jupiter.api.Test
  void aBudgetLargerThanTheMachineIsCappedWithANote() {
    ModelOptions options = new ModelOptions();
    new CommandLine(options).parseArgs("--model", "m.pt", "--memory-budget", "2147483648g");
    assertTrue(options.budget().bytes() < (1L << 62), "capped to the machine");
    assertTrue(options.budgetNote().orElseThrow().contains("more than this machine can give"));
    new CommandLine(options = new ModelOptions()).parseArgs("--model", "m.pt");
    assertTrue(options.budgetNote().isEmpty());
    assertEquals(com.comprehendo.model.DeviceChoice.AUTO, options.device());
  }
}
