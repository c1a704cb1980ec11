package com.comprehendo.cli;

/**
 * Ends a subcommand with a one-line message on stderr and an exit code: 2 for wrong arguments (the
 * message names the argument and what is allowed), 1 when the work itself failed.
 */
final class CommandFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CommandFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Wrong arguments: exit code 2. */
  static CommandFailure usage(String message) {
    return new CommandFailure(ComprehendoCommand.EXIT_USAGE, message);
  }

  /** The work failed: exit code 1. */
  static CommandFailure work(String message) {
    return new CommandFailure(ComprehendoCommand.EXIT_FAILURE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
