package com.comprehendo.spark;

/** Why the job stops, in one line, with its exit status: 2 for a usage error, 1 for a failure. */
final class JobFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private JobFailure(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  static JobFailure usage(String message) {
    return new JobFailure(message, 2);
  }

  static JobFailure work(String message) {
    return new JobFailure(message, 1);
  }

  int exitCode() {
    return exitCode;
  }
}
