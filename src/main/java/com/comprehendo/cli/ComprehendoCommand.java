package com.comprehendo.cli;

import com.comprehendo.job.CancelledException;
import com.comprehendo.platform.BuildInfo;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The top-level {@code comprehendo} command: its subcommands run headless. */
@Command(
    name = "comprehendo",
    mixinStandardHelpOptions = true,
    versionProvider = ComprehendoCommand.Version.class,
    description = "Explain image classifiers: attributions with Captum's semantics, headless or in the explorer.",
    subcommands = {AttributeCommand.class, RenderCommand.class, PredictCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class ComprehendoCommand implements Runnable {

  /** {@code --version}: the build's version (one source, the POM, through {@link BuildInfo}). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Comprehendo " + BuildInfo.version()};
    }
  }

  /** Exit code for wrong arguments, as picocli uses it. */
  public static final int EXIT_USAGE = 2;

  /** Exit code for a failure of the work itself (a bad model, an unreadable file). */
  public static final int EXIT_FAILURE = 1;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
  }

  /** Builds the picocli command line with our error handling. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ComprehendoCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(ComprehendoCommand::reportParameterError);
    commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
      if (error instanceof CancelledException) {
        line.getErr().println(line.getCommandName() + ": interrupted");
        return 130; // as a shell reports a process stopped by Ctrl+C
      }
      throw error;
    });
    return commandLine;
  }

  /**
   * A wrong argument gets one line (and picocli's "did you mean" suggestions for a misspelt subcommand
   * or option) and a pointer to {@code --help}, not the whole usage text; exit code 2.
   */
  private static int reportParameterError(CommandLine.ParameterException error, String[] args) {
    CommandLine line = error.getCommandLine();
    java.io.PrintWriter err = line.getErr();
    String command = line.getCommandSpec().qualifiedName(" ");
    err.println(command + ": " + error.getMessage());
    if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        err.println("Did you mean: " + String.join(" or ", suggestions) + "?");
      }
    }
    err.println("See '" + command + " --help'.");
    err.flush();
    return EXIT_USAGE;
  }

  /** The subcommands' names, for the launcher's choice between the explorer and the command line. */
  public static boolean isSubcommand(String name) {
    // The @Command annotation above is the one list of subcommands.
    return new CommandLine(new ComprehendoCommand()).getSubcommands().containsKey(name);
  }

  /** Runs a subcommand (or {@code --help}, {@code --version}); returns the exit code. */
  public static int run(String[] args) {
    return Interruption.guard(() -> commandLine().execute(args));
  }
}
