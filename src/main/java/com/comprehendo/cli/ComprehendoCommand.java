package com.comprehendo.cli;

import com.comprehendo.job.CancelledException;
import com.comprehendo.platform.BuildInfo;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The top-level {@code comprehendo} command: its subcommands run headless. */
@Command(
    name = "comprehendo",
    mixinStandardHelpOptions = true,
    versionProvider = ComprehendoCommand.Version.class,
    description = "Explain image classifiers: attributions with Captum's semantics, headless or in the explorer.",
    subcommands = {AttributeCommand.class, RenderCommand.class, PredictCommand.class, ExplainCommand.class, EvaluateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class ComprehendoCommand implements Runnable {

  /** {@code --version}: the build's version (one source, the POM, through {@link BuildInfo}). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Comprehendo " + BuildInfo.version()};
    }
  }

  /**
   * Whole-number options ({@code --target}, {@code --batch-size}, {@code --repeats}…) refused in the
   * words every other option uses, "'1e3' is not a whole number", "2147483648 is too large (at most
   * 2147483647)", rather than picocli's "'2147483648' is not an int". Each command checks the range.
   */
  static final class WholeNumber implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      String value = text.strip();
      if (!value.matches("[+-]?\\d+")) {
        throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
      }
      BigInteger number = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
      if (number.bitLength() > 31) {
        throw new CommandLine.TypeConversionException(text + (number.signum() > 0
            ? " is too large (at most " + Integer.MAX_VALUE + ")" : " is too small (at least " + Integer.MIN_VALUE + ")"));
      }
      return number.intValue();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ComprehendoCommand.class);

  /** The SLF4J property that turns on the debug log (stack traces of unexpected failures). */
  static final String DEBUG_LOG_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

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
    commandLine.registerConverter(Integer.class, new WholeNumber()).registerConverter(int.class, new WholeNumber());
    commandLine.setParameterExceptionHandler(ComprehendoCommand::reportParameterError);
    commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
      if (error instanceof CancelledException) {
        line.getErr().println(line.getCommandName() + ": interrupted");
        return 130; // as a shell reports a process stopped by Ctrl+C
      }
      return reportUnexpected(line.getCommandSpec().qualifiedName(" "), error, line.getErr());
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
    err.println(command + ": " + message(error));
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

  /**
   * The error's message; a value an option's converter refused reads "--device: unknown device 'tpu'",
   * as every other complaint about an option, rather than picocli's "Invalid value for option …".
   */
  private static String message(CommandLine.ParameterException error) {
    if (error.getCause() instanceof CommandLine.TypeConversionException refused
        && error.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
      return option.longestName() + ": " + refused.getMessage();
    }
    return error.getMessage();
  }

  /**
   * The last resort: a failure no command turned into its own message still ends in one line and exit
   * code 1; the stack trace goes to the debug log (level debug, see the README), never to the user's
   * terminal. Out of memory names the way out instead of the JVM's wording.
   */
  static int reportUnexpected(String command, Throwable error, PrintWriter err) {
    LOG.debug("{} failed", command, error);
    err.println(command + ": " + describeUnexpected(error));
    err.flush();
    return EXIT_FAILURE;
  }

  static String describeUnexpected(Throwable error) {
    if (error instanceof OutOfMemoryError) {
      return "out of memory (" + error.getMessage() + "): lower --memory-budget or the input size,"
          + " or give Java more memory with -Xmx";
    }
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause && blank(cause.getMessage())) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    String firstLine = blank(message) ? cause.getClass().getSimpleName() : message.strip().lines().findFirst().orElse("");
    return "unexpected failure: " + firstLine + " (details in the debug log: -D" + DEBUG_LOG_PROPERTY + "=debug)";
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  /** The subcommands' names, for the launcher's choice between the explorer and the command line. */
  public static boolean isSubcommand(String name) {
    // The @Command annotation above is the one list of subcommands.
    return new CommandLine(new ComprehendoCommand()).getSubcommands().containsKey(name);
  }

  /** Runs a subcommand (or {@code --help}, {@code --version}); returns the exit code. */
  public static int run(String[] args) {
    return Interruption.guard(() -> {
      CommandLine line = commandLine();
      try {
        return line.execute(args);
      } catch (OutOfMemoryError | RuntimeException | StackOverflowError error) {
        // picocli hands Exceptions to the handler above; Errors (out of memory) pass through it.
        String command = args.length > 0 && isSubcommand(args[0]) ? "comprehendo " + args[0] : "comprehendo";
        return reportUnexpected(command, error, line.getErr());
      }
    });
  }
}
