package com.comprehendo.cli;

import com.comprehendo.attribution.AttributionCancelledException;
import com.comprehendo.attribution.BatchSizer;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code comprehendo} command: its subcommands run headless. */
@Command(
    name = "comprehendo",
    mixinStandardHelpOptions = true,
    version = "Comprehendo 0.1.0",
    description = "Explain image classifiers: attributions with Captum's semantics, headless or in the explorer.",
    subcommands = {AttributeCommand.class, RenderCommand.class, PredictCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class ComprehendoCommand implements Runnable {

  /** Exit code for wrong arguments, as picocli uses it. */
  public static final int EXIT_USAGE = 2;

  /** Exit code for a failure of the work itself (a bad model, an unreadable file). */
  public static final int EXIT_FAILURE = 1;

  private static final List<String> SUBCOMMANDS = List.of("attribute", "render", "predict", "bench", "help");

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
  }

  /**
   * Keeps the fastest batch sizes found for a model on this machine in {@code cacheDirectory}, so the
   * next process (an {@code attribute} call, the next explorer session) starts at them instead of
   * searching again.
   */
  public static void rememberBatchSizesIn(Path cacheDirectory) {
    BatchSizer.persistIn(cacheDirectory.resolve("batch-sizes.properties"));
  }

  /**
   * DJL must never try to reach the network: natives come with the application. Set before any DJL
   * class is touched.
   */
  public static void configureOfflineDjl() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Builds the picocli command line with our error handling. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ComprehendoCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
      if (error instanceof AttributionCancelledException) {
        line.getErr().println(line.getCommandName() + ": interrupted");
        return 130; // as a shell reports a process stopped by Ctrl+C
      }
      throw error;
    });
    return commandLine;
  }

  /** Runs a subcommand, or opens the explorer when there is none; returns the exit code. */
  public static int run(String[] args) {
    if (args.length == 0 || !SUBCOMMANDS.contains(args[0]) && !args[0].startsWith("-")) {
      return GuiLauncherHook.launch(args);
    }
    return Interruption.guard(() -> commandLine().execute(args));
  }
}
